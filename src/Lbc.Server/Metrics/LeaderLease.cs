using StackExchange.Redis;

namespace Lbc.Server.Metrics;

/// <summary>Who writes the per-minute points and the durations when several instances run.</summary>
public interface ILeaderLease
{
    /// <summary>Takes or renews the lease; true while this instance holds it.</summary>
    Task<bool> TryHoldAsync(CancellationToken cancellationToken);

    Task ReleaseAsync();

    /// <summary>How often <see cref="TryHoldAsync"/> must be called to keep the lease.</summary>
    TimeSpan RenewEvery { get; }
}

/// <summary>Embedded mode: one instance, always the writer.</summary>
public sealed class SingleInstanceLease : ILeaderLease
{
    public TimeSpan RenewEvery => TimeSpan.FromSeconds(10);

    public Task<bool> TryHoldAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseAsync() => Task.CompletedTask;
}

/// <summary>
/// A Redis lock key: SET key owner NX PX lease to take it, a compare-and-PEXPIRE script to renew it,
/// compare-and-DEL to give it up on shutdown. A leader that stops renewing (crash, partition) loses it
/// after the lease; two writers for a moment are harmless because a minute's points overwrite.
/// </summary>
public sealed class RedisLeaderLease(IConnectionMultiplexer redis, string key, TimeSpan lease, string owner) : ILeaderLease
{
    private const string RenewScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    public string Owner => owner;

    public TimeSpan RenewEvery => lease / 3;

    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        try
        {
            var renewed = (long)await db.ScriptEvaluateAsync(RenewScript, [key], [owner, (long)lease.TotalMilliseconds]);
            if (renewed == 1)
            {
                return true;
            }
            return await db.StringSetAsync(key, owner, lease, When.NotExists);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Without Redis no one can prove leadership; skipping a minute beats writing it blind.
            return false;
        }
    }

    public async Task ReleaseAsync()
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [key], [owner]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The lease expires on its own.
        }
    }
}
