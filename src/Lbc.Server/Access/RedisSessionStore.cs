using StackExchange.Redis;

namespace Lbc.Server.Access;

/// <summary>
/// Sessions shared by every instance through Redis: one key per live session (<c>lbc:session:&lt;id&gt;</c>) whose
/// time to live is the idle timeout, so each use extends it (PEXPIRE answers "exists" and touches in one round
/// trip), signing out deletes it, and an idle session simply expires. Sign-outs are also published on
/// <c>lbc:session:ended</c> so each instance closes that session's hub connections at once.
/// While Redis is unreachable, each instance answers from what it saw itself (sessions begun or confirmed here
/// within the idle timeout, minus those ended here): the dashboard keeps working for the people using it, and a
/// session signed out at another instance during the outage is refused once Redis is back.
/// </summary>
public sealed class RedisSessionStore(IConnectionMultiplexer redis, SignInOptions options, TimeProvider time, ILogger<RedisSessionStore> logger)
    : ISessionStore, IHostedService, IDisposable
{
    public const string KeyPrefix = "lbc:session:";
    public static readonly RedisChannel EndedChannel = RedisChannel.Literal("lbc:session:ended");
    private static readonly TimeSpan s_warnEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_retryEvery = TimeSpan.FromSeconds(2);
    private readonly MemorySessionStore _local = new(options, time);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;
    private long _lastWarningTicks;

    public event Action<string>? Ended;

    private TimeSpan Idle => TimeSpan.FromMinutes(options.IdleMinutes);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The shared multiplexer starts even while Redis is down, and reconnects (and resubscribes) in the background.
        // A Redis that answers too slowly at this moment must not stop the dashboard from starting either: the
        // subscription is then retried in the background, and until it holds, sign-outs at other instances reach this
        // one at the session's next request (TouchAsync asks Redis) instead of at once.
        try
        {
            await SubscribeAsync();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Warn(ex);
            _retrying = RetrySubscribeAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retrying;
    }

    public void Dispose() => _stopping.Dispose();

    private Task SubscribeAsync() => redis.GetSubscriber().SubscribeAsync(EndedChannel, OnEnded);

    private async Task RetrySubscribeAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(s_retryEvery, time, stopping);
                // A timed-out SUBSCRIBE may still have left the handler registered: drop it, so it is never called twice.
                await redis.GetSubscriber().UnsubscribeAsync(EndedChannel, OnEnded);
                await SubscribeAsync();
                logger.LogInformation("Session store: subscribed to sign-outs after a failed start");
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Warn(ex);
            }
        }
    }

    private void OnEnded(RedisChannel channel, RedisValue message)
    {
        var id = (string?)message;
        if (!string.IsNullOrEmpty(id))
        {
            _local.Forget(id);
            Ended?.Invoke(id);
        }
    }

    public async Task BeginAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        _local.Begin(sessionId);
        if (Database() is { } db)
        {
            try
            {
                await db.StringSetAsync(KeyPrefix + sessionId, "1", Idle);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Warn(ex);
            }
        }
    }

    public async Task<bool> TouchAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (Database() is { } db)
        {
            try
            {
                if (await db.KeyExpireAsync(KeyPrefix + sessionId, Idle))
                {
                    _local.Begin(sessionId);
                    return true;
                }
                _local.Forget(sessionId);
                return false;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Warn(ex);
            }
        }
        return _local.Touch(sessionId);
    }

    public async Task EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        _local.Forget(sessionId);
        // This instance's connections close now, whether or not Redis carries the message to the others.
        Ended?.Invoke(sessionId);
        if (Database() is { } db)
        {
            try
            {
                await db.KeyDeleteAsync(KeyPrefix + sessionId);
                await db.PublishAsync(EndedChannel, sessionId);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Warn(ex);
            }
        }
    }

    /// <summary>Null while Redis is unreachable, so a request does not wait for a timeout.</summary>
    private IDatabase? Database() => redis.IsConnected ? redis.GetDatabase() : null;

    private void Warn(Exception ex)
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastWarningTicks);
        if (now - last >= s_warnEvery.Ticks && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            logger.LogWarning("Session store: Redis unavailable ({Message}); answering from this instance's own sessions", ex.Message);
        }
    }
}
