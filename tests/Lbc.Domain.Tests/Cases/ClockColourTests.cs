using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Rules;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Cases;

/// <summary>Stage clock colours on the queue: green, amber in the last fifth of the stage's time, red when breached.</summary>
public sealed class ClockColourTests
{
    private static ClockColour ColourAt(Scenario s, CaseStage stage) =>
        StageClocks.Colour(StageClocks.Evaluate(s.State("r-1"), stage, s.Projection.Rules, s.Now), s.Now, s.Projection.Rules);

    [Fact]
    public void Colour_AcknowledgeClockOf5Minutes_GreenUntil4MinutesAmberUntil5RedAfter()
    {
        var s = new Scenario();
        s.FileReport("r-1");

        s.Advance(TimeSpan.FromMinutes(4) - TimeSpan.FromSeconds(1));
        Assert.Equal(ClockColour.Green, ColourAt(s, CaseStage.Acknowledged));
        s.Advance(TimeSpan.FromSeconds(1)); // exactly one fifth (1 minute) left
        Assert.Equal(ClockColour.Amber, ColourAt(s, CaseStage.Acknowledged));
        s.Advance(TimeSpan.FromMinutes(1)); // due now: not breached yet
        Assert.Equal(ClockColour.Amber, ColourAt(s, CaseStage.Acknowledged));
        s.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ClockColour.Red, ColourAt(s, CaseStage.Acknowledged));
    }

    [Fact]
    public void Colour_TownshipNotifiedOf24Hours_AmberFrom19Hours12Minutes()
    {
        var s = new Scenario();
        s.FileReport("r-1");

        s.Advance(new TimeSpan(19, 11, 59));
        Assert.Equal(ClockColour.Green, ColourAt(s, CaseStage.TownshipNotified));
        s.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ClockColour.Amber, ColourAt(s, CaseStage.TownshipNotified));
    }

    [Fact]
    public void Colour_DoneInTimeOrLate_Done()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Advance(TimeSpan.FromMinutes(4.5));
        s.Step(EventTypes.CaseAcknowledged, "r-1");
        s.Advance(TimeSpan.FromMinutes(20));
        s.Step(EventTypes.CaseDispatched, "r-1"); // 14.5 minutes late

        Assert.Equal(ClockColour.Done, ColourAt(s, CaseStage.Acknowledged));
        Assert.Equal(ClockColour.Done, ColourAt(s, CaseStage.Dispatched));
        Assert.Equal(ClockColour.Green, ColourAt(s, CaseStage.OnScene)); // 35.5 of 60 minutes left
    }

    [Fact]
    public void Colour_ConfiguredFractionOfHalf_AmberFromHalfTime()
    {
        var s = new Scenario(rules: RuleSettings.Default with { ClockAmberFraction = 0.5 });
        s.FileReport("r-1");

        s.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(ClockColour.Green, ColourAt(s, CaseStage.OnScene));
        s.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ClockColour.Amber, ColourAt(s, CaseStage.OnScene));
    }

    [Fact]
    public void Colour_ExplicitSlaAndFraction_SameBoundary()
    {
        var due = Scenario.DefaultStart.AddMinutes(10);
        var clock = new StageClock(CaseStage.Dispatched, due, null, ClockState.Pending);

        Assert.Equal(ClockColour.Green, StageClocks.Colour(clock, TimeSpan.FromMinutes(10), due.AddMinutes(-2).AddTicks(-1), 0.2));
        Assert.Equal(ClockColour.Amber, StageClocks.Colour(clock, TimeSpan.FromMinutes(10), due.AddMinutes(-2), 0.2));
    }
}
