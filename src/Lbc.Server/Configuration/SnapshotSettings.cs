namespace Lbc.Server.Configuration;

/// <summary><c>Dashboard:Snapshots</c>: how often the projection is saved so a restart replays only the tail.</summary>
public sealed class SnapshotSettings
{
    public const string Section = "Dashboard:Snapshots";

    public bool Enabled { get; set; } = true;

    /// <summary>Take a snapshot once this many events were applied since the last one...</summary>
    public long EveryEvents { get; set; } = 100_000;

    /// <summary>...or once this much time passed with at least one event applied.</summary>
    public TimeSpan EveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the conditions are checked.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Snapshots kept on disk; the older one is the fallback when the newest is unreadable.</summary>
    public int Keep { get; set; } = 2;
}
