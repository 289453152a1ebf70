using Lbc.EventLog.Redis;

namespace Lbc.EventLog.Tests;

public sealed class RedisEventLogConformanceTests(RedisServerFixture redis) : EventLogConformance, IClassFixture<RedisServerFixture>
{
    protected override async Task<IEventLog> CreateEmptyLogAsync() =>
        await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());

    protected override async Task<IEventLog?> OpenSecondHandleAsync(IEventLog log) =>
        await RedisEventLog.ConnectAsync(redis.ConnectionString, ((RedisEventLog)log).Options);
}

internal static class RedisTestKeys
{
    /// <summary>A stream key of its own per test, so tests sharing one server never see each other's events.</summary>
    public static RedisEventLogOptions Fresh() => new() { StreamKey = "lbc:test:" + Guid.NewGuid().ToString("N") };
}
