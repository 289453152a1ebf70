namespace Lbc.Contracts;

/// <summary>
/// One alert as a case-level user sees it (issue 16). <see cref="AlertId"/> is stable (rule, subject, and a period where
/// the rule has one) and is what <c>alert.acknowledged</c> / <c>alert.muted</c> name. <see cref="RegionCode"/> is where
/// the subject is (a township, a county, or a place of care's region); <see cref="OwnerRegion"/> whose officers own it
/// now (it moves one level up each time a breached stage is escalated, <see cref="Level"/> times). <see cref="MutedUntil"/>
/// is set only while the mute is in force. Counted on the bell when neither acknowledged nor muted.
/// </summary>
public sealed record AlertDto(
    string AlertId,
    string Rule,
    string Severity,
    string OwnerRole,
    string RegionCode,
    string OwnerRegion,
    int Level,
    DateTimeOffset RaisedAt,
    string? CaseId,
    string? InstitutionId,
    string? PlacementId,
    string? Detail,
    string? AcknowledgedBy,
    string? AcknowledgedByName,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? MutedUntil,
    string? MutedByName,
    string? MuteReason,
    int Version)
{
    /// <summary>What the bell counts: open (always, on the wire), not acknowledged, not muted now.</summary>
    public bool NeedsAttention => AcknowledgedAt is null && MutedUntil is null;
}

/// <summary>
/// The leading group's view of alerts in one city over the retention window: how many were raised, how many
/// acknowledged and the median minutes from raised to acknowledged. Counts from 1 to 4 are null ("&lt;5"), and so is the
/// median when fewer than 5 were acknowledged. No alert, case or institution is named. For the country's leading group
/// (national catalog) the rows are provinces and <paramref name="CityCode"/> a province's code.
/// </summary>
public sealed record AlertCityFiguresDto(string CityCode, int? Raised, int? Acknowledged, double? MedianMinutesToAcknowledge);

/// <summary>The alert commands' event types (ARCHITECTURE.md, commands with <c>alertId</c>).</summary>
public static class AlertCommands
{
    public const string Acknowledged = "alert.acknowledged";
    public const string Muted = "alert.muted";
}
