using Lbc.Domain.Regions;

namespace Lbc.Domain.Alerts;

/// <summary>Who is told of an alert: one rule for the projection's snapshot and the feed's deltas.</summary>
public static class AlertOwnership
{
    /// <summary>
    /// A jurisdiction that contains the subject's region (for a place of care, also one its region contains: a county's
    /// officers hear of their city's relief station). An alert that escalates reaches only the jurisdictions inside its
    /// owner region: a county's breach the county's officers; once escalated, the city's too; the province's after the
    /// second escalation. One that does not escalate is told at every level at once.
    /// </summary>
    public static bool IsOwnedBy(string jurisdiction, string ownerRegion, string regionCode, bool institution, bool escalates) =>
        (!escalates || RegionCodes.Contains(ownerRegion, jurisdiction))
        && (RegionCodes.Contains(jurisdiction, regionCode) || (institution && RegionCodes.Contains(regionCode, jurisdiction)));

    /// <summary>Whether a jurisdiction may have been sent the alert: its removal goes to these (a client ignores what it never had).</summary>
    public static bool MayHold(string jurisdiction, string regionCode) =>
        RegionCodes.Contains(jurisdiction, regionCode) || RegionCodes.Contains(regionCode, jurisdiction);
}
