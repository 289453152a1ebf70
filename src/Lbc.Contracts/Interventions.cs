namespace Lbc.Contracts;

/// <summary>
/// The guardianship intervention record (监护干预) seen from one case: the measures recorded against this case and
/// against its child in any case or on their own, and the revocation flags (DOMAIN.md "Revocation flags") with their
/// reasons. <see cref="ChildNamed"/>: the case names a ledger child, so the child's record is included. No identity.
/// </summary>
public sealed record InterventionRecordDto(
    string? CaseId,
    bool ChildNamed,
    IReadOnlyList<InterventionMeasureDto> Measures,
    IReadOnlyList<RevocationFlagDto> Flags)
{
    /// <summary>A petition to revoke guardianship is warranted on at least one ground.</summary>
    public bool RevocationFlagged => Flags.Count > 0;
}

/// <summary>One measure, when and by whom; <see cref="ThisCase"/> when recorded against the case the record is read for.</summary>
public sealed record InterventionMeasureDto(
    string EventId,
    string Measure,
    DateTimeOffset At,
    string ActedBy,
    string ActedByName,
    bool ByUser,
    string? CaseId,
    bool ThisCase);

/// <summary>
/// A ground for petitioning the court to revoke guardianship: <see cref="Ground"/> is the policy's (a), (b) or (c);
/// <see cref="Reason"/> one of <see cref="RevocationReasons"/>; <see cref="Since"/> when it arose; <see cref="Args"/>
/// its details (invariant culture) for the UI to localize.
/// </summary>
public sealed record RevocationFlagDto(string Ground, string Reason, DateTimeOffset Since, string? CaseId, IReadOnlyList<string> Args);

public static class RevocationReasons
{
    /// <summary>(a) A new living_alone, guardian_neglect or guardian_incapable case after the guardian received criticism; args: category, criticism time.</summary>
    public const string NewCaseAfterCriticism = "new_case_after_criticism";

    /// <summary>(b) Guardian arrangement <c>none</c> for 183 days or more; args: since (date), days.</summary>
    public const string GuardianNoneTooLong = "guardian_none_183_days";

    /// <summary>(c) A domestic_violence, unlawful_harm or injury case assessed at high risk; args: category.</summary>
    public const string HighRiskAssessment = "high_risk_assessment";

    /// <summary>(c) A case closed with outcome <c>serious_harm_by_guardian</c>.</summary>
    public const string ClosedSeriousHarmByGuardian = "closed_serious_harm_by_guardian";
}
