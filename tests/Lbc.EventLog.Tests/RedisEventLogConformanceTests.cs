using Lbc.EventLog.Redis;

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
}

internal static class RedisTestKeys
{
    /// <summary>A stream key of its own per test, so tests sharing one server never see each other's events.</summary>
    public static RedisEventLogOptions Fresh() => new() { StreamKey = "lbc:test:" + Guid.NewGuid().ToString("N") };
}
