using System.Collections.Concurrent;
using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.Domain.Events;

namespace Lbc.Server.Tests;

/// <summary>From an event on the log to a hub client and the snapshot: the spine of the product.</summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // Every dashboard endpoint needs a signed-in user; an administrator sees the whole province.
        _client = await _factory.CreateClientAs(Roles.Administrator, "21");
        await _factory.WaitUntilReadyAsync(_client);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ReportAppendedToLog_ReachesHubClientAsDeltaAndAppearsInSnapshot()
    {
        var deltas = new ConcurrentQueue<DeltaBatch>();
        var received = new TaskCompletionSource<CaseDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = await _factory.ConnectHubAsync(batch =>
        {
            deltas.Enqueue(batch);
            if (batch.Cases.FirstOrDefault(c => c.CaseId == "R-PIPE-1") is { } c)
            {
                received.TrySetResult(c);
            }
        });

        await _factory.Log.AppendAsync([TestEvents.ReportFiled("R-PIPE-1", TestEvents.ShenyangVillage, "domestic_violence")]);

        var pushed = await received.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("domestic_violence", pushed.Category);
        Assert.Equal(1, pushed.Priority);
        Assert.Equal(TestEvents.ShenyangTownship, pushed.TownshipCode);
        Assert.Equal("received", pushed.Stage);
        Assert.Contains(pushed.Clocks, k => k.Stage == "acknowledged" && k.State == SlaStates.Pending);

        var snapshot = await _client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
        var inSnapshot = Assert.Single(snapshot!.OpenCases, c => c.CaseId == "R-PIPE-1");
        Assert.Equal(pushed.Clocks.Count, inSnapshot.Clocks.Count);
        Assert.Equal(1, snapshot.Indicators[Figure.OpenCases]);
        // Deltas are numbered without gaps, and the snapshot is at or after the delta that carried the case.
        var sequences = deltas.Select(d => d.FromSequence).ToList();
        Assert.Equal(sequences.OrderBy(s => s), sequences);
        Assert.True(snapshot.Sequence >= deltas.First(d => d.Cases.Any(c => c.CaseId == "R-PIPE-1")).ToSequence);
    }

    [Fact]
    public async Task CaseStepsAndClosure_MoveTheCaseThenRemoveIt()
    {
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = await _factory.ConnectHubAsync(batch =>
        {
            if (batch.CasesRemoved.Contains("R-PIPE-2"))
            {
                removed.TrySetResult();
            }
        });
        await _factory.Log.AppendAsync([
            TestEvents.ReportFiled("R-PIPE-2", TestEvents.ChaoyangVillage, "living_alone"),
            TestEvents.CaseStep(EventTypes.CaseAcknowledged, "R-PIPE-2"),
            TestEvents.CaseStep(EventTypes.CaseDispatched, "R-PIPE-2"),
        ]);
        var moved = await PollSnapshotAsync(s => s.OpenCases.FirstOrDefault(c => c.CaseId == "R-PIPE-2")?.Stage == "dispatched");
        var clock = moved.OpenCases.Single(c => c.CaseId == "R-PIPE-2").Clocks.Single(k => k.Stage == "acknowledged");
        Assert.Equal(SlaStates.Done, clock.State);

        await _factory.Log.AppendAsync([TestEvents.Make(EventTypes.CaseClosed, new() { ["report_id"] = "R-PIPE-2", ["outcome"] = "guardian_arranged" })]);

        await removed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var after = await _client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
        Assert.DoesNotContain(after!.OpenCases, c => c.CaseId == "R-PIPE-2");
    }

    [Fact]
    public async Task BadEventOnLog_IsDeadLetteredWithReasonAndTheFlowGoesOn()
    {
        var bad = TestEvents.Make(EventTypes.ReportFiled, new() { ["report_id"] = "R-BAD", ["village_code"] = "219999999999", ["category"] = "missing", ["reporter_type"] = "school" });
        var unknownCase = TestEvents.CaseStep(EventTypes.CaseAcknowledged, "R-NEVER-FILED");
        await _factory.Log.AppendAsync([bad, unknownCase, TestEvents.ReportFiled("R-GOOD", TestEvents.ShenyangVillage)]);

        await PollSnapshotAsync(s => s.OpenCases.Any(c => c.CaseId == "R-GOOD"));

        // The projection moves on first; the dead letters are written right after.
        var dead = await _factory.Log.ReadDeadLettersAsync(10);
        for (var i = 0; i < 100 && dead.Count < 2; i++)
        {
            await Task.Delay(50);
            dead = await _factory.Log.ReadDeadLettersAsync(10);
        }
        Assert.Contains(dead, d => d.Event.Id == bad.Id && d.Reason.Contains("data.village_code", StringComparison.Ordinal));
        Assert.Contains(dead, d => d.Event.Id == unknownCase.Id && d.Reason.Contains("data.report_id", StringComparison.Ordinal));
        var snapshot = await _client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
        Assert.DoesNotContain(snapshot!.OpenCases, c => c.CaseId == "R-BAD");
    }

    [Fact]
    public async Task SameEventAppendedTwice_IsAppliedOnce()
    {
        var child = TestEvents.ChildRegistered("C-DUP-1", TestEvents.ShenyangVillage);
        var before = await _client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
        await _factory.Log.AppendAsync([child, child, TestEvents.ReportFiled("R-DUP-MARK", TestEvents.ShenyangVillage)]);

        var after = await PollSnapshotAsync(s => s.OpenCases.Any(c => c.CaseId == "R-DUP-MARK"));

        Assert.Equal(before!.Indicators[Figure.Children] + 1, after.Indicators[Figure.Children]);
        var township = after.Townships.Single(t => t.Code == TestEvents.ShenyangTownship);
        Assert.Equal(before.Townships.Single(t => t.Code == TestEvents.ShenyangTownship).Figures[Figure.Children] + 1, township.Figures[Figure.Children]);
    }

    private async Task<DashboardSnapshot> PollSnapshotAsync(Func<DashboardSnapshot, bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            var snapshot = await _client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            if (condition(snapshot!))
            {
                return snapshot!;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The snapshot never reached the expected state");
    }
}
