using Lbc.Domain.Events;
using Lbc.EventLog.Sqlite;

namespace Lbc.EventLog.Tests;

public sealed class SqliteEventLogDurabilityTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lbc-sqlite-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AppendAsync_CrashImageWithoutCloseOrCheckpoint_HoldsEveryAcknowledgedEvent()
    {
        var live = Path.Combine(_directory, "live", "events.db");
        await using var log = await SqliteEventLog.OpenAsync(live);
        var acknowledged = new List<RawEvent>();
        for (var batch = 0; batch < 20; batch++)
        {
            var events = TestEvents.Range(batch * 10, 10);
            await log.AppendAsync(events);
            acknowledged.AddRange(events);
        }
        await log.DeadLetterAsync(TestEvents.Make(999), "unknown region code");

        // What a kill -9 leaves on disk: the main file and the WAL as they are, never closed or checkpointed.
        Assert.True(new FileInfo(live + "-wal").Length > 0, "the appends should still be in the WAL, not checkpointed");
        var image = Path.Combine(_directory, "image", "events.db");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        CopyWhileOpen(live, image);
        CopyWhileOpen(live + "-wal", image + "-wal");

        await using var recovered = await SqliteEventLog.OpenAsync(image);
        var read = await recovered.ReadAfterAsync(LogPosition.Start, 10_000);

        Assert.Equal(acknowledged, read.Select(e => e.Event));
        Assert.Equal("unknown region code", Assert.Single(await recovered.ReadDeadLettersAsync(10)).Reason);
    }

    private static void CopyWhileOpen(string from, string to)
    {
        using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var target = File.Create(to);
        source.CopyTo(target);
    }

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
