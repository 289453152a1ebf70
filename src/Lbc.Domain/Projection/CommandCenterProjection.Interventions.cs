using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Projection;

/// <summary>The guardianship intervention record (监护干预) and the revocation flags, for the case view.</summary>
public sealed partial class CommandCenterProjection
{
    /// <summary>
    /// The intervention record seen from a case: the measures recorded against it and against its child (when the
    /// case names a ledger child, or an intervention linked the two), and every revocation flag of either, ground (b)
    /// read against today's date. Null when the case is neither findable nor named by any intervention or flag.
    /// </summary>
    public InterventionRecordDto? InterventionRecord(string caseId)
    {
        var found = _cases.TryGetCase(caseId, out var c);
        if (!found && !_interventions.Knows(caseId))
        {
            return null;
        }
        ulong? child = c?.ChildId is { } childId ? ChildKey.Of(childId) : _interventions.ChildOfCase(caseId);
        return ToRecord(caseId, child);
    }

    /// <summary>The intervention record of one ledger child (every case of theirs), for a child-level view; empty when none.</summary>
    public InterventionRecordDto InterventionRecordOfChild(string childId) => ToRecord(null, ChildKey.Of(childId));

    private InterventionRecordDto ToRecord(string? caseId, ulong? child)
    {
        var (measures, flags) = _interventions.Read(caseId, child, DayNumber.Of(Now));
        return new InterventionRecordDto(caseId, child is not null,
            measures.ConvertAll(m => new InterventionMeasureDto(m.EventId, CareVocabulary.Measures.WordOf(m.Measure), m.At,
                m.ActedBy, m.ActedByName, m.Actor is not null, m.CaseId, caseId is not null && m.CaseId == caseId)),
            flags.ConvertAll(f => new RevocationFlagDto(f.Ground, ReasonWord(f.Reason), f.At, f.CaseId, f.Args)));
    }

    private static string ReasonWord(RevocationReason reason) => reason switch
    {
        RevocationReason.NewCaseAfterCriticism => RevocationReasons.NewCaseAfterCriticism,
        RevocationReason.GuardianNoneTooLong => RevocationReasons.GuardianNoneTooLong,
        RevocationReason.HighRiskAssessment => RevocationReasons.HighRiskAssessment,
        _ => RevocationReasons.ClosedSeriousHarmByGuardian,
    };
}
