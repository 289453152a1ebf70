using Lbc.Server.Access;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Lbc.Server.Tests.Access;

/// <summary>
/// A real redis-server that stops answering (CLIENT PAUSE) just as an instance starts: the instance must still
/// start, and once Redis answers again, a sign-out published by another instance must still close the session here.
/// (CI once saw a start fail on a SUBSCRIBE that timed out.)
/// </summary>
public sealed class SessionStoreStartTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => redis.StartAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SubscribeTimingOutAtStart_DoesNotStopTheStart_AndSignOutsArriveOnceRedisAnswers()
    {
        var settings = ConfigurationOptions.Parse(redis.ConnectionString);
        settings.AsyncTimeout = settings.SyncTimeout = 500;
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(settings);
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        using var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var store = new RedisSessionStore(multiplexer, new SignInOptions(), TimeProvider.System, loggers.CreateLogger<RedisSessionStore>());
        var ended = new List<string>();
        store.Ended += id =>
        {
            lock (ended)
            {
                ended.Add(id);
            }
        };

        // Every client waits 2.5 s for its next command, the store's SUBSCRIBE among them (timeout 0.5 s).
        await other.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "2500", "ALL");
        await store.StartAsync(CancellationToken.None);

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Redis unavailable", StringComparison.Ordinal));
        // Once Redis answers, the retry subscribes: a sign-out published elsewhere reaches this instance, once.
        await Eventually.UntilAsync<object>(async () =>
        {
            await other.GetSubscriber().PublishAsync(RedisSessionStore.EndedChannel, "session-a");
            await Task.Delay(100);
            return Received("session-a");
        }, TimeSpan.FromSeconds(20));
        await other.GetSubscriber().PublishAsync(RedisSessionStore.EndedChannel, "session-b");
        await Eventually.UntilAsync(() => Task.FromResult(Received("session-b")), TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        lock (ended)
        {
            Assert.Single(ended, id => id == "session-b");
        }
        await store.StopAsync(CancellationToken.None);

        object? Received(string id)
        {
            lock (ended)
            {
                return ended.Contains(id) ? id : null;
            }
        }
    }
}
