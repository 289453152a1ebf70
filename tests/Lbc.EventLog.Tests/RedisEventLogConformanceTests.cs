using Lbc.Domain.Events;
using Lbc.EventLog.Redis;
using StackExchange.Redis;

namespace Lbc.EventLog.Tests;

public sealed class RedisEventLogConformanceTests(RedisServerFixture redis) : EventLogConformance, IClassFixture<RedisServerFixture>
{
    protected override async Task<IEventLog> CreateEmptyLogAsync() =>
        await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());

    protected override async Task<IEventLog?> OpenSecondHandleAsync(IEventLog log) =>
        await RedisEventLog.ConnectAsync(redis.ConnectionString, ((RedisEventLog)log).Options);

    [Fact]
    public async Task TrimBeforeAsync_ThenGetFirst_ReaderBeforeTheCutSeesTheLoss()
    {
        var log = (RedisEventLog)await NewLogAsync();
        var positions = await log.AppendAsync(TestEvents.Range(1, 10));

        var removed = await log.TrimBeforeAsync(positions[4]);
        var start = await log.GetFirstAsync();

        Assert.Equal(4, removed);
        Assert.Equal(positions[4], start.First);
        Assert.True(start.Trimmed);
        Assert.True(start.LostEventsAfter(positions[2]), "a reader at event 3 never read event 4");
        Assert.False(start.LostEventsAfter(positions[4]), "a reader at the cut lost nothing");
        Assert.Equal(6, await log.CountAsync());
    }

    [Fact]
    public async Task ReadAfterAsync_EntriesAddedByHand_ReadByFieldNameWhateverTheOrder()
    {
        // A producer XADDing by hand: fields reordered, an extra field, a type outside the catalog, a bad version,
        // non-ASCII text. The consumer must read them as written so the parser can name the problem.
        var log = (RedisEventLog)await NewLogAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await connection.GetDatabase().StreamAddAsync(log.Options.StreamKey,
        [
            new("data", "{\"note\":\"沈阳市\"}"), new("src", "村委会-7"), new("extra", "x"), new("ts", "2026-11-29T08:00:00+08:00"),
            new("v", "1x"), new("type", "child.moved"), new("id", "evt-手工"),
        ]);
        await log.AppendAsync([TestEvents.Make(2)]);

        var read = await log.ReadAfterAsync(LogPosition.Start, 10);

        Assert.Equal(new RawEvent("evt-手工", "child.moved", 0, "2026-11-29T08:00:00+08:00", "村委会-7", "{\"note\":\"沈阳市\"}"), read[0].Event);
        Assert.Equal(TestEvents.Make(2), read[1].Event);
        Assert.True(read[0].Position < read[1].Position);
    }
}

internal static class RedisTestKeys
{
    /// <summary>A stream key of its own per test, so tests sharing one server never see each other's events.</summary>
    public static RedisEventLogOptions Fresh() => new() { StreamKey = "lbc:test:" + Guid.NewGuid().ToString("N") };
}
