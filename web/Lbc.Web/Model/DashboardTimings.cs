namespace Lbc.Web.Model;

/// <summary>
/// How often the dashboard may re-render and push to its JS modules: one instance per app (registered in
/// DashboardClient), so a test shortens them for its own components without touching any other test's.
/// </summary>
public sealed class DashboardTimings
{
    /// <summary>Minimum interval between the store's change notifications (a burst of deltas is one render).</summary>
    public TimeSpan NotifyInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Minimum interval between data pushes to a map.</summary>
    public TimeSpan MapUpdateInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Minimum interval between value pushes to a chart.</summary>
    public TimeSpan ChartUpdateInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Minimum interval between a chart's reads of the history API.</summary>
    public TimeSpan ChartRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);
}
