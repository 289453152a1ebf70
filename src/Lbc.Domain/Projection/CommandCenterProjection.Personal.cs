using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Personal;

namespace Lbc.Domain.Projection;

/// <summary>
/// What the projection knows of personal data: the sealed blob of each case (an opaque reference for the audited reveal,
/// never opened here) and when a subject's retention starts or stops, so the server can expire its key.
/// </summary>
public sealed partial class CommandCenterProjection
{
    /// <summary>The case's township (for the jurisdiction check), its sealed personal data (null: none) and the key's subject.</summary>
    public (string Township, string? Sealed, string Subject)? PersonalOf(string caseId) =>
        _cases.TryGetCase(caseId, out var c)
            ? (c.TownshipCode, c.PersonalSealed, PersonalVocabulary.SubjectOf(c.ChildId, c.ReportId))
            : null;

    /// <summary>
    /// After <paramref name="e"/> applied: a subject whose key must live on (new sealed data: <c>ExpiresFrom</c> null), or
    /// whose retention starts (a case keyed by itself closed, a child exited: from the event's time). Null for anything else.
    /// In log order, so a replay ends in the same state (an exit then a new registration leaves the key live).
    /// </summary>
    public (string Subject, DateTimeOffset? ExpiresFrom)? PersonalLifecycle(DomainEvent e) => e switch
    {
        ReportFiled { PersonalSealed: not null } r => (PersonalVocabulary.SubjectOf(r.ChildId, r.ReportId), null),
        ChildRegistered { PersonalSealed: not null } c => (PersonalVocabulary.SubjectOf(c.ChildId, ""), null),
        ChildUpdated { PersonalSealed: not null } c => (PersonalVocabulary.SubjectOf(c.ChildId, ""), null),
        CaseProgressed { Stage: CaseStage.Closed } c when _cases.TryGetCase(c.ReportId, out var s) && s.PersonalSealed is not null && s.ChildId is null
            => (PersonalVocabulary.SubjectOf(null, s.ReportId), c.Meta.Ts),
        ChildExited x => (PersonalVocabulary.SubjectOf(x.ChildId, ""), x.Meta.Ts),
        _ => null,
    };
}
