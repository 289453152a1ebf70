using Lbc.Domain.Events;
using Lbc.EventLog.Redis;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Lbc.Server.Tests;

/// <summary>
/// The trimmer on a real redis-server: the stream is cut at the lowest fresh snapshot record, never inside
/// the retention floor, and a stale record (a dead instance) no longer pins it. Each test has its own keys.
/// </summary>
public sealed class StreamTrimTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan NoTime = TimeSpan.Zero;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RedisEventLog _log = null!;
    private RedisStreamTrimmer _trimmer = null!;

    public async Task InitializeAsync()
    {
        await redis.StartAsync();
        var key = "trim-" + Guid.NewGuid().ToString("n");
        _log = await RedisEventLog.ConnectAsync(redis.ConnectionString,
            new RedisEventLogOptions { StreamKey = key + ":events", SnapshotsKey = key + ":snapshots" }, _time);
        _trimmer = new RedisStreamTrimmer(_log);
    }

    public async Task DisposeAsync() => await _log.DisposeAsync();

    private static TrimPolicy Policy(long keepEvents = 0, TimeSpan? keepFor = null, TimeSpan? staleAfter = null) =>
        new(keepEvents, keepFor ?? NoTime, staleAfter ?? TimeSpan.FromHours(1), TimeSpan.FromSeconds(30));

    private async Task<IReadOnlyList<LogPosition>> FillAsync(int count)
    {
        var events = Enumerable.Range(0, count).Select(i => TestEvents.ChildRegistered($"C-TRIM-{i}", TestEvents.ShenyangVillage)).ToList();
        var positions = new List<LogPosition>(count);
        foreach (var chunk in events.Chunk(250))
        {
            positions.AddRange(await _log.AppendAsync(chunk));
        }
        // Stream ids carry Redis' clock: the fake clock must not lag behind them, or KeepFor=0 would keep everything.
        _time.SetUtcNow(DateTimeOffset.UtcNow.AddSeconds(1));
        return positions;
    }

    [Fact]
    public async Task TwoInstances_TrimStopsAtTheLowerPosition()
    {
        var positions = await FillAsync(1_000);
        await _trimmer.RecordSnapshotAsync("instance-a", positions[300]);
        await _trimmer.RecordSnapshotAsync("instance-b", positions[600]);

        var result = await _trimmer.TrimAsync("instance-a", Policy());

        Assert.Equal(300, result.Removed);
        Assert.Equal(positions[300], result.MinimumKept);
        var start = await _log.GetFirstAsync();
        Assert.Equal(positions[300], start.First);
        Assert.True(start.Trimmed);
        // The instance restoring the lower snapshot finds its tail whole: no trimmed-before-read alert.
        Assert.False(start.LostEventsAfter(positions[300]));
        Assert.Equal(700, await _log.CountAsync());
    }

    [Fact]
    public async Task StaleRecord_IsIgnored_ButAllStaleMeansNoTrim()
    {
        var positions = await FillAsync(1_000);
        await _trimmer.RecordSnapshotAsync("dead-instance", positions[100]);
        _time.Advance(TimeSpan.FromHours(2));

        var onlyStale = await _trimmer.TrimAsync("live", Policy());
        Assert.Equal(0, onlyStale.Removed);
        Assert.Equal(1_000, await _log.CountAsync());

        await _trimmer.RecordSnapshotAsync("live-instance", positions[600]);
        var result = await _trimmer.TrimAsync("live-instance", Policy());

        Assert.Equal(600, result.Removed);
        Assert.Equal(positions[600], (await _log.GetFirstAsync()).First);
        // The dead instance, back, would have lost events: its consumer must alert, not skip silently.
        Assert.True((await _log.GetFirstAsync()).LostEventsAfter(positions[100]));
    }

    [Fact]
    public async Task KeepEvents_FloorWinsOverTheSnapshots()
    {
        var positions = await FillAsync(1_000);
        await _trimmer.RecordSnapshotAsync("instance-a", positions[900]);

        var result = await _trimmer.TrimAsync("instance-a", Policy(keepEvents: 400));

        Assert.Equal(600, result.Removed);
        Assert.Equal(positions[600], (await _log.GetFirstAsync()).First);
        Assert.Equal(400, await _log.CountAsync());

        // A floor above the stream's length: nothing at all is removed.
        await _trimmer.RecordSnapshotAsync("instance-a", positions[999]);
        Assert.Equal(0, (await _trimmer.TrimAsync("instance-a", Policy(keepEvents: 5_000))).Removed);
        Assert.Equal(400, await _log.CountAsync());
    }

    [Fact]
    public async Task KeepFor_NothingYoungerIsRemoved()
    {
        var positions = await FillAsync(1_000);
        await _trimmer.RecordSnapshotAsync("instance-a", positions[900]);

        var result = await _trimmer.TrimAsync("instance-a", Policy(keepFor: TimeSpan.FromHours(1)));

        Assert.Equal(0, result.Removed);
        Assert.Equal(1_000, await _log.CountAsync());
    }

    [Fact]
    public async Task LockHeldByAnotherInstance_NoTrim_ThenReleasedAfterATrim()
    {
        var positions = await FillAsync(100);
        await _trimmer.RecordSnapshotAsync("instance-a", positions[50]);
        var db = (await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString)).GetDatabase();
        await db.StringSetAsync(_log.Options.TrimLockKey, "instance-b/holding", TimeSpan.FromSeconds(30));

        var blocked = await _trimmer.TrimAsync("instance-a", Policy());
        Assert.Equal(0, blocked.Removed);
        Assert.Contains("lock", blocked.Reason, StringComparison.Ordinal);

        await db.KeyDeleteAsync(_log.Options.TrimLockKey);
        Assert.Equal(50, (await _trimmer.TrimAsync("instance-a", Policy())).Removed);
        Assert.False(await db.KeyExistsAsync(_log.Options.TrimLockKey));
    }

    [Fact]
    public async Task Records_AreJsonPositionAndTime()
    {
        var positions = await FillAsync(3);
        await _trimmer.RecordSnapshotAsync("instance-a", positions[1]);
        var db = (await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString)).GetDatabase();

        var raw = (string?)await db.HashGetAsync(_log.Options.SnapshotsKey, "instance-a");

        Assert.NotNull(raw);
        using var json = System.Text.Json.JsonDocument.Parse(raw);
        Assert.Equal(positions[1].ToString(), json.RootElement.GetProperty("position").GetString());
        Assert.Equal(_time.GetUtcNow(), json.RootElement.GetProperty("at").GetDateTimeOffset());
    }
}
