using System.Globalization;
using Lbc.Domain.Events;
using StackExchange.Redis;

namespace Lbc.EventLog.Redis;

/// <summary>
/// The production log: a Redis Stream (<c>lbc:events</c>, fields <c>id type v ts src data</c>) on a server
/// with AOF and <c>appendfsync always</c>, so an XADD that Redis acknowledged survives a crash of Redis.
/// The stream entry id <c>ms-seq</c> is the log position.
/// </summary>
public sealed class RedisEventLog : IEventLog
{
    internal const string IdField = "id";
    internal const string TypeField = "type";
    internal const string VersionField = "v";
    internal const string TimestampField = "ts";
    internal const string SourceField = "src";
    internal const string DataField = "data";
    internal const string ReasonField = "reason";
    internal const string AtField = "at";

    // One script so "seen before?" and "keep it" cannot interleave with a second consumer dead-lettering
    // the same redelivered event.
    private const string DeadLetterScript = """
        if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
          redis.call('XADD', KEYS[1], '*', 'id', ARGV[2], 'type', ARGV[3], 'v', ARGV[4], 'ts', ARGV[5],
            'src', ARGV[6], 'data', ARGV[7], 'reason', ARGV[8], 'at', ARGV[9])
          return 1
        end
        return 0
        """;

    private const string PersistenceInfoScript = "return redis.call('INFO', 'persistence')";

    private readonly IConnectionMultiplexer _multiplexer;
    private readonly bool _ownsMultiplexer;
    private readonly TimeProvider _time;
    private readonly RedisKey _streamKey;
    private readonly string _streamKeyText;
    private readonly RedisKey _deadKey;
    private readonly RedisKey _deadIdsKey;
    private TaskCompletionSource _appended = NewSignal();
    private readonly Lazy<RespRangeReader?> _bulkReader;

    /// <summary>Wraps a multiplexer the caller owns (e.g. shared with the SignalR backplane).</summary>
    public RedisEventLog(IConnectionMultiplexer multiplexer, RedisEventLogOptions? options = null, TimeProvider? time = null)
        : this(multiplexer, ownsMultiplexer: false, options ?? new RedisEventLogOptions(), time ?? TimeProvider.System)
    {
    }

    private RedisEventLog(IConnectionMultiplexer multiplexer, bool ownsMultiplexer, RedisEventLogOptions options, TimeProvider time)
    {
        _multiplexer = multiplexer;
        _ownsMultiplexer = ownsMultiplexer;
        Options = options;
        _time = time;
        _streamKey = options.StreamKey;
        _streamKeyText = options.StreamKey;
        _deadKey = options.DeadLetterKey;
        _deadIdsKey = options.DeadLetterIdsKey;
        _bulkReader = new(() => RespRangeReader.TryCreate(ConfigurationOptions.Parse(multiplexer.Configuration), options.OperationTimeout));
    }

    /// <summary>Reads of at least this many events (a replay's or a catch-up's pages) go through <see cref="RespRangeReader"/>.</summary>
    internal const int BulkReadMinimum = 1_000;

    private long _bulkReads;

    /// <summary>Reads served by the bulk reader's own connection (the rest went through the multiplexer).</summary>
    public long BulkReads => Interlocked.Read(ref _bulkReads);

    public string Kind => "redis";

    public RedisEventLogOptions Options { get; }

    internal IDatabase Database => _multiplexer.GetDatabase();

    internal TimeProvider Time => _time;

    /// <summary>
    /// Connects without failing when Redis is down (<c>abortConnect=false</c>): the server must start and
    /// report "degraded" rather than crash, and the multiplexer keeps reconnecting in the background.
    /// Commands issued while disconnected fail at once with <see cref="EventLogUnavailableException"/>.
    /// </summary>
    public static async Task<RedisEventLog> ConnectAsync(string connectionString, RedisEventLogOptions? options = null, TimeProvider? time = null)
    {
        options ??= new RedisEventLogOptions();
        var configuration = CreateConfiguration(connectionString, options);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        return new RedisEventLog(multiplexer, ownsMultiplexer: true, options, time ?? TimeProvider.System);
    }

    /// <summary>The client settings the log relies on, for callers that build their own multiplexer.</summary>
    public static ConfigurationOptions CreateConfiguration(string connectionString, RedisEventLogOptions? options = null)
    {
        options ??= new RedisEventLogOptions();
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new LinearRetry((int)options.ReconnectInterval.TotalMilliseconds);
        // Fail fast instead of queueing while disconnected: a queued XADD that times out for the caller
        // could still be sent after the reconnect, and the producer, told "503", would send it again.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return configuration;
    }

