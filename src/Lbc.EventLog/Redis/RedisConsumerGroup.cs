using System.Globalization;
using Lbc.Domain.Events;
using StackExchange.Redis;

namespace Lbc.EventLog.Redis;

/// <summary>An entry handed to one consumer of a group, with how often the group has delivered it.</summary>
public sealed record GroupEntry(LoggedEvent Logged, long DeliveryCount)
{
    public LogPosition Position => Logged.Position;

    public RawEvent Event => Logged.Event;
}

public sealed record RedisConsumerGroupOptions
{
    /// <summary>
    /// Deliveries without an acknowledgement after which an entry is taken as poison and dead-lettered,
    /// so one bad entry cannot be retried forever while the rest waits.
    /// </summary>
    public int MaxDeliveries { get; init; } = 5;
}

/// <summary>
/// Once-only side effects (InfluxDB writes, archive) over the event stream: each entry goes to one
/// consumer of the group, stays pending until acknowledged, and is reclaimed from a consumer that died.
/// At-least-once: a handler must be idempotent by event id, since a reclaimed or recreated-group entry
/// comes again.
/// </summary>
public sealed class RedisConsumerGroup
{
    private readonly RedisEventLog _log;
    private readonly RedisKey _streamKey;
    private readonly int _maxDeliveries;
    private RedisValue _claimCursor = "0-0";
    private bool _created;

    public RedisConsumerGroup(RedisEventLog log, string groupName, string consumerName, RedisConsumerGroupOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupName);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerName);
        _log = log;
        _streamKey = log.Options.StreamKey;
        GroupName = groupName;
        ConsumerName = consumerName;
        _maxDeliveries = (options ?? new RedisConsumerGroupOptions()).MaxDeliveries;
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxDeliveries, 1);
    }

    public string GroupName { get; }

    public string ConsumerName { get; }

    /// <summary>
    /// Creates the group if it does not exist (and the stream with it). From "0", not "$": a group
    /// recreated after it vanished must see the backlog again rather than silently skip it.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await _log.Database.StreamCreateConsumerGroupAsync(_streamKey, GroupName, "0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another instance created it first: that is the normal case with many instances.
        }
        catch (Exception ex) when (RedisEventLog.IsUnavailable(ex))
        {
            throw _log.Unavailable($"create group {GroupName}", ex);
        }
        _created = true;
    }

    /// <summary>Entries never delivered to any consumer of the group (XREADGROUP ">"); delivery count 1.</summary>
    public async Task<IReadOnlyList<GroupEntry>> ReadAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var entries = await WithGroupAsync(
            "read",
            () => _log.Database.StreamReadGroupAsync(_streamKey, GroupName, ConsumerName, StreamPosition.NewMessages, max),
            cancellationToken);
        return entries.Select(e => new GroupEntry(RedisEventLog.ToLogged(e), 1)).ToList();
    }

    /// <summary>Marks entries done: they will not be delivered again.</summary>
    public async Task AckAsync(IEnumerable<LogPosition> positions, CancellationToken cancellationToken = default)
    {
        var ids = positions.Select(p => (RedisValue)p.ToString()).ToArray();
        if (ids.Length == 0)
        {
            return;
        }
        await WithGroupAsync("ack", () => _log.Database.StreamAcknowledgeAsync(_streamKey, GroupName, ids), cancellationToken);
    }

    /// <summary>
    /// Takes over entries that some consumer (a dead one, or this one before a restart) received but has
    /// not acknowledged for <paramref name="minIdle"/> (XAUTOCLAIM). Entries delivered more than
    /// <see cref="RedisConsumerGroupOptions.MaxDeliveries"/> times are dead-lettered with the reason and
    /// acknowledged instead of returned.
    /// </summary>
    public async Task<IReadOnlyList<GroupEntry>> ClaimStaleAsync(TimeSpan minIdle, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var db = _log.Database;
        var claim = await WithGroupAsync(
            "claim",
            () => db.StreamAutoClaimAsync(_streamKey, GroupName, ConsumerName, (long)minIdle.TotalMilliseconds, _claimCursor, max),
            cancellationToken);
        // The cursor walks the pending list across calls; "0-0" means the scan wrapped around.
        _claimCursor = claim.NextStartId.IsNullOrEmpty ? "0-0" : claim.NextStartId;
        var claimed = claim.ClaimedEntries ?? [];
        if (claimed.Length == 0)
        {
            return [];
        }

        // XAUTOCLAIM does not report delivery counts; XPENDING over the claimed range does.
        var pending = await WithGroupAsync(
            "pending",
            () => db.StreamPendingMessagesAsync(_streamKey, GroupName, claimed.Length, ConsumerName, claimed[0].Id, claimed[^1].Id),
            cancellationToken);
        var counts = pending.ToDictionary(p => p.MessageId.ToString(), p => (long)p.DeliveryCount);

        var result = new List<GroupEntry>(claimed.Length);
        var poisoned = new List<LogPosition>();
        foreach (var entry in claimed)
        {
            if (entry.IsNull)
            {
                continue;
            }
            var logged = RedisEventLog.ToLogged(entry);
            var deliveries = counts.TryGetValue(entry.Id.ToString(), out var count) ? count : 1;
            if (deliveries > _maxDeliveries)
            {
                var reason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"consumer group {GroupName}: not acknowledged after {deliveries - 1} deliveries (limit {_maxDeliveries}); stream entry {logged.Position}");
                await _log.DeadLetterAsync(logged.Event, reason, cancellationToken);
                poisoned.Add(logged.Position);
                continue;
            }
            result.Add(new GroupEntry(logged, deliveries));
        }
        // Acknowledge only after the dead letter is stored: a crash in between delivers it again, never loses it.
        await AckAsync(poisoned, cancellationToken);
        return result;
    }

    /// <summary>
    /// Gives up on an entry the handler knows it can never process (e.g. it fails to parse): dead-letters
    /// it with the reason and acknowledges it, so it is not redelivered.
    /// </summary>
    public async Task DeadLetterAsync(GroupEntry entry, string reason, CancellationToken cancellationToken = default)
    {
        await _log.DeadLetterAsync(entry.Event, reason, cancellationToken);
        await AckAsync([entry.Position], cancellationToken);
    }

    /// <summary>Entries delivered to some consumer of the group and not yet acknowledged.</summary>
    public async Task<long> GetPendingCountAsync(CancellationToken cancellationToken = default)
    {
        var info = await WithGroupAsync("pending", () => _log.Database.StreamPendingAsync(_streamKey, GroupName), cancellationToken);
        return info.PendingMessageCount;
    }

    private async Task<T> WithGroupAsync<T>(string operation, Func<Task<T>> command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_created)
        {
            await EnsureCreatedAsync(cancellationToken);
        }
        try
        {
            return await command();
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // The group (or the whole stream) vanished: someone ran XGROUP DESTROY, or Redis lost the key.
            // Recreate it from "0" so the backlog is delivered again instead of skipped, then retry once.
            _claimCursor = "0-0";
            await EnsureCreatedAsync(cancellationToken);
            try
            {
                return await command();
            }
            catch (Exception retry) when (RedisEventLog.IsUnavailable(retry))
            {
                throw _log.Unavailable($"{operation} (group {GroupName})", retry);
            }
        }
        catch (Exception ex) when (RedisEventLog.IsUnavailable(ex))
        {
            throw _log.Unavailable($"{operation} (group {GroupName})", ex);
        }
    }
}
