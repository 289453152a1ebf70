namespace Lbc.Server.Configuration;

/// <summary>The <c>Influx</c> section (names are contract: ARCHITECTURE.md). An empty URL means no InfluxDB.</summary>
public sealed class InfluxOptions
{
    public const string Section = "Influx";

    public string Url { get; set; } = "";

    public string Token { get; set; } = "";

    public string Org { get; set; } = "lbc";

    public string Bucket { get; set; } = "lbc";

    /// <summary>Disk buffer for points InfluxDB has not accepted yet; the oldest are dropped (and counted) beyond it.</summary>
    public long BufferMaxBytes { get; set; } = 1024L * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}

/// <summary>The <c>Dashboard:History</c> section: the embedded store and the writer's leadership.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Dashboard:History";

    /// <summary>Minute points kept by the embedded SQLite store (it is the demo store; InfluxDB keeps what its bucket says).</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// Hourly roll-ups kept by the embedded store (the larger of this and <see cref="RetentionDays"/>): what charts by the hour or day
    /// and the bulletins read; 200 days hold this quarter and the one before whole.
    /// </summary>
    public int HourRetentionDays { get; set; } = 200;

    /// <summary>Redis key of the per-minute writer's leader lock (only used with a Redis connection).</summary>
    public string LeaderKey { get; set; } = "lbc:metrics:leader";

    /// <summary>How long a leader holds the lock without renewing it; renewed at a third of this.</summary>
    public int LeaseSeconds { get; set; } = 30;
}
