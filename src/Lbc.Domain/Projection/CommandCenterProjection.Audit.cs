using Lbc.Domain.Audit;
using Lbc.Domain.Events;

namespace Lbc.Domain.Projection;

/// <summary>
/// The audit index: every <c>audit.recorded</c> event and every command (an event with <c>data.actor</c>), with the region
/// each is about, so an administrator's query is a scan of memory in log order, never a read of the log.
/// </summary>
public sealed partial class CommandCenterProjection
{
    /// <summary>Lines the index keeps (the newest); the log keeps every event.</summary>
    public const int DefaultAuditLines = 200_000;

    public int AuditLines => _audit.Count;

    /// <summary>One page of the audit trail, newest first, of the lines <paramref name="jurisdiction"/>'s administrators may see.</summary>
    public (List<AuditEntry> Lines, long? Next) QueryAudit(AuditFilter filter, string jurisdiction, int limit) =>
        _audit.Query(filter, e => e.VisibleTo(jurisdiction), limit);

    /// <summary>What a command is about, read before it applies (an ended placement leaves the board).</summary>
    private (string? CaseId, string? Target, string? Region) CommandSubject(DomainEvent e)
    {
        var region = RegionOf(e);
        return e switch
        {
            CaseProgressed c => (c.ReportId, null, region),
            AssessmentOpened a => (a.ReportId, null, region),
            AssessmentCompleted a => (a.ReportId, null, region),
            ServiceArranged s => (s.ReportId, null, region),
            InterventionRecorded i => (i.ReportId, null, region),
            PlacementRequested p => (p.ReportId, p.PlacementId, region),
            PlacementAssigned p => (ReportOfPlacement(p.PlacementId), p.PlacementId, region),
            PlacementAdmitted p => (ReportOfPlacement(p.PlacementId), p.PlacementId, region),
            PlacementEnded p => (ReportOfPlacement(p.PlacementId), p.PlacementId, region),
            // An alert's line names the alert (and its case, for a breached stage): the trail shows who took it on or muted it.
            AlertAcknowledged a => (_alerts.TryGet(a.AlertId, out var acknowledged) ? acknowledged.CaseId : null, a.AlertId, region),
            AlertMuted m => (_alerts.TryGet(m.AlertId, out var muted) ? muted.CaseId : null, m.AlertId, region),
            _ => (null, null, region),
        };
    }

    private string? ReportOfPlacement(string placementId) => _care.TryGetPlacement(placementId, out var p) ? p.ReportId : null;

    private void IndexCommand(DomainEvent e, Actor actor, (string? CaseId, string? Target, string? Region) subject) =>
        _audit.Add(new AuditEntry(0, e.Meta.Ts, e.Meta.Type, "ok", actor.Username, actor.Role, actor.Jurisdiction,
            subject.CaseId, subject.Target, null, subject.Region, null));

    private ApplyResult RecordAudit(AuditRecorded a)
    {
        var region = a.CaseId is not null && _cases.TryGetCase(a.CaseId, out var c) ? c.TownshipCode : null;
        _audit.Add(new AuditEntry(0, a.Meta.Ts, AuditVocabulary.Actions.WordOf(a.Action), AuditVocabulary.Outcomes.WordOf(a.Outcome),
            a.User, a.Role, a.Jurisdiction, a.CaseId, a.Target, a.Reason, region, a.Address));
        return ApplyResult.Applied;
    }
}
