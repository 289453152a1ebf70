using System.Security.Claims;
using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.Hosting;

namespace Lbc.Server.Access;

/// <summary>What a scope shows: case-level data, or the leading group's aggregates.</summary>
public enum ScopeView
{
    Cases,
    Aggregates,
}

/// <summary>
/// One feed: a view of one jurisdiction. Police, civil affairs and administrators of the same region see the
/// same bytes, so they share a scope (one sequence, one filtering per tick); the leading group has its own.
/// </summary>
public readonly record struct Scope(ScopeView View, string Jurisdiction)
{
    /// <summary>The hub group of this scope (assigned by the server from claims, never by the client).</summary>
    public string Group => (View == ScopeView.Cases ? "cases:" : "aggregates:") + Jurisdiction;
}

/// <summary>
/// The one place that decides who sees what: from a user's claims to a <see cref="Scope"/>, and from the
/// province-wide projection to what one scope may receive. HTTP and the hub both go through here.
/// </summary>
public static class ScopePolicy
{
    public const string JurisdictionClaim = "lbc:jurisdiction";
    public const string DisplayNameClaim = "lbc:display_name";

    /// <summary>A role the dashboard knows and a known Liaoning region above village level.</summary>
    public static bool IsValid(string? role, string? jurisdiction, RegionCatalog regions) =>
        role is not null && Roles.All.Contains(role)
        && jurisdiction is not null
        && RegionCodes.LevelOf(jurisdiction) is RegionLevel.Province or RegionLevel.City or RegionLevel.County or RegionLevel.Township
        && RegionCodes.Contains(RegionCodes.Liaoning, jurisdiction)
        && regions.IsKnown(jurisdiction);

    public static ClaimsPrincipal Principal(string username, string displayName, string role, string jurisdiction, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, username),
                new Claim(DisplayNameClaim, displayName),
                new Claim(ClaimTypes.Role, role),
                new Claim(JurisdictionClaim, jurisdiction),
            ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static string? JurisdictionOf(ClaimsPrincipal user) => user.FindFirstValue(JurisdictionClaim);

    /// <summary>The user's scope, or null when the claims do not name a valid role and region (then: no data at all).</summary>
    public static Scope? ScopeOf(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var role = user.FindFirstValue(ClaimTypes.Role);
        var jurisdiction = JurisdictionOf(user);
        if (role is null || !Roles.All.Contains(role) || jurisdiction is null
            || RegionCodes.LevelOf(jurisdiction) is null or RegionLevel.Village
            || !RegionCodes.Contains(RegionCodes.Liaoning, jurisdiction))
        {
            return null;
        }
        return new Scope(Roles.SeesAggregatesOnly(role) ? ScopeView.Aggregates : ScopeView.Cases, jurisdiction);
    }

    /// <summary>The case-level groups that must hear about a case in <paramref name="townshipCode"/>: every region containing it.</summary>
    public static IReadOnlyList<string> CaseGroupsFor(string townshipCode)
    {
        var groups = new List<string>(4);
        for (var code = townshipCode; code is not null; code = RegionCodes.ParentOf(code))
        {
            groups.Add(new Scope(ScopeView.Cases, code).Group);
        }
        return groups;
    }

    public static bool Sees(Scope scope, string townshipCode) =>
        scope.View == ScopeView.Cases && RegionCodes.Contains(scope.Jurisdiction, townshipCode);

    /// <summary>
    /// An institution serves the regions around it: a county user sees a city's relief station, a city user
    /// the stations of its counties (the same rule as the projection's snapshot).
    /// </summary>
    private static bool SeesInstitution(string jurisdiction, string regionCode) =>
        RegionCodes.Contains(jurisdiction, regionCode) || RegionCodes.Contains(regionCode, jurisdiction);

    /// <summary>The part of one tick's changes a case-level scope may receive; null when nothing is left.</summary>
    public static DeltaBatch? ForCases(Scope scope, ChangeSet changes)
    {
        var j = scope.Jurisdiction;
        var cases = changes.Cases.Where(c => RegionCodes.Contains(j, c.TownshipCode)).ToList();
        var removed = changes.Removed.Where(r => RegionCodes.Contains(j, r.TownshipCode)).Select(r => r.CaseId).ToList();
        var institutions = changes.Institutions.Where(i => SeesInstitution(j, i.RegionCode)).ToList();
        var townships = changes.Townships.Where(t => RegionCodes.Contains(j, t.Code)).ToList();
        var indicators = changes.Indicators.GetValueOrDefault(j);
        if (cases.Count == 0 && removed.Count == 0 && institutions.Count == 0 && townships.Count == 0
            && indicators is null && changes.Progress is null)
        {
            return null;
        }
        return new DeltaBatch(0, 0, changes.AsOf, cases, removed, institutions, townships, indicators, changes.Progress);
    }

