using Lbc.Domain.Events;
using Lbc.Domain.Regions;

namespace Lbc.Domain.Alerts;

/// <summary>
/// One alert as the projection holds it: what raised it and where, and what users did about it (from
/// <c>alert.acknowledged</c> and <c>alert.muted</c> on the log, so every instance holds the same).
/// </summary>
public sealed class AlertState(string id, AlertRule rule, string regionCode, string baseOwnerRegion, DateTimeOffset raisedAt)
{
    public string Id { get; } = id;
    public AlertRule Rule { get; } = rule;
    public AlertSeverity Severity => AlertVocabulary.SeverityOf(Rule);
    public string OwnerRole => AlertVocabulary.OwnerRoleOf(Rule);

    /// <summary>Where the subject is: a township, a county, or a place of care's region.</summary>
    public string RegionCode { get; } = regionCode;

    /// <summary>The region whose officers own the alert before any escalation (the county for a case).</summary>
    public string BaseOwnerRegion { get; } = baseOwnerRegion;

    public DateTimeOffset RaisedAt { get; internal set; } = raisedAt;

    /// <summary>How many levels it went up, unacknowledged (never above the province).</summary>
    public int Level { get; internal set; }

    public string? CaseId { get; init; }
    public string? InstitutionId { get; init; }
    public string? PlacementId { get; init; }

    /// <summary>The rule's particular: the stage word, the reporter type word, the quarter (2026Q3), the rise in points.</summary>
    public string? Detail { get; internal set; }

    public DateTimeOffset? AcknowledgedAt { get; internal set; }
    public Actor? AcknowledgedBy { get; internal set; }
    public DateTimeOffset? MutedUntil { get; internal set; }
    public Actor? MutedBy { get; internal set; }
    public string? MuteReason { get; internal set; }

    /// <summary>When the condition ended; null while open.</summary>
    public DateTimeOffset? ResolvedAt { get; internal set; }

    /// <summary>1 when raised, +1 for every change after (escalation, acknowledgement, mute, reopening).</summary>
    public int Version { get; internal set; } = 1;

    public bool IsOpen => ResolvedAt is null;

    public bool IsMuted(DateTimeOffset now) => MutedUntil is { } until && until > now;

    /// <summary>The region whose officers own it now: <see cref="BaseOwnerRegion"/> moved up <see cref="Level"/> levels.</summary>
    public string OwnerRegion
    {
        get
        {
            var code = BaseOwnerRegion;
            for (var i = 0; i < Level && RegionCodes.ParentOf(code) is { } parent; i++)
            {
                code = parent;
            }
            return code;
        }
    }

    /// <summary>Whether it can still go up a level (the owner is below the province).</summary>
    public bool CanEscalate => AlertVocabulary.Escalates(Rule) && RegionCodes.ParentOf(OwnerRegion) is not null;

    /// <summary>Who is told (<see cref="AlertOwnership.IsOwnedBy"/>).</summary>
    public bool IsOwnedBy(string jurisdiction) => AlertOwnership.IsOwnedBy(jurisdiction, OwnerRegion, RegionCode, InstitutionId is not null,
        AlertVocabulary.Escalates(Rule));
}
