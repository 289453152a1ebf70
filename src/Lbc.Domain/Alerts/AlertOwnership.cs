using Lbc.Domain.Regions;

namespace Lbc.Domain.Alerts;

/// <summary>Who is told of an alert: one rule for the projection's snapshot and the feed's deltas.</summary>
public static class AlertOwnership
{
    /// <summary>
    /// A jurisdiction inside the owner region that contains the subject's region (for a place of care, also one its region
    /// contains: a county's officers hear of their city's relief station). A county's breach reaches the county's
    /// officers; once escalated, the city's too; the province's after the second escalation.
    /// </summary>
    public static bool IsOwnedBy(string jurisdiction, string ownerRegion, string regionCode, bool institution) =>
        RegionCodes.Contains(ownerRegion, jurisdiction)
        && (RegionCodes.Contains(jurisdiction, regionCode) || (institution && RegionCodes.Contains(regionCode, jurisdiction)));

    /// <summary>Whether a jurisdiction may have been sent the alert: its removal goes to these (a client ignores what it never had).</summary>
    public static bool MayHold(string jurisdiction, string regionCode) =>
        RegionCodes.Contains(jurisdiction, regionCode) || RegionCodes.Contains(regionCode, jurisdiction);
}
