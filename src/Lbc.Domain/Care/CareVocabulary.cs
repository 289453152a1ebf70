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

public static class CareVocabulary
{
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
