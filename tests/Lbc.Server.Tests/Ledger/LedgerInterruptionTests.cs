using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.EventLog;
using Lbc.Server.Ledger;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.Ledger;

/// <summary>
/// An import interrupted half way (the event log refuses a write after the first chunk was appended) is repeated: the
/// second commit appends exactly what is missing, and the township ends as after one clean import.
/// </summary>
public sealed class LedgerInterruptionTests : IAsyncLifetime
{
    private const string Township = TestEvents.KangpingTownship;
    private readonly OutageSwitch _outage = new();
    private LedgerServer _server = null!;

    public async Task InitializeAsync() => _server = await LedgerServer.StartAsync(web => web.ConfigureServices(services =>
    {
        // The real SQLite log, with one outage injected on the ledger's second append.
        var original = services.Last(d => d.ServiceType == typeof(IEventLog));
        services.Remove(original);
        services.AddSingleton<IEventLog>(sp => new OutageLog((IEventLog)original.ImplementationFactory!(sp), _outage));
    }));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Commit_LogFailsAfterTheFirstChunk_RepeatedCommitAppendsTheRest_AndTheFileAgainNothing()
    {
        var rows = LedgerCommitRunner.ChunkSize + 100;
        var file = new LedgerFiles();
        for (var i = 0; i < rows; i++)
        {
            file.Child($"int-{i:D4}", LedgerFiles.VillageOf(Township, i));
        }
        using var staff = await _server.ClientAsAsync(Roles.TownshipStaff, Township);
        var preview = await LedgerServer.PreviewAsync(staff, file.ToCsv());
        _outage.FailLedgerAppendNumber = 2;

        var interrupted = await LedgerServer.CommitAsync(staff, preview.ImportId, new LedgerCommitRequest(false));

        Assert.Equal((LedgerRoutes.Failed, LedgerCommitRunner.ChunkSize), (interrupted.State, interrupted.Appended));
        Assert.NotNull(interrupted.Error);
        Assert.Equal(LedgerCommitRunner.ChunkSize, await LedgerServer.WaitForChildrenAsync(staff, Township, LedgerCommitRunner.ChunkSize));

        var resumed = await LedgerServer.CommitAsync(staff, preview.ImportId, new LedgerCommitRequest(false));

        Assert.Equal((LedgerRoutes.Done, LedgerCommitRunner.ChunkSize), (resumed.State, resumed.Skipped));
        Assert.Equal(rows, await LedgerServer.ChildrenOfAsync(staff, Township));
        var logged = await _server.Dashboard.Factory.Log.CountWithoutAuditAsync();
        Assert.Equal(rows + 1, logged); // one registration per child and the township's ledger.submitted, none twice
        var again = await LedgerServer.PreviewAsync(staff, file.ToCsv());
        Assert.Equal(0, (await LedgerServer.CommitAsync(staff, again.ImportId, new LedgerCommitRequest(false))).Appended);
        Assert.Equal(logged, await _server.Dashboard.Factory.Log.CountWithoutAuditAsync());
    }

    private sealed class OutageSwitch
    {
        private int _ledgerAppends;

        public int FailLedgerAppendNumber { get; set; }

        public bool FailsNow(IReadOnlyList<RawEvent> events) =>
            events.Count > 0 && events[0].Src == LedgerCommitRunner.Source
            && Interlocked.Increment(ref _ledgerAppends) == FailLedgerAppendNumber;
    }

    /// <summary>The real log, refusing one append of the ledger's as an unreachable Redis would.</summary>
    private sealed class OutageLog(IEventLog inner, OutageSwitch outage) : IEventLog
    {
        public string Kind => inner.Kind;

        public Task<IReadOnlyList<LogPosition>> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken = default) =>
            outage.FailsNow(events) ? throw new EventLogUnavailableException("injected outage") : inner.AppendAsync(events, cancellationToken);

        public Task<IReadOnlyList<LoggedEvent>> ReadAfterAsync(LogPosition after, int max, CancellationToken cancellationToken = default) =>
            inner.ReadAfterAsync(after, max, cancellationToken);

        public Task<LogPosition> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

        public Task<LogStart> GetFirstAsync(CancellationToken cancellationToken = default) => inner.GetFirstAsync(cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public Task DeadLetterAsync(RawEvent rawEvent, string reason, CancellationToken cancellationToken = default) =>
            inner.DeadLetterAsync(rawEvent, reason, cancellationToken);

        public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken = default) =>
            inner.ReadDeadLettersAsync(max, cancellationToken);

        public Task WaitForAppendAsync(LogPosition after, TimeSpan timeout, CancellationToken cancellationToken = default) =>
            inner.WaitForAppendAsync(after, timeout, cancellationToken);

        public Task<EventLogHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
