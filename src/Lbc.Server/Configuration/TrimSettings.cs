using Lbc.EventLog.Redis;

namespace Lbc.Server.Configuration;

/// <summary>
/// <c>Dashboard:Trim</c>: how the Redis stream is kept from growing forever. Only the Redis log is trimmed
/// (the embedded SQLite log never is), so these settings mean nothing with <c>Dashboard:EventLog=Sqlite</c>.
/// </summary>
public sealed class TrimSettings
{
    public const string Section = "Dashboard:Trim";

    /// <summary>On by default with Redis: without it the stream (and Redis' memory) grows with every event ever.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often this instance refreshes its snapshot record and tries to trim.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Never keep fewer than this many of the newest events, whatever the snapshots allow.</summary>
    public long KeepEvents { get; set; } = 100_000;

    /// <summary>Never remove an event younger than this, whatever the snapshots allow.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A record not refreshed for this long (its instance is down) stops bounding the trim; that instance
    /// resyncs from a snapshot, with an alert, if its events are gone when it returns.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Upper bound of one trim; the lock is released as soon as the trim is done.</summary>
    public TimeSpan LockFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This instance's field in <c>lbc:snapshots</c>; default: host name and full data directory, stable across restarts.</summary>
    public string? InstanceId { get; set; }

    public TrimPolicy ToPolicy() => new(KeepEvents, KeepFor, StaleAfter, LockFor);
}
