using System.Diagnostics;
using Lbc.Domain.Events;
using Lbc.EventLog.Redis;

namespace Lbc.EventLog.Tests;

/// <summary>Kills and restarts its own redis-server, so it has a server of its own (one per class).</summary>
public sealed class RedisEventLogResilienceTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan ReconnectDeadline = TimeSpan.FromSeconds(20);

    // Every test leaves the server running for the next one, whatever it did to it.
    public Task InitializeAsync() => redis.StartAsync();

    public Task DisposeAsync() => redis.StartAsync();

    [Fact]
    public async Task AppendAsync_RedisKilledMidStream_EveryAcknowledgedEventSurvivesRestart()
    {
        var options = RedisTestKeys.Fresh();
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, options);
        var acknowledged = new List<RawEvent>();
        using var stop = new CancellationTokenSource();
        var appender = Task.Run(async () =>
        {
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var events = TestEvents.Range(batch * 10, 10);
                try
                {
                    await log.AppendAsync(events);
                }
                catch (EventLogUnavailableException)
                {
                    return;
                }
                acknowledged.AddRange(events);
            }
        });
        await Task.Delay(500);

        await redis.KillAsync();
        await appender.WaitAsync(TimeSpan.FromSeconds(10));
        await redis.StartAsync();
        await using var reopened = await RedisEventLog.ConnectAsync(redis.ConnectionString, options);
        var read = await reopened.ReadAfterAsync(LogPosition.Start, 1_000_000);

        Assert.True(acknowledged.Count >= 50, $"only {acknowledged.Count} events were appended before the kill");
        // Everything acknowledged is there, in order. An append in flight at the kill may or may not have
        // landed (the caller was told it failed and would retry; the projection drops the duplicate id).
        Assert.Equal(acknowledged, read.Take(acknowledged.Count).Select(e => e.Event));
        Assert.True(read.Count - acknowledged.Count is 0 or 10, $"{read.Count - acknowledged.Count} unacknowledged extra events");
    }

    [Fact]
    public async Task AppendAsync_RedisDown_ThrowsUnavailableWithinSecondsAndHealthSaysWhy()
    {
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        await log.AppendAsync([TestEvents.Make(1)]);

        await redis.KillAsync();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<EventLogUnavailableException>(() => log.AppendAsync([TestEvents.Make(2)]));
        var elapsed = watch.Elapsed;
        var health = await log.CheckHealthAsync();

        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the caller waited {elapsed} for a dead Redis");
        Assert.Contains("append", error.Message);
        Assert.False(health.Healthy);
        Assert.Contains("redis", health.Description);
        await Assert.ThrowsAsync<EventLogUnavailableException>(() => log.ReadAfterAsync(LogPosition.Start, 10));
    }

    [Fact]
    public async Task AppendAsync_RedisBackAfterOutage_SameInstanceAppendsAgain()
    {
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        await log.AppendAsync([TestEvents.Make(1)]);
        await redis.KillAsync();
        await Assert.ThrowsAsync<EventLogUnavailableException>(() => log.AppendAsync([TestEvents.Make(2)]));

        await redis.StartAsync();
        await Eventually(() => log.AppendAsync([TestEvents.Make(3)]));

        Assert.Equal(["evt-000001", "evt-000003"], (await log.ReadAfterAsync(LogPosition.Start, 10)).Select(e => e.Event.Id));
        Assert.True((await log.CheckHealthAsync()).Healthy);
    }

    [Fact]
    public async Task ConnectAsync_RedisDownAtStartup_ReturnsDegradedAndCatchesUpWhenRedisStarts()
    {
        await redis.KillAsync();
        var watch = Stopwatch.StartNew();

        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        var connectTime = watch.Elapsed;
        var health = await log.CheckHealthAsync();
        await redis.StartAsync();
        await Eventually(() => log.AppendAsync([TestEvents.Make(1)]));

        Assert.True(connectTime < TimeSpan.FromSeconds(6), $"startup waited {connectTime} for a dead Redis");
        Assert.False(health.Healthy, health.Description);
        Assert.Equal(1, await log.CountAsync());
    }

    [Fact]
    public async Task WaitForAppendAsync_RedisDown_ReturnsAtTimeoutWithoutThrowing()
    {
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        await redis.KillAsync();
        var watch = Stopwatch.StartNew();

        await log.WaitForAppendAsync(LogPosition.Start, TimeSpan.FromMilliseconds(500)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task DeadLetterAsync_AfterRestart_StillKeptOncePerEvent()
    {
        var options = RedisTestKeys.Fresh();
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, options);
        await log.DeadLetterAsync(TestEvents.Make(1), "payload over 64 KB");

        await redis.RestartAsync();
        await Eventually(() => log.DeadLetterAsync(TestEvents.Make(1), "payload over 64 KB (again)"));

        var letter = Assert.Single(await log.ReadDeadLettersAsync(10));
        Assert.Equal("payload over 64 KB", letter.Reason);
    }

    [Fact]
    public async Task CheckHealthAsync_RedisWithoutAof_WarnsThatAcknowledgedEventsCanBeLost()
    {
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString, RedisTestKeys.Fresh());
        var withAof = await log.CheckHealthAsync();
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);

        await server.ConfigSetAsync("appendonly", "no");
        try
        {
            var withoutAof = await log.CheckHealthAsync();

            Assert.DoesNotContain("AOF is off", withAof.Description);
            Assert.Contains("AOF is off", withoutAof.Description);
        }
        finally
        {
            await server.ConfigSetAsync("appendonly", "yes");
        }
    }

    private static async Task Eventually(Func<Task> action)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (EventLogUnavailableException) when (deadline.Elapsed < ReconnectDeadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
