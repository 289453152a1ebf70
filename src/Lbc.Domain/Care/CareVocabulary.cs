using Lbc.Domain.Events;

namespace Lbc.Domain.Care;

/// <summary>Kinds of places of care (DOMAIN.md, the civil-affairs board).</summary>
public enum InstitutionKind : byte
{
    ReliefStation,
    ProtectionCentre,
    WelfareInstitution,
    TemporaryShelter,
    BoardingSchool,
}

public enum RiskLevel : byte
{
    Low,
    Medium,
    High,
}

/// <summary>Services the township arranges after an assessment (emergency chain step 8).</summary>
public enum ServiceKind : byte
{
    GuardianshipGuidance,
    Medical,
    Psychological,
    BehaviourCorrection,
    LegalServices,
    LegalAid,
    SocialAssistance,
}

/// <summary>Guardianship intervention measures (监护干预), mildest first.</summary>
public enum InterventionMeasure : byte
{
    Criticism,
    AdminPenalty,
    CriminalCase,
    RevocationPetition,
    NewGuardianAppointed,
}

/// <summary>
/// Why a placement ended, recognised in the free text of <c>placement.ended</c> (<see cref="CareVocabulary.EndReasonOf"/>);
/// anything else is <see cref="Other"/>.
/// </summary>
public enum PlacementEndReason : byte
{
    ReturnedToParents,
    ReturnedToRelatives,
    NewGuardianAppointed,
    Other,
}

public static class CareVocabulary
{
    /// <summary>The outcome word of <c>case.closed</c> that raises revocation ground (c).</summary>
    public const string SeriousHarmByGuardian = "serious_harm_by_guardian";

    public static Vocabulary<PlacementEndReason> EndReasons { get; } = new(
        ("returned_to_parents", PlacementEndReason.ReturnedToParents),
        ("returned_to_relatives", PlacementEndReason.ReturnedToRelatives),
        ("new_guardian_appointed", PlacementEndReason.NewGuardianAppointed),
        ("other", PlacementEndReason.Other));

    /// <summary>
    /// The reason word a free-text <c>placement.ended</c> reason starts with (<c>returned_to_relatives: aunt in
    /// Dalian</c>), or <see cref="PlacementEndReason.Other"/> when it starts with none of them. The text is kept as sent.
    /// </summary>
    public static PlacementEndReason EndReasonOf(string? text) =>
        EndReasons.TryParse(LeadingWord(text), out var reason) ? reason : PlacementEndReason.Other;

    /// <summary>
    /// The first word of a free text: up to the first white space, colon, semicolon, comma or full stop (ASCII or
    /// full-width), so <c>serious_harm_by_guardian; father detained</c> reads as <c>serious_harm_by_guardian</c>.
    /// </summary>
    public static string LeadingWord(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var span = text.AsSpan().Trim();
        var end = span.IndexOfAny(s_wordEnds);
        if (end < 0)
        {
            end = span.Length;
        }
        for (var i = 0; i < end; i++)
        {
            if (char.IsWhiteSpace(span[i]))
            {
                end = i;
                break;
            }
        }
        return span[..end].ToString();
    }

    private static readonly System.Buffers.SearchValues<char> s_wordEnds = System.Buffers.SearchValues.Create(":;,.\uFF1A\uFF1B\uFF0C\u3002");

    public static Vocabulary<InstitutionKind> InstitutionKinds { get; } = new(
        ("relief_station", InstitutionKind.ReliefStation),
        ("protection_centre", InstitutionKind.ProtectionCentre),
        ("welfare_institution", InstitutionKind.WelfareInstitution),
        ("temporary_shelter", InstitutionKind.TemporaryShelter),
        ("boarding_school", InstitutionKind.BoardingSchool));

    public static Vocabulary<RiskLevel> RiskLevels { get; } = new(
        ("low", RiskLevel.Low),
        ("medium", RiskLevel.Medium),
        ("high", RiskLevel.High));

    public static Vocabulary<ServiceKind> Services { get; } = new(
        ("guardianship_guidance", ServiceKind.GuardianshipGuidance),
        ("medical", ServiceKind.Medical),
        ("psychological", ServiceKind.Psychological),
        ("behaviour_correction", ServiceKind.BehaviourCorrection),
        ("legal_services", ServiceKind.LegalServices),
        ("legal_aid", ServiceKind.LegalAid),
        ("social_assistance", ServiceKind.SocialAssistance));

    public static Vocabulary<InterventionMeasure> Measures { get; } = new(
        ("criticism", InterventionMeasure.Criticism),
        ("admin_penalty", InterventionMeasure.AdminPenalty),
        ("criminal_case", InterventionMeasure.CriminalCase),
        ("revocation_petition", InterventionMeasure.RevocationPetition),
        ("new_guardian_appointed", InterventionMeasure.NewGuardianAppointed));
}
