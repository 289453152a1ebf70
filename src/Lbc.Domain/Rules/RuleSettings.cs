using Lbc.Domain.Cases;

namespace Lbc.Domain.Rules;

/// <summary>
/// The numbers the software checks (DOMAIN.md, "Duties"). The policy sets only the monthly visit; every
/// other number is a project default, configurable per deployment (<c>Dashboard:Rules:*</c>, the property
/// names below) and shown as such in the UI. <see cref="Validate"/> says what is wrong with a configuration.
/// </summary>
public sealed partial record RuleSettings
{
    /// <summary>每月至少走访一次: overdue when more days than this have passed since the last visit.</summary>
    public int VisitIntervalDays { get; init; } = 31;

    /// <summary>"Due soon" within this many days of the interval.</summary>
    public int VisitDueSoonDays { get; init; } = 7;

    /// <summary>A child's ledger record is stale when not updated for longer than a quarter.</summary>
    public int LedgerStaleDays { get; init; } = 92;

    /// <summary>A township is late when its quarter's ledger report is not in this many days after quarter end.</summary>
    public int LedgerGraceDays { get; init; } = 15;

    /// <summary>Police stages, measured from the report's receipt.</summary>
    public TimeSpan Acknowledge { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan Dispatch { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan OnScene { get; init; } = TimeSpan.FromMinutes(60);
    public TimeSpan ParentsContacted { get; init; } = TimeSpan.FromHours(2);
    public TimeSpan TownshipNotified { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Township stages, measured from the township's notification.</summary>
    public TimeSpan AssessmentOpened { get; init; } = TimeSpan.FromDays(3);
    public TimeSpan AssessmentCompleted { get; init; } = TimeSpan.FromDays(15);

    /// <summary>Missing-child search area (DOMAIN.md, rules for the role views): a circle of this radius at last seen...</summary>
    public double SearchBaseKm { get; init; } = 2;

    /// <summary>...growing by this much per hour since the child was last seen...</summary>
    public double SearchGrowthKmPerHour { get; init; } = 5;

    /// <summary>...up to this radius: beyond it the search is regional anyway.</summary>
    public double SearchCapKm { get; init; } = 50;

    /// <summary>A stage clock turns amber when this fraction of the stage's time is left (the last fifth).</summary>
    public double ClockAmberFraction { get; init; } = 0.2;

    /// <summary>A child waiting for temporary care is late after this long.</summary>
    public TimeSpan PlacementWaitTarget { get; init; } = TimeSpan.FromHours(2);

    /// <summary>An institution's figures are stale when it has not reported its status for this long.</summary>
    public TimeSpan InstitutionStaleAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long after closing a case stays findable for the case view (then only its id is kept).</summary>
    public TimeSpan ClosedCaseRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Reports by category and reporter type are counted over this many days (mandatory-reporting accountability).</summary>
    public int ReportWindowDays { get; init; } = 90;
    /// <summary>
    /// How long after the police close the township's part of a case (assessment, services) is still followed when
    /// it is not finished: the case stays on the civil-affairs board, findable, its assessment clocks running.
    /// </summary>
    public TimeSpan FollowUpRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Revocation ground (b): a child recorded with guardian arrangement <c>none</c> for this many days or more
    /// (six months: 183 days, so any six calendar months count).
    /// </summary>
    public int GuardianNoneRevocationDays { get; init; } = 183;

    /// <summary>
    /// Placement suggestion (DOMAIN.md, rules for the role views): after the filters (accepting, a free bed, no
    /// boarding school without a known school place), places are ranked by these criteria in this order, each only
    /// breaking the ties of the ones before:
    /// <list type="number">
    /// <item><see cref="SuggestionCriterion.ProtectiveForViolence"/>: for <c>domestic_violence</c> and
    /// <c>unlawful_harm</c>, a minor protection centre, then a temporary shelter, then a relief-management station,
    /// then any other place;</item>
    /// <item><see cref="SuggestionCriterion.WelfareUnderSix"/>: a child under 6 (age known from the registry when the
    /// case names a ledger child) to a child welfare institution first;</item>
    /// <item><see cref="SuggestionCriterion.Locality"/>: same county, then same city, then elsewhere;</item>
    /// <item><see cref="SuggestionCriterion.Distance"/>: shorter great-circle distance from the child's township
    /// point, in steps of <see cref="SuggestionDistanceStepKm"/> (within one step the places count as equally
    /// near);</item>
    /// <item><see cref="SuggestionCriterion.StaffOnDuty"/>: more staff on duty.</item>
    /// </list>
    /// The exact distance, then the institution id, settle what is still tied, so the ranking is deterministic.
    /// A criterion left out of the list does not rank; each may appear once.
    /// </summary>
    public IReadOnlyList<SuggestionCriterion> PlacementSuggestionOrder { get; init; } = DefaultOrder.Criteria;

    /// <summary>Distances within the same step of this many kilometres rank as equal (then staff on duty decides).</summary>
    public double SuggestionDistanceStepKm { get; init; } = 1;

    /// <summary>
    /// Boarding schools are a resource only for school-age children with a school place there. No data says who has
    /// one yet, so they are not suggested; true suggests them for children known to be of school age (6 to 15).
    /// </summary>
    public bool SuggestBoardingSchools { get; init; }

    // A nested holder, so the list exists before Default (a static initialised in text order) is built.
    private static class DefaultOrder
    {
        public static readonly SuggestionCriterion[] Criteria =
        [
            SuggestionCriterion.ProtectiveForViolence, SuggestionCriterion.WelfareUnderSix, SuggestionCriterion.Locality,
            SuggestionCriterion.Distance, SuggestionCriterion.StaffOnDuty,
        ];
    }

    public static RuleSettings Default { get; } = new();

    /// <summary>The suggestion criteria as text (the record's own text would show only the list's type).</summary>
    public string SuggestionOrderText => PlacementSuggestionOrder is null ? "" : string.Join(",", PlacementSuggestionOrder);

    /// <summary>The SLA of a stage, or null when the stage has no clock.</summary>
    public TimeSpan? SlaOf(CaseStage stage) => stage switch
    {
        CaseStage.Acknowledged => Acknowledge,
        CaseStage.Dispatched => Dispatch,
        CaseStage.OnScene => OnScene,
        CaseStage.ParentsContacted => ParentsContacted,
        CaseStage.TownshipNotified => TownshipNotified,
        CaseStage.AssessmentOpened => AssessmentOpened,
        CaseStage.AssessmentCompleted => AssessmentCompleted,
        _ => null,
    };
}

/// <summary>A criterion of the placement suggestion ranking (<see cref="RuleSettings.PlacementSuggestionOrder"/>).</summary>
public enum SuggestionCriterion : byte
{
    ProtectiveForViolence,
    WelfareUnderSix,
    Locality,
    Distance,
    StaffOnDuty,
}
