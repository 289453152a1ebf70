using Lbc.Domain.Audit;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Registry;

namespace Lbc.Domain.Events;

/// <summary>
/// Envelope fields every event carries once validated. <see cref="Ts"/> is UTC. <see cref="Actor"/> is the
/// person who recorded it (<c>data.actor</c>), on the types <see cref="Events.Actor.MayCarry"/> names; null
/// when the producer sent none.
/// </summary>
public sealed record EventMeta(string Id, string Type, DateTimeOffset Ts, string Src, Actor? Actor = null)
{
    /// <summary>
    /// A hash of what the event says (type, ts, data): the same id sent again with the same content is a redelivery,
    /// with other content a conflict that must not be dropped silently. 0 when built by hand (tests).
    /// </summary>
    public ulong ContentHash { get; init; }
}

/// <summary>A validated event of catalog v1. Field meanings are documented in docs/events.md.</summary>
public abstract record DomainEvent(EventMeta Meta);

// Registry (township ledger, 一人一档)
public sealed record ChildRegistered(
    EventMeta Meta, string ChildId, string VillageCode, string TownshipCode, DateOnly BirthDate,
    LeftBehindKind Kind, GuardianArrangement Guardian) : DomainEvent(Meta)
{
    /// <summary>The ledger's personal fields, sealed (never opened by the domain); only whether there are some matters here.</summary>
    public string? PersonalSealed { get; init; }
}

public sealed record ChildUpdated(
    EventMeta Meta, string ChildId, string? VillageCode, string? TownshipCode,
    LeftBehindKind? Kind, GuardianArrangement? Guardian) : DomainEvent(Meta)
{
    /// <summary>As <see cref="ChildRegistered.PersonalSealed"/>.</summary>
    public string? PersonalSealed { get; init; }
}

public sealed record ChildExited(EventMeta Meta, string ChildId, ExitReason Reason) : DomainEvent(Meta);

public sealed record LedgerSubmitted(EventMeta Meta, string TownshipCode, int Year, int Quarter) : DomainEvent(Meta);

// Visits and schools
public sealed record VisitRecorded(
    EventMeta Meta, string ChildId, DateTimeOffset VisitedAt, string VisitorId, VisitFinding Finding) : DomainEvent(Meta);

public sealed record PairingAssigned(EventMeta Meta, string ChildId, string TeacherId) : DomainEvent(Meta);

public sealed record DropoutReported(EventMeta Meta, string ChildId) : DomainEvent(Meta);

public sealed record DropoutReturned(EventMeta Meta, string ChildId) : DomainEvent(Meta);

// Mandatory reports and the police chain
public sealed record ReportFiled(
    EventMeta Meta, string ReportId, string? ChildId, string TownshipCode, string? VillageCode,
    double? Lon, double? Lat, ReportCategory Category, ReporterType Reporter,
    DateTimeOffset? DiscoveredAt, DateTimeOffset ReceivedAt) : DomainEvent(Meta)
{
    /// <summary>The sealed personal data (<c>personal_sealed</c>), kept as an opaque blob for the audited reveal; never opened here.</summary>
    public string? PersonalSealed { get; init; }

    /// <summary>The surname mask written at ingest when the deployment allows it (<c>display_mask</c>, e.g. 王＊).</summary>
    public string? DisplayMask { get; init; }

    /// <summary>The child's age band at the report, written at ingest from the sealed birth date (<c>age_band</c>).</summary>
    public Personal.AgeBand? AgeBand { get; init; }
}

/// <summary>
/// Any <c>case.*</c> step. The optional fields are set only by the types they belong to:
/// <see cref="ParentsReached"/> by case.parents_contacted, <see cref="EscortedTo"/> and
/// <see cref="InstitutionId"/> by case.child_escorted, <see cref="Outcome"/> by case.closed.
/// <see cref="SeriousHarm"/> and <see cref="NoCarer"/> may come with any step: what officers found, which for
/// <c>domestic_violence</c> calls for a placement by civil affairs (emergency chain step 6).
/// </summary>
public sealed record CaseProgressed(
    EventMeta Meta, string ReportId, CaseStage Stage, bool? ParentsReached = null,
    EscortDestination? EscortedTo = null, string? InstitutionId = null, string? Outcome = null,
    bool? SeriousHarm = null, bool? NoCarer = null) : DomainEvent(Meta);

// Civil affairs
public sealed record PlacementRequested(
    EventMeta Meta, string PlacementId, string? ReportId, string TownshipCode) : DomainEvent(Meta);

public sealed record PlacementAssigned(EventMeta Meta, string PlacementId, string InstitutionId) : DomainEvent(Meta);

public sealed record PlacementAdmitted(EventMeta Meta, string PlacementId) : DomainEvent(Meta);

public sealed record PlacementEnded(EventMeta Meta, string PlacementId, string Reason) : DomainEvent(Meta);

public sealed record InstitutionRegistered(
    EventMeta Meta, string InstitutionId, string Name, InstitutionKind Kind, string RegionCode,
    double? Lon, double? Lat, int Capacity) : DomainEvent(Meta);

public sealed record InstitutionStatusReported(
    EventMeta Meta, string InstitutionId, int? Capacity, int? Occupied, int? Reserved,
    bool? Accepting, int? StaffOnDuty) : DomainEvent(Meta);

// Township assessment and services
public sealed record AssessmentOpened(EventMeta Meta, string ReportId) : DomainEvent(Meta);

public sealed record AssessmentCompleted(
    EventMeta Meta, string ReportId, RiskLevel Risk, IReadOnlyList<ServiceKind> Services) : DomainEvent(Meta);

public sealed record ServiceArranged(EventMeta Meta, string ReportId, ServiceKind Service) : DomainEvent(Meta);

// Guardianship intervention
public sealed record InterventionRecorded(
    EventMeta Meta, string? ReportId, string? ChildId, InterventionMeasure Measure) : DomainEvent(Meta);

// Audit trail (written by the dashboard itself; commands are audited by their own events)
/// <summary>
/// A sign-in, sign-out, refused access or reveal of personal data, recorded by a dashboard instance (<c>src</c>).
/// Names who (<see cref="User"/>, absent for a failed sign-in under an unknown name), never a password, a cookie or
/// any value of the data asked for.
/// </summary>
public sealed record AuditRecorded(
    EventMeta Meta, AuditAction Action, AuditOutcome Outcome, string? User, string? Role, string? Jurisdiction,
    string? CaseId, string? Target, string? Reason, string? Address) : DomainEvent(Meta);

// Alerts (issue 16): what a user did about an alert, by its stable id
public sealed record AlertAcknowledged(EventMeta Meta, string AlertId) : DomainEvent(Meta);

/// <summary>Off the bell until <see cref="Until"/> (then back, if still open), with the user's reason.</summary>
public sealed record AlertMuted(EventMeta Meta, string AlertId, DateTimeOffset Until, string Reason) : DomainEvent(Meta);
