namespace Lbc.Domain.Events;

/// <summary>Event type names of catalog version 1. These strings are contract (ARCHITECTURE.md).</summary>
public static class EventTypes
{
    public const int CurrentVersion = 1;

    public const string ChildRegistered = "child.registered";
    public const string ChildUpdated = "child.updated";
    public const string ChildExited = "child.exited";
    public const string LedgerSubmitted = "ledger.submitted";
    public const string VisitRecorded = "visit.recorded";
    public const string PairingAssigned = "pairing.assigned";
    public const string DropoutReported = "dropout.reported";
    public const string DropoutReturned = "dropout.returned";
    public const string ReportFiled = "report.filed";
    public const string CaseAcknowledged = "case.acknowledged";
    public const string CaseDispatched = "case.dispatched";
    public const string CaseOnScene = "case.on_scene";
    public const string CaseParentsContacted = "case.parents_contacted";
    public const string CaseChildEscorted = "case.child_escorted";
    public const string CaseSearchStarted = "case.search_started";
    public const string CaseChildFound = "case.child_found";
    public const string CaseTownshipNotified = "case.township_notified";
    public const string CaseClosed = "case.closed";
    public const string PlacementRequested = "placement.requested";
    public const string PlacementAssigned = "placement.assigned";
    public const string PlacementAdmitted = "placement.admitted";
    public const string PlacementEnded = "placement.ended";
    public const string InstitutionRegistered = "institution.registered";
    public const string InstitutionStatus = "institution.status";
    public const string AssessmentOpened = "assessment.opened";
    public const string AssessmentCompleted = "assessment.completed";
    public const string ServiceArranged = "service.arranged";
    public const string InterventionRecorded = "intervention.recorded";
    public const string AuditRecorded = "audit.recorded";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string AlertMuted = "alert.muted";

    public static IReadOnlyList<string> All { get; } =
    [
        ChildRegistered, ChildUpdated, ChildExited, LedgerSubmitted, VisitRecorded, PairingAssigned,
        DropoutReported, DropoutReturned, ReportFiled, CaseAcknowledged, CaseDispatched, CaseOnScene,
        CaseParentsContacted, CaseChildEscorted, CaseSearchStarted, CaseChildFound, CaseTownshipNotified,
        CaseClosed, PlacementRequested, PlacementAssigned, PlacementAdmitted, PlacementEnded,
        InstitutionRegistered, InstitutionStatus, AssessmentOpened, AssessmentCompleted, ServiceArranged,
        InterventionRecorded, AuditRecorded, AlertAcknowledged, AlertMuted,
    ];
}
