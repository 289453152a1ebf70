using Lbc.EventLog.Sqlite;

namespace Lbc.EventLog.Tests;

public sealed class SqliteEventLogConformanceTests : EventLogConformance, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lbc-sqlite-" + Guid.NewGuid().ToString("N"));

    protected override async Task<IEventLog> CreateEmptyLogAsync() =>
        await SqliteEventLog.OpenAsync(Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db"));

    // One process owns the embedded log; its append signal is in-process only.
    protected override Task<IEventLog?> OpenSecondHandleAsync(IEventLog log) => Task.FromResult<IEventLog?>(null);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
