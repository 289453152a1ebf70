using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Cases;

/// <summary>
/// Emergency chain step 6: domestic violence with serious injury, a threat to safety or no one to care for
/// the child goes to civil affairs for placement in the same step. Missing it leaves a child with the abuser.
/// </summary>
public sealed class SeriousHarmPlacementTests
{
    private static Scenario OnTheWay(string category)
    {
        var s = new Scenario();
        s.FileReport("r-1", category);
        s.Step(EventTypes.CaseAcknowledged, "r-1");
        s.Step(EventTypes.CaseDispatched, "r-1");
        return s;
    }

    private static CaseProgressed Step(Scenario s, string type, params (string Key, object? Value)[] extra) =>
        Assert.IsType<CaseProgressed>(s.Events.Build(type, EventBuilder.Data([("report_id", "r-1"), .. extra])));

    [Theory]
    [InlineData("serious_harm")]
    [InlineData("no_carer")]
    public void RequiresPlacement_DomesticViolenceOnSceneWithHarmOrNoCarer_True(string flag)
    {
        var s = OnTheWay("domestic_violence");

        Assert.True(CasePolicy.RequiresPlacement(s.State("r-1"), Step(s, EventTypes.CaseOnScene, (flag, true))));
    }

    [Fact]
    public void RequiresPlacement_DomesticViolenceEscortWithSeriousHarm_True()
    {
        var s = OnTheWay("domestic_violence");
        s.Step(EventTypes.CaseOnScene, "r-1");

        var escort = Step(s, EventTypes.CaseChildEscorted, ("to", "relatives"), ("serious_harm", true));

        Assert.True(CasePolicy.RequiresPlacement(s.State("r-1"), escort));
    }

    [Fact]
    public void RequiresPlacement_FlagsFalseOrAbsent_False()
    {
        var s = OnTheWay("domestic_violence");

        Assert.False(CasePolicy.RequiresPlacement(s.State("r-1"), Step(s, EventTypes.CaseOnScene)));
        Assert.False(CasePolicy.RequiresPlacement(s.State("r-1"), Step(s, EventTypes.CaseOnScene, ("serious_harm", false), ("no_carer", false))));
    }

    [Theory]
    [InlineData("injury")]
    [InlineData("unlawful_harm")]
    [InlineData("living_alone")]
    public void RequiresPlacement_SeriousHarmOutsideDomesticViolence_NotDemanded(string category)
    {
        var s = OnTheWay(category);

        Assert.False(CasePolicy.RequiresPlacement(s.State("r-1"), Step(s, EventTypes.CaseOnScene, ("serious_harm", true))));
    }

    [Fact]
    public void RequiresPlacement_PlacementAlreadyRequestedForTheCase_False()
    {
        var s = OnTheWay("domestic_violence");
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-1", report_id = "r-1", township_code = Geography.ShenyangTownship });

        Assert.False(CasePolicy.RequiresPlacement(s.State("r-1"), Step(s, EventTypes.CaseOnScene, ("no_carer", true))));
    }

    [Fact]
    public void PlacementOwed_HarmRecordedWithoutAPlacement_TrueUntilCivilAffairsIsAsked()
    {
        var s = OnTheWay("domestic_violence");
        s.Step(EventTypes.CaseOnScene, "r-1", ("serious_harm", true));
        Assert.True(CasePolicy.PlacementOwed(s.State("r-1")));

        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-1", report_id = "r-1", township_code = Geography.ShenyangTownship });

        Assert.False(CasePolicy.PlacementOwed(s.State("r-1")));
    }

    [Fact]
    public void PlacementOwed_NoHarmReported_False()
    {
        var s = OnTheWay("domestic_violence");
        s.Step(EventTypes.CaseOnScene, "r-1", ("serious_harm", false));

        Assert.False(CasePolicy.PlacementOwed(s.State("r-1")));
    }
}
