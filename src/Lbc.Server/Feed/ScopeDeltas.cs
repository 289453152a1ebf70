using Lbc.Contracts;
using Lbc.Server.Access;

namespace Lbc.Server.Feed;

/// <summary>
/// The part of a tick one scope may receive, as that scope's (unnumbered) delta. Who sees what is decided by
/// <see cref="ScopePolicy"/>, the one place HTTP and the hub share; this only applies it to a tick.
/// </summary>
public static class ScopeDeltas
{
    /// <summary>The scope's delta, or null when nothing in the tick concerns it.</summary>
    public static ISequencedDelta? For(Scope scope, FeedTick tick) =>
        scope.View == ScopeView.Cases ? ForCases(scope, tick) : ForAggregates(scope, tick);

    public static DeltaBatch? ForCases(Scope scope, FeedTick tick)
    {
        var changes = tick.Changes;
        var cases = changes.Cases.Where(c => ScopePolicy.Sees(scope, c.TownshipCode)).ToList();
        var removed = changes.Removed.Where(r => ScopePolicy.Sees(scope, r.TownshipCode)).Select(r => r.CaseId).ToList();
        var institutions = changes.Institutions.Where(i => ScopePolicy.SeesInstitution(scope, i.RegionCode)).ToList();
        var townships = changes.Townships.Where(t => ScopePolicy.SeesRegion(scope, t.Code)).ToList();
        var figures = tick.Figures.GetValueOrDefault(scope.Jurisdiction);
        var placements = changes.Placements.Where(p => ScopePolicy.Sees(scope, p.TownshipCode)).ToList();
        var placementsEnded = changes.PlacementsEnded.Where(p => ScopePolicy.Sees(scope, p.TownshipCode)).Select(p => p.PlacementId).ToList();
        var followUps = changes.FollowUps.Where(f => ScopePolicy.Sees(scope, f.TownshipCode)).ToList();
        var followUpsEnded = changes.FollowUpsEnded.Where(f => ScopePolicy.Sees(scope, f.TownshipCode)).Select(f => f.CaseId).ToList();
        var alerts = changes.Alerts.Where(a => ScopePolicy.OwnsAlert(scope, a)).ToList();
        var alertsEnded = changes.AlertsEnded.Where(a => ScopePolicy.MayHoldAlert(scope, a.RegionCode)).Select(a => a.AlertId).ToList();
        if (cases.Count == 0 && removed.Count == 0 && institutions.Count == 0 && townships.Count == 0
            && placements.Count == 0 && placementsEnded.Count == 0 && followUps.Count == 0 && followUpsEnded.Count == 0
            && alerts.Count == 0 && alertsEnded.Count == 0 && figures is null && tick.Progress is null)
        {
            return null;
        }
        return new DeltaBatch(0, 0, tick.AsOf, cases, removed, institutions, townships, figures, tick.Progress)
        {
            Placements = placements,
            PlacementsEnded = placementsEnded,
            FollowUps = followUps,
            FollowUpsEnded = followUpsEnded,
            Alerts = alerts,
            AlertsEnded = alertsEnded,
        };
    }

    /// <summary>
    /// The leading group's part: its region's figures and sub-region table, suppressed as one table, whole; no case,
    /// child, village or coordinate.
    /// </summary>
    public static AggregateDelta? ForAggregates(Scope scope, FeedTick tick)
    {
        var table = tick.Tables.GetValueOrDefault(scope.Jurisdiction);
        var alerts = tick.AlertFigures.GetValueOrDefault(scope.Jurisdiction);
        if (table is null && alerts is null && tick.Progress is null)
        {
            return null;
        }
        return new AggregateDelta(0, 0, tick.AsOf, table?.Figures, table?.SubRegions, tick.Progress) { Alerts = alerts };
    }

    /// <summary>A progress-only message, sent while the log is replaying (content is not sent until then).</summary>
    public static ISequencedDelta ProgressOnly(Scope scope, DateTimeOffset asOf, ReplayProgress progress) => scope.View == ScopeView.Cases
        ? new DeltaBatch(0, 0, asOf, [], [], [], [], null, progress)
        : new AggregateDelta(0, 0, asOf, null, null, progress);
}