    public async Task<IReadOnlyList<LogPosition>> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return [];
        }
        cancellationToken.ThrowIfCancellationRequested();
        RedisValue[] ids;
        try
        {
            if (events.Count == 1)
            {
                ids = [await Database.StreamAddAsync(_streamKey, ToFields(events[0]))];
            }
            else
            {
                // MULTI/EXEC: one round trip, and a batch lands whole and contiguous or not at all.
                var transaction = Database.CreateTransaction();
                var adds = new Task<RedisValue>[events.Count];
                for (var i = 0; i < events.Count; i++)
                {
                    adds[i] = transaction.StreamAddAsync(_streamKey, ToFields(events[i]));
                }
                if (!await transaction.ExecuteAsync())
                {
                    throw new EventLogUnavailableException($"Redis {_streamKey}: the append transaction was discarded");
                }
                ids = await Task.WhenAll(adds);
            }
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable("append", ex);
        }
        Interlocked.Exchange(ref _appended, NewSignal()).TrySetResult();
        var positions = new LogPosition[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            positions[i] = LogPosition.Parse(ids[i].ToString());
        }
        return positions;
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadAfterAsync(LogPosition after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (TryBulk(max, (bulk, key) => bulk.Read(key, after, max), out var events))
        {
            return events;
        }
        StreamEntry[] entries;
        try
        {
            entries = await Database.StreamRangeAsync(_streamKey, Exclusive(after), "+", max);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable("read", ex);
        }
        var result = new LoggedEvent[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            result[i] = ToLogged(entries[i]);
        }
        return result;
    }

    /// <summary>
    /// The reader's check and page in one atomic round trip over the bulk reader's connection (MULTI, XINFO STREAM, XRANGE,
    /// EXEC) for a page of <see cref="BulkReadMinimum"/> or more; otherwise, or when that connection fails, as two commands.
    /// </summary>
    public async Task<(LogStart Start, IReadOnlyList<LoggedEvent> Events)> ReadAfterCheckedAsync(LogPosition after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        cancellationToken.ThrowIfCancellationRequested();
        if (TryBulk(max, (bulk, key) => bulk.ReadChecked(key, after, max), out var page))
        {
            return page;
        }
        var start = await GetFirstAsync(cancellationToken);
        return start.LostEventsAfter(after) ? (start, []) : (start, await ReadAfterAsync(after, max, cancellationToken));
    }

    /// <summary>
    /// A read of <see cref="BulkReadMinimum"/> events or more through the bulk reader, when there is one. False when there
    /// is none or its connection failed (Redis restarting, a timeout): then the read goes through the multiplexer, which
    /// reports an outage as every other command does, and the next bulk read opens a new connection.
    /// </summary>
    private bool TryBulk<T>(int max, Func<RespRangeReader, string, T> read, out T result)
    {
        result = default!;
        if (max < BulkReadMinimum || _bulkReader.Value is not { } bulk)
        {
            return false;
        }
        try
        {
            result = read(bulk, _streamKeyText);
            Interlocked.Increment(ref _bulkReads);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async Task<LogPosition> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var last = await Database.StreamRangeAsync(_streamKey, "-", "+", 1, Order.Descending);
            return last.Length == 0 ? LogPosition.Start : LogPosition.Parse(last[0].Id.ToString());
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable("head", ex);
        }
    }

    public async Task<LogStart> GetFirstAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (!await Database.KeyExistsAsync(_streamKey))
            {
                return new LogStart(LogPosition.Start, false);
            }
            var info = await Database.StreamInfoAsync(_streamKey);
            // XTRIM does not move max-deleted-entry-id (Redis 7.0), but entries-added counts every XADD ever.
            var trimmed = info.EntriesAdded > info.Length;
            if (info.Length == 0)
            {
                // Everything was removed: anything up to the last id ever generated is gone.
                var last = LogPosition.Parse(info.LastGeneratedId.ToString());
                return new LogStart(last with { Minor = last.Minor + 1 }, trimmed);
            }
            return new LogStart(LogPosition.Parse(info.FirstEntry.Id.ToString()), trimmed);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable("first", ex);
        }
    }

    /// <summary>
    /// Removes the events before <paramref name="minimum"/> (XTRIM MINID, exact): the trimmer passes the
    /// oldest snapshot position still in use, so no instance loses an event it has not folded into a snapshot.
    /// </summary>
    public async Task<long> TrimBeforeAsync(LogPosition minimum, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await Database.StreamTrimByMinIdAsync(_streamKey, minimum.ToString());
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable("trim", ex);
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await Database.StreamLengthAsync(_streamKey);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable("count", ex);
        }
    }

    public async Task DeadLetterAsync(RawEvent rawEvent, string reason, CancellationToken cancellationToken = default)
    {
        await DeadLetterOnceAsync(rawEvent, reason, cancellationToken);
    }

    /// <summary>Like <see cref="DeadLetterAsync"/>; true when this call kept it, false when it was kept before.</summary>
    public async Task<bool> DeadLetterOnceAsync(RawEvent rawEvent, string reason, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = rawEvent.Id ?? "";
        var src = rawEvent.Src ?? "";
        try
        {
            var kept = await Database.ScriptEvaluateAsync(
                DeadLetterScript,
                [_deadKey, _deadIdsKey],
                [
                    // Same identity as the SQLite log's primary key (src, id); \u001f cannot occur in either.
                    src + "\u001f" + id,
                    id, rawEvent.Type ?? "", rawEvent.V.ToString(CultureInfo.InvariantCulture), rawEvent.Ts ?? "",
                    src, rawEvent.Data ?? "", reason, EventTimestamps.Format(_time.GetUtcNow()),
                ]);
            return (long)kept == 1;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable("dead-letter", ex);
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }
        cancellationToken.ThrowIfCancellationRequested();
        StreamEntry[] entries;
        try
        {
            entries = await Database.StreamRangeAsync(_deadKey, "-", "+", max, Order.Descending);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable("read dead letters", ex);
        }
        var result = new DeadLetter[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            // XREVRANGE gives newest first; the contract is newest last.
            var entry = entries[entries.Length - 1 - i];
            EventTimestamps.TryParse(StreamEntryDecoder.Field(entry, AtField), out var at);
            result[i] = new DeadLetter(ToRawEvent(entry), StreamEntryDecoder.Field(entry, ReasonField), at);
        }
        return result;
    }

    public async Task WaitForAppendAsync(LogPosition after, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        // Taken before the first look so an append by this instance between the look and the wait is not missed.
        var signal = Volatile.Read(ref _appended).Task;
        while (true)
        {
            if (await HasEventsAfterAsync(after))
            {
                return;
            }
            var remaining = timeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            var delay = remaining < Options.PollInterval ? remaining : Options.PollInterval;
            await Task.WhenAny(signal, Task.Delay(delay, _time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (signal.IsCompleted)
            {
                return;
            }
        }
    }

    public async Task<EventLogHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_multiplexer.IsConnected)
        {
            return new EventLogHealth(false, $"redis {_streamKey}: not connected ({Endpoints()}); reconnecting");
        }
        try
        {
            var latency = await Database.PingAsync();
            var length = await Database.StreamLengthAsync(_streamKey);
            // Through a script because the client only sends INFO on admin connections, and the log's
            // connection string should not need allowAdmin.
            var persistence = (string?)await Database.ScriptEvaluateAsync(PersistenceInfoScript) ?? "";
            // Debian's stock redis.conf has AOF off: appends would be acknowledged yet lost on a crash,
            // which breaks the log's promise. Reachable, so still healthy, but say so where operators look.
            var aofWarning = persistence.Contains("aof_enabled:0", StringComparison.Ordinal)
                ? "; WARNING: AOF is off, acknowledged events are lost if Redis crashes (set appendonly yes, appendfsync always)"
                : "";
            return new EventLogHealth(true, string.Create(
                CultureInfo.InvariantCulture,
                $"redis {_streamKey}: {length} events, ping {latency.TotalMilliseconds:0.0} ms{aofWarning}"));
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            return new EventLogHealth(false, $"redis {_streamKey}: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _appended, NewSignal()).TrySetResult();
        if (_bulkReader.IsValueCreated)
        {
            _bulkReader.Value?.Dispose();
        }
        if (_ownsMultiplexer)
        {
            await _multiplexer.CloseAsync(allowCommandsToComplete: true);
            _multiplexer.Dispose();
        }
    }

    internal static NameValueEntry[] ToFields(RawEvent e) =>
    [
        new(IdField, e.Id ?? ""),
        new(TypeField, e.Type ?? ""),
        new(VersionField, e.V),
        new(TimestampField, e.Ts ?? ""),
        new(SourceField, e.Src ?? ""),
        new(DataField, e.Data ?? ""),
    ];

    internal static LoggedEvent ToLogged(StreamEntry entry) => StreamEntryDecoder.ToLogged(entry);

    internal static RawEvent ToRawEvent(StreamEntry entry) => StreamEntryDecoder.ToRawEvent(entry);

    internal static bool IsUnavailable(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    internal EventLogUnavailableException Unavailable(string operation, Exception ex) =>
        new($"Redis event log {_streamKey} ({Endpoints()}): {operation} failed: {ex.Message}", ex);

    internal static RedisValue Exclusive(LogPosition after) => "(" + after.ToString();

    private async Task<bool> HasEventsAfterAsync(LogPosition after)
    {
        try
        {
            var next = await Database.StreamRangeAsync(_streamKey, Exclusive(after), "+", 1);
            return next.Length > 0;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            // Redis down: keep waiting rather than send the tail loop spinning on reads that will fail;
            // the timeout still bounds the wait and health reports the outage.
            return false;
        }
    }

    private string Endpoints() => string.Join(",", _multiplexer.GetEndPoints().Select(e => e.ToString()));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
