using Lbc.Domain.Events;

namespace Lbc.Domain.Cases;

/// <summary>What a mandated reporter saw (DOMAIN.md, report categories).</summary>
public enum ReportCategory : byte
{
    LivingAlone,
    Missing,
    GuardianIncapable,
    GuardianNeglect,
    DomesticViolence,
    Injury,
    UnlawfulHarm,
}

/// <summary>Who filed a report: the mandated reporters of the policy, mass organisations and citizens.</summary>
public enum ReporterType : byte
{
    School,
    Kindergarten,
    Medical,
    VillageCommittee,
    SocialWork,
    ReliefInstitution,
    WelfareInstitution,
    MassOrganisation,
    Citizen,
    Police,
    Other,
}

/// <summary>Stages of the emergency chain, in the order a case normally moves through them.</summary>
public enum CaseStage : byte
{
    Received,
    Acknowledged,
    Dispatched,
    OnScene,
    ParentsContacted,
    SearchStarted,
    ChildFound,
    ChildEscorted,
    TownshipNotified,
    AssessmentOpened,
    AssessmentCompleted,
    Closed,
}

/// <summary>Where police escorted a child whose parents could not be reached (临时监护照料).</summary>
public enum EscortDestination : byte
{
    Relatives,
    VillageCommittee,
    Institution,
}

public static class CaseVocabulary
{
    public static Vocabulary<ReportCategory> Categories { get; } = new(
        ("living_alone", ReportCategory.LivingAlone),
        ("missing", ReportCategory.Missing),
        ("guardian_incapable", ReportCategory.GuardianIncapable),
        ("guardian_neglect", ReportCategory.GuardianNeglect),
        ("domestic_violence", ReportCategory.DomesticViolence),
        ("injury", ReportCategory.Injury),
        ("unlawful_harm", ReportCategory.UnlawfulHarm));

    public static Vocabulary<ReporterType> Reporters { get; } = new(
        ("school", ReporterType.School),
        ("kindergarten", ReporterType.Kindergarten),
        ("medical", ReporterType.Medical),
        ("village_committee", ReporterType.VillageCommittee),
        ("social_work", ReporterType.SocialWork),
        ("relief_institution", ReporterType.ReliefInstitution),
        ("welfare_institution", ReporterType.WelfareInstitution),
        ("mass_organisation", ReporterType.MassOrganisation),
        ("citizen", ReporterType.Citizen),
        ("police", ReporterType.Police),
        ("other", ReporterType.Other));

    public static Vocabulary<CaseStage> Stages { get; } = new(
        ("received", CaseStage.Received),
        ("acknowledged", CaseStage.Acknowledged),
        ("dispatched", CaseStage.Dispatched),
        ("on_scene", CaseStage.OnScene),
        ("parents_contacted", CaseStage.ParentsContacted),
        ("search_started", CaseStage.SearchStarted),
        ("child_found", CaseStage.ChildFound),
        ("child_escorted", CaseStage.ChildEscorted),
        ("township_notified", CaseStage.TownshipNotified),
        ("assessment_opened", CaseStage.AssessmentOpened),
        ("assessment_completed", CaseStage.AssessmentCompleted),
        ("closed", CaseStage.Closed));

    public static Vocabulary<EscortDestination> EscortDestinations { get; } = new(
        ("relatives", EscortDestination.Relatives),
        ("village_committee", EscortDestination.VillageCommittee),
        ("institution", EscortDestination.Institution));

    /// <summary>
    /// Priority 1 (highest) to 3: missing, domestic violence, unlawful harm and injury first; then living
    /// alone and an incapable guardian; then neglect (DOMAIN.md).
    /// </summary>
    public static int PriorityOf(ReportCategory category) => category switch
    {
        ReportCategory.Missing or ReportCategory.DomesticViolence
            or ReportCategory.UnlawfulHarm or ReportCategory.Injury => 1,
        ReportCategory.LivingAlone or ReportCategory.GuardianIncapable => 2,
        _ => 3,
    };

    /// <summary>Categories where police must reach the parents (emergency chain steps 2-4).</summary>
    public static bool NeedsParentsContacted(ReportCategory category) =>
        category is ReportCategory.LivingAlone or ReportCategory.GuardianIncapable or ReportCategory.GuardianNeglect;
}
