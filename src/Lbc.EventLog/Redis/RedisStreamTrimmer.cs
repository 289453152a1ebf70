using System.Globalization;
using System.Text.Json;
using Lbc.Domain.Events;
using StackExchange.Redis;

namespace Lbc.EventLog.Redis;

/// <summary>How far the stream may be trimmed (<c>Dashboard:Trim</c> in the server).</summary>
/// <param name="KeepEvents">Never keep fewer than this many of the newest events (0: no floor).</param>
/// <param name="KeepFor">Never remove an event younger than this (by its stream id's time).</param>
/// <param name="StaleAfter">A snapshot record not refreshed for this long is ignored: a dead instance must not pin the stream.</param>
/// <param name="LockFor">How long the trim lock is held at most (released early when the trim is done).</param>
public sealed record TrimPolicy(long KeepEvents, TimeSpan KeepFor, TimeSpan StaleAfter, TimeSpan LockFor);

/// <summary>An instance's snapshot position as recorded in <c>lbc:snapshots</c>, and when it was last confirmed.</summary>
public sealed record SnapshotRecord(string InstanceId, LogPosition Position, DateTimeOffset At);

/// <summary>What one trim attempt did: <see cref="Removed"/> events before <see cref="MinimumKept"/>, or why nothing.</summary>
public sealed record TrimResult(long Removed, LogPosition? MinimumKept, string Reason);

/// <summary>
/// Trims <c>lbc:events</c> below the oldest snapshot any live instance would restart from. Each instance
/// records its snapshot position in the hash <c>lbc:snapshots</c>; one instance at a time (a short SET NX PX
/// lock) removes, with XTRIM MINID, the events before the lowest fresh position, never inside the retention
/// floor. An instance whose record went stale may find its events gone on return: its consumer then raises
/// the trimmed-before-read alert and resyncs from a snapshot (ProjectionService), it never skips silently.
/// </summary>
public sealed class RedisStreamTrimmer(RedisEventLog log)
{
    // The n-th newest entry's id, walking back in pages so Redis never builds one huge reply in Lua memory;
    // nil when the stream holds fewer than n entries (then the floor forbids any trim).
    private const string NthNewestScript = """
        local n = tonumber(ARGV[1])
        local upper = '+'
        local seen = 0
        local last = false
        while seen < n do
          local page = redis.call('XREVRANGE', KEYS[1], upper, '-', 'COUNT', math.min(1000, n - seen))
          if #page == 0 then return false end
          seen = seen + #page
          last = page[#page][1]
          upper = '(' .. last
        end
        return last
        """;

    // Only the holder may release: a trim that outlived its lock must not free the next holder's.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly RedisKey _snapshotsKey = log.Options.SnapshotsKey;
    private readonly RedisKey _lockKey = log.Options.TrimLockKey;
    private readonly RedisKey _streamKey = log.Options.StreamKey;

    /// <summary>Records (or refreshes) <paramref name="instanceId"/>'s snapshot position with the current time.</summary>
    public async Task RecordSnapshotAsync(string instanceId, LogPosition position, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await log.Database.HashSetAsync(_snapshotsKey, instanceId, Format(position, log.Time.GetUtcNow()));
        }
        catch (Exception ex) when (RedisEventLog.IsUnavailable(ex))
        {
            throw log.Unavailable("record snapshot", ex);
        }
    }

    /// <summary>Every record in the hash (unreadable values are left out: they bound nothing).</summary>
    public async Task<IReadOnlyList<SnapshotRecord>> ReadSnapshotsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        HashEntry[] entries;
        try
        {
            entries = await log.Database.HashGetAllAsync(_snapshotsKey);
        }
        catch (Exception ex) when (RedisEventLog.IsUnavailable(ex))
        {
            throw log.Unavailable("read snapshots", ex);
        }
        var records = new List<SnapshotRecord>(entries.Length);
        foreach (var entry in entries)
        {
            if (TryParse(entry.Name.ToString(), entry.Value.ToString(), out var record))
            {
                records.Add(record);
            }
        }
        return records;
    }

    /// <summary>
    /// Takes the trim lock (or returns when another instance holds it), then removes the events before
    /// min(fresh snapshot positions), bounded by <see cref="TrimPolicy.KeepEvents"/> and <see cref="TrimPolicy.KeepFor"/>.
    /// With no fresh record nothing is trimmed: no instance could restart from a snapshot.
    /// </summary>
    public async Task<TrimResult> TrimAsync(string instanceId, TrimPolicy policy, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var token = instanceId + "/" + Guid.NewGuid().ToString("n");
        var db = log.Database;
        try
        {
            if (!await db.StringSetAsync(_lockKey, token, policy.LockFor, When.NotExists))
            {
                return new TrimResult(0, null, "another instance holds the trim lock");
            }
            try
            {
                return await TrimLockedAsync(policy, cancellationToken);
            }
            finally
            {
                await db.ScriptEvaluateAsync(ReleaseScript, [_lockKey], [token]);
            }
        }
        catch (Exception ex) when (RedisEventLog.IsUnavailable(ex))
        {
            throw log.Unavailable("trim", ex);
        }
    }

    private async Task<TrimResult> TrimLockedAsync(TrimPolicy policy, CancellationToken cancellationToken)
    {
        var now = log.Time.GetUtcNow();
        var records = await ReadSnapshotsAsync(cancellationToken);
        LogPosition? lowest = null;
        foreach (var record in records)
        {
            if (now - record.At <= policy.StaleAfter && (lowest is null || record.Position < lowest))
            {
                lowest = record.Position;
            }
        }
        if (lowest is not { } bound)
        {
            return new TrimResult(0, null, records.Count == 0 ? "no snapshot recorded" : "every snapshot record is stale");
        }
        // Stream ids start with the append's Unix milliseconds, so "younger than KeepFor" is an id bound.
        var youngest = now - policy.KeepFor;
        var byTime = new LogPosition(Math.Max(0, youngest.ToUnixTimeMilliseconds()), 0);
        if (byTime < bound)
        {
            bound = byTime;
        }
        if (policy.KeepEvents > 0)
        {
            var nth = await log.Database.ScriptEvaluateAsync(NthNewestScript, [_streamKey],
                [policy.KeepEvents.ToString(CultureInfo.InvariantCulture)]);
            if (nth.IsNull)
            {
                return new TrimResult(0, null, $"the stream holds fewer than {policy.KeepEvents} events");
            }
            var floor = LogPosition.Parse(nth.ToString());
            if (floor < bound)
            {
                bound = floor;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        // MINID is exact (no "~"): every entry at or after the bound stays, so an instance restoring the
        // snapshot at that position finds the stream starting right there and raises no alert.
        var removed = await log.TrimBeforeAsync(bound, cancellationToken);
        return new TrimResult(removed, bound, removed > 0 ? "trimmed" : "nothing before the bound");
    }

    internal static string Format(LogPosition position, DateTimeOffset at) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["position"] = position.ToString(),
            ["at"] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        }, RedisJsonContext.Default.DictionaryStringString);

    internal static bool TryParse(string instanceId, string value, out SnapshotRecord record)
    {
        record = null!;
        try
        {
            var fields = JsonSerializer.Deserialize(value, RedisJsonContext.Default.DictionaryStringString);
            if (fields is not null
                && fields.TryGetValue("position", out var position)
                && fields.TryGetValue("at", out var at)
                && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                record = new SnapshotRecord(instanceId, LogPosition.Parse(position), when);
                return true;
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException)
        {
            // Someone wrote the hash by hand: such a record bounds nothing, it does not stop the trimmer.
        }
        return false;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class RedisJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
