using StackExchange.Redis;

namespace Lbc.Server.PersonalData;

/// <summary>
/// The production key store in Redis: a hash of subjects to key ids, a hash of key ids to their subject and wrapped key,
/// and a sorted set of expiries, all under one hash tag (<c>{lbc:personal}</c>) so every change is one Lua script on one
/// shard, atomic across instances. Use a Redis of its own (<c>ConnectionStrings:PersonalKeys</c>), backed up apart from the
/// event log: a backup that holds both the log and the keys undoes the shredding for as long as it is kept.
/// </summary>
public sealed class RedisPersonalKeyStore(IConnectionMultiplexer redis, string hashTag = RedisPersonalKeyStore.DefaultHashTag) : IPersonalKeyStore
{
    public const string DefaultHashTag = "lbc:personal";

    private readonly RedisKey[] _keys = [$"{{{hashTag}}}:subjects", $"{{{hashTag}}}:keys", $"{{{hashTag}}}:expiry"];

    private const string GetOrAddScript = """
        local id = redis.call('HGET', KEYS[1], ARGV[1])
        if id then
          redis.call('ZREM', KEYS[3], id)
          return {id, redis.call('HGET', KEYS[2], id)}
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
        return {ARGV[2], ARGV[3]}
        """;

    private const string ExpireScript = """
        local id = redis.call('HGET', KEYS[1], ARGV[1])
        if not id then return 0 end
        if ARGV[2] == '' then
          redis.call('ZREM', KEYS[3], id)
        else
          redis.call('ZADD', KEYS[3], ARGV[2], id)
        end
        return 1
        """;

    private const string ShredScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        for _, id in ipairs(ids) do
          local stored = redis.call('HGET', KEYS[2], id)
          if stored then
            local subject = string.match(stored, '^([^\n]*)\n')
            if subject and redis.call('HGET', KEYS[1], subject) == id then
              redis.call('HDEL', KEYS[1], subject)
            end
            redis.call('HDEL', KEYS[2], id)
          end
          redis.call('ZREM', KEYS[3], id)
        end
        return #ids
        """;

    public string Kind => "redis";

    public async Task<StoredKey> GetOrAddAsync(StoredKey candidate, CancellationToken cancellationToken = default)
    {
        var result = (RedisResult[])(await RunAsync(GetOrAddScript, candidate.Subject, candidate.KeyId, Encode(candidate)))!;
        return Decode((string)result[0]!, (string)result[1]!);
    }

    public async Task<IReadOnlyList<StoredKey>> GetOrAddManyAsync(IReadOnlyList<StoredKey> candidates, CancellationToken cancellationToken = default)
    {
        // One script per subject, all sent at once (pipelined): each is atomic, and Redis runs them in order, so a subject
        // named twice gets the key its first script stored. AOF with appendfsync always syncs them as they run.
        var results = await Task.WhenAll(candidates.Select(c => RunAsync(GetOrAddScript, c.Subject, c.KeyId, Encode(c))));
        return [.. results.Select(r => (RedisResult[])r!).Select(r => Decode((string)r[0]!, (string)r[1]!))];
    }

    public async Task<StoredKey?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var stored = await Guard(() => redis.GetDatabase().HashGetAsync(_keys[1], keyId));
        return stored.IsNull ? null : Decode(keyId, stored!);
    }

    public async Task<bool> SetExpiryAsync(string subject, DateTimeOffset? at, CancellationToken cancellationToken = default) =>
        (int)(await RunAsync(ExpireScript, subject, at is { } time ? time.ToUnixTimeMilliseconds() : "")) == 1;

    public async Task<int> ShredExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        (int)await RunAsync(ShredScript, now.ToUnixTimeMilliseconds(), max);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        Guard(() => redis.GetDatabase().HashLengthAsync(_keys[1]));

    private Task<RedisResult> RunAsync(string script, params RedisValue[] values) =>
        Guard(() => redis.GetDatabase().ScriptEvaluateAsync(script, _keys, values));

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new KeyStoreUnavailableException($"Redis key store: {ex.Message}", ex);
        }
    }

    // One value per key: "<subject>\n<base64 of the wrapped key>" (subjects are ids: no line breaks).
    private static string Encode(StoredKey key) => key.Subject + "\n" + Convert.ToBase64String(key.Wrapped);

    private static StoredKey Decode(string keyId, string stored)
    {
        var split = stored.LastIndexOf('\n');
        return new StoredKey(keyId, stored[..split], Convert.FromBase64String(stored[(split + 1)..]));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
