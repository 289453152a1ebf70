using Lbc.Domain.Events;

namespace Lbc.Domain.Cases;

public static partial class CasePolicy
{
    /// <summary>
    /// Whether recording <paramref name="step"/> on <paramref name="c"/> must come with a
    /// <c>placement.requested</c> for civil affairs in the same command (emergency chain step 6: domestic
    /// violence with serious injury, a threat to safety or no one to care for the child). True for a
    /// <c>domestic_violence</c> case when the step reports <c>serious_harm</c> or <c>no_carer</c> and no
    /// placement was requested for the case yet.
    /// </summary>
    public static bool RequiresPlacement(CaseState c, CaseProgressed step) =>
        c.Category == ReportCategory.DomesticViolence
        && (step.SeriousHarm == true || step.NoCarer == true)
        && !c.PlacementRequested;

    /// <summary>
    /// A <c>domestic_violence</c> case where a recorded step reported serious harm or no carer but civil
    /// affairs was never asked: what the console shows as still owed (a step from another producer may have
    /// reported it without the placement).
    /// </summary>
    public static bool PlacementOwed(CaseState c) =>
        c.Category == ReportCategory.DomesticViolence && !c.IsClosed && !c.PlacementRequested
        && c.Timeline.Any(e => e.SeriousHarm == true || e.NoCarer == true);
}
