namespace Lbc.EventLog.Redis;

/// <summary>
/// Where the Redis event log lives and how long a caller may wait for Redis. The key names are the
/// contract in ARCHITECTURE.md; only tests and sharded deployments (<c>lbc:events:{2101}</c>) change them.
/// </summary>
public sealed record RedisEventLogOptions
{
    /// <summary>The stream that holds the log.</summary>
    public string StreamKey { get; init; } = "lbc:events";

    /// <summary>The stream of rejected events (original fields plus <c>reason</c> and <c>at</c>).</summary>
    public string DeadLetterKey => StreamKey + ":dead";

    /// <summary>
    /// The set of dead-lettered event keys, so a redelivered poison event is kept once. Beside the
    /// dead-letter stream because streams cannot be searched by field value.
    /// </summary>
    public string DeadLetterIdsKey => StreamKey + ":dead:ids";

    /// <summary>
    /// The hash of each instance's snapshot position (field = instance id, value = JSON position and time),
    /// which bounds how far the stream may be trimmed (<see cref="RedisStreamTrimmer"/>).
    /// </summary>
    public string SnapshotsKey { get; init; } = "lbc:snapshots";

    /// <summary>The short lock (SET NX PX) that lets one instance at a time trim.</summary>
    public string TrimLockKey => SnapshotsKey + ":trim-lock";

    /// <summary>
    /// How long to wait for a TCP connection. Short on purpose: an ingest request should answer 503
    /// within seconds, not hang while Redis is down.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one command may take before the caller gets <see cref="EventLogUnavailableException"/>.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Delay between reconnection attempts after Redis went away; short so a restart is noticed quickly.</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often <see cref="RedisEventLog.WaitForAppendAsync"/> asks Redis for news. Polling, because the
    /// client multiplexes one connection and cannot park it on a blocking XREAD (ENVIRONMENT.md).
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