    /// <summary>The part of one tick's changes a leading-group scope may receive: suppressed counters only.</summary>
    public static AggregateDelta? ForAggregates(Scope scope, ChangeSet changes)
    {
        var j = scope.Jurisdiction;
        var townships = changes.Townships.Where(t => RegionCodes.Contains(j, t.Code)).Select(Suppress).ToList();
        var indicators = changes.Indicators.GetValueOrDefault(j) is { } i ? Suppress(i) : null;
        var caseCounts = changes.CaseCounts.GetValueOrDefault(j);
        if (townships.Count == 0 && indicators is null && caseCounts is null && changes.Progress is null)
        {
            return null;
        }
        return new AggregateDelta(0, 0, changes.AsOf, indicators, townships, caseCounts, changes.Progress);
    }

    /// <summary>A progress-only message, sent while the log is replaying (content is not sent until then).</summary>
    public static object ProgressOnly(Scope scope, DateTimeOffset asOf, ReplayProgress progress) => scope.View == ScopeView.Cases
        ? new DeltaBatch(0, 0, asOf, [], [], [], [], null, progress)
        : new AggregateDelta(0, 0, asOf, null, [], null, progress);

    /// <summary>The leading group's snapshot made from a case-level one: counters kept (suppressed), identities dropped.</summary>
    public static AggregateSnapshot ToAggregate(DashboardSnapshot snapshot, IReadOnlyList<CaseCountDto> caseCounts) =>
        new(snapshot.Sequence, snapshot.AsOf, snapshot.Jurisdiction, snapshot.Progress, Suppress(snapshot.Indicators),
            [.. snapshot.Townships.Select(Suppress)], caseCounts, snapshot.Rules);

    /// <summary>
    /// Open cases per region one level below <paramref name="jurisdiction"/> and per category, every cell
    /// present, small counts suppressed.
    /// </summary>
    public static IReadOnlyList<CaseCountDto> CaseCounts(string jurisdiction, IEnumerable<(string TownshipCode, string Category)> openCases,
        RegionCatalog regions, IReadOnlyList<string> categories)
    {
        var level = RegionCodes.LevelOf(jurisdiction);
        IEnumerable<string> children = level switch
        {
            RegionLevel.Province => regions.Cities.Select(c => c.Code),
            RegionLevel.City => regions.CountiesIn(jurisdiction).Select(c => c.Code),
            RegionLevel.County => regions.TownshipsIn(jurisdiction).Select(t => t.Code),
            _ => [jurisdiction],
        };
        var childLength = level is RegionLevel.Township or null ? jurisdiction.Length : RegionCodes.LengthOf(level.Value + 1);
        var counts = new Dictionary<(string, string), int>();
        foreach (var (township, category) in openCases)
        {
            if (RegionCodes.Contains(jurisdiction, township))
            {
                var key = (township[..childLength], category);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        var rows = new List<CaseCountDto>();
        foreach (var child in children)
        {
            foreach (var category in categories)
            {
                rows.Add(new CaseCountDto(child, category, SmallCounts.Suppress(counts.GetValueOrDefault((child, category)))));
            }
        }
        return rows;
    }

    public static AggregateIndicatorsDto Suppress(IndicatorsDto i) =>
        new(S(i.ActiveChildren), S(i.VisitedOnTime), S(i.VisitDueSoon), S(i.VisitOverdue), S(i.StaleRecords),
            S(i.SchoolAge), S(i.Paired), S(i.OpenDropouts), S(i.OpenCases), S(i.BreachedCases), S(i.PlacementsWaiting),
            S(i.PlacementsActive), S(i.FreeBeds), S(i.LateTownships),
            i.ExitsByReason.ToDictionary(e => e.Key, e => S(e.Value), StringComparer.Ordinal));

    public static AggregateTownshipDto Suppress(TownshipStatsDto t) =>
        new(t.Code, S(t.Children), S(t.VisitedOnTime), S(t.VisitDueSoon), S(t.VisitOverdue), S(t.StaleRecords),
            S(t.SchoolAge), S(t.Paired), S(t.OpenDropouts));

    private static int? S(int count) => SmallCounts.Suppress(count);
}
