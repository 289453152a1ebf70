using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Cases;

/// <summary>Where to look for a missing child now: a circle around the last-seen point (or the township's point).</summary>
public sealed record SearchCircle(GeoPoint Centre, bool CentreApproximate, DateTimeOffset LastSeenAt, double RadiusKm);

/// <summary>
/// The missing-child search area (DOMAIN.md, rules for the role views): a child on foot or in a car gets
/// further every hour, so the circle grows from the moment the child was last seen, up to a cap.
/// </summary>
public static class SearchArea
{
    /// <summary>Base radius plus growth per hour since <paramref name="lastSeenAt"/> (hours as a fraction), capped.</summary>
    public static double RadiusKm(DateTimeOffset lastSeenAt, DateTimeOffset now, RuleSettings rules)
    {
        var hours = Math.Max(0, (now - lastSeenAt).TotalHours);
        return Math.Min(rules.SearchCapKm, rules.SearchBaseKm + rules.SearchGrowthKmPerHour * hours);
    }

    /// <summary>
    /// When the child was last seen: when the reporter noticed (discovered_at) if known, else when police
    /// received the report, the latest moment the child is known to have been missing.
    /// </summary>
    public static DateTimeOffset LastSeenAt(CaseState c) => c.DiscoveredAt ?? c.ReceivedAt;

    /// <summary>The circle for an open <c>missing</c> case whose child is not found yet; null otherwise.</summary>
    public static SearchCircle? Of(CaseState c, DateTimeOffset now, RuleSettings rules)
    {
        if (c.Category != ReportCategory.Missing || c.IsClosed || c.DoneAt(CaseStage.ChildFound) is not null)
        {
            return null;
        }
        var lastSeen = LastSeenAt(c);
        return new SearchCircle(c.Location, c.LocationApproximate, lastSeen, RadiusKm(lastSeen, now, rules));
    }
}
