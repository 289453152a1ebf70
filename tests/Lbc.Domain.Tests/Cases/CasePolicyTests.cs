using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Cases;

/// <summary>
/// What the console lets a duty officer record next, per category of the emergency chain (DOMAIN.md). A
/// wrong answer here is a button that records nonsense on the log, or a button missing when a child waits.
/// </summary>
public sealed class CasePolicyTests
{
    private static readonly (string, object?) s_wang = Scenario.Actor("zy-duty-0457", "王警官");

    /// <summary>Steps by name, as the tests read: "parents_unreachable" is a contact with reached = false.</summary>
    private static (string Type, CaseStage Stage, (string, object?)[] Extra) StepOf(string name) => name switch
    {
        "acknowledged" => (EventTypes.CaseAcknowledged, CaseStage.Acknowledged, []),
        "dispatched" => (EventTypes.CaseDispatched, CaseStage.Dispatched, []),
        "on_scene" => (EventTypes.CaseOnScene, CaseStage.OnScene, []),
        "parents_reached" => (EventTypes.CaseParentsContacted, CaseStage.ParentsContacted, [("reached", true)]),
        "parents_unreachable" => (EventTypes.CaseParentsContacted, CaseStage.ParentsContacted, [("reached", false)]),
        "search_started" => (EventTypes.CaseSearchStarted, CaseStage.SearchStarted, []),
        "child_found" => (EventTypes.CaseChildFound, CaseStage.ChildFound, []),
        "escorted" => (EventTypes.CaseChildEscorted, CaseStage.ChildEscorted, [("to", "relatives")]),
        "township_notified" => (EventTypes.CaseTownshipNotified, CaseStage.TownshipNotified, []),
        "closed" => (EventTypes.CaseClosed, CaseStage.Closed, [("outcome", "child safe")]),
        _ => throw new ArgumentException(name),
    };

    /// <summary>A case of <paramref name="category"/> after <paramref name="steps"/>, one minute apart, each by 王警官.</summary>
    private static Scenario Given(string category, params string[] steps)
    {
        var s = new Scenario();
        s.FileReport("r-1", category);
        foreach (var name in steps)
        {
            s.Advance(TimeSpan.FromMinutes(1));
            var (type, _, extra) = StepOf(name);
            Assert.Equal(ApplyOutcome.Applied, s.Step(type, "r-1", [.. extra, s_wang]).Outcome);
        }
        return s;
    }

    private static string[] Split(string steps) => steps.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("living_alone", "acknowledged dispatched on_scene parents_unreachable escorted township_notified closed")]
    [InlineData("living_alone", "acknowledged dispatched on_scene parents_reached township_notified closed")]
    [InlineData("living_alone", "acknowledged parents_unreachable dispatched on_scene escorted parents_unreachable parents_reached township_notified closed")]
    [InlineData("guardian_incapable", "acknowledged dispatched on_scene parents_unreachable escorted township_notified closed")]
    [InlineData("guardian_incapable", "acknowledged township_notified dispatched on_scene parents_reached closed")]
    [InlineData("guardian_neglect", "acknowledged dispatched on_scene parents_unreachable escorted township_notified closed")]
    [InlineData("guardian_neglect", "acknowledged dispatched parents_reached on_scene township_notified closed")]
    [InlineData("missing", "acknowledged dispatched search_started on_scene child_found escorted township_notified closed")]
    [InlineData("missing", "acknowledged search_started child_found township_notified closed")]
    [InlineData("domestic_violence", "acknowledged dispatched on_scene escorted parents_unreachable parents_reached township_notified closed")]
    [InlineData("domestic_violence", "acknowledged dispatched on_scene township_notified closed")]
    [InlineData("injury", "acknowledged dispatched on_scene escorted township_notified closed")]
    [InlineData("injury", "acknowledged dispatched on_scene township_notified closed")]
    [InlineData("unlawful_harm", "acknowledged dispatched on_scene escorted township_notified closed")]
    public void Check_EveryStepOfTheChainInOrder_AllowedAndOfferedUntilClosed(string category, string path)
    {
        var s = Given(category);

        foreach (var name in Split(path))
        {
            var c = s.State("r-1");
            var (type, stage, extra) = StepOf(name);
            var decision = CasePolicy.Check(c, type);
            Assert.True(decision.IsAllowed, $"{category}: {name} after v{c.Version} refused: {decision.Rule} {decision.Reason}");
            Assert.Contains(CasePolicy.NextSteps(c), n => n.Stage == stage && n.EventType == type);
            s.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(ApplyOutcome.Applied, s.Step(type, "r-1", [.. extra, s_wang]).Outcome);
        }

        Assert.True(s.State("r-1").IsClosed);
        Assert.Empty(CasePolicy.NextSteps(s.State("r-1")));
    }

    [Theory]
    [InlineData("injury", "", CaseStage.Dispatched, "dispatch-after-acknowledge")]
    [InlineData("missing", "acknowledged", CaseStage.OnScene, "on-scene-after-dispatch")]
    [InlineData("missing", "acknowledged dispatched", CaseStage.ChildFound, "found-after-search")]
    [InlineData("injury", "acknowledged dispatched on_scene", CaseStage.Closed, "close-after-township-notified")]
    [InlineData("living_alone", "", CaseStage.ParentsContacted, "parents-after-acknowledge")]
    [InlineData("missing", "", CaseStage.SearchStarted, "search-after-acknowledge")]
    [InlineData("guardian_neglect", "", CaseStage.TownshipNotified, "notify-after-acknowledge")]
    [InlineData("living_alone", "acknowledged dispatched on_scene", CaseStage.ChildEscorted, "escort-when-parents-unreachable")]
    [InlineData("guardian_incapable", "acknowledged dispatched on_scene parents_reached", CaseStage.ChildEscorted, "escort-when-parents-unreachable")]
    [InlineData("guardian_neglect", "acknowledged parents_unreachable", CaseStage.ChildEscorted, "escort-after-on-scene")]
    [InlineData("injury", "acknowledged dispatched", CaseStage.ChildEscorted, "escort-after-on-scene")]
    [InlineData("missing", "acknowledged dispatched on_scene search_started", CaseStage.ChildEscorted, "escort-after-found")]
    [InlineData("missing", "acknowledged dispatched on_scene search_started township_notified", CaseStage.Closed, "close-after-child-found")]
    [InlineData("living_alone", "acknowledged dispatched on_scene parents_unreachable township_notified", CaseStage.Closed, "close-child-in-care")]
    [InlineData("domestic_violence", "acknowledged dispatched township_notified", CaseStage.Closed, "close-after-on-scene")]
    public void Check_StepBeforeItsPrerequisite_NotValidInStateNamingTheRule(string category, string given, CaseStage step, string rule)
    {
        var c = Given(category, Split(given)).State("r-1");

        var decision = CasePolicy.Check(c, step);

        Assert.Equal((PolicyVerdict.NotValidInState, rule), (decision.Verdict, decision.Rule));
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
        Assert.DoesNotContain(CasePolicy.NextSteps(c), n => n.Stage == step);
    }

    [Theory]
    [InlineData("living_alone")]
    [InlineData("guardian_incapable")]
    [InlineData("guardian_neglect")]
    [InlineData("domestic_violence")]
    [InlineData("injury")]
    [InlineData("unlawful_harm")]
    public void Check_SearchOrFoundForACategoryOtherThanMissing_NotValidForCategory(string category)
    {
        // Even with every prerequisite met: the category is what refuses.
        var c = Given(category, "acknowledged", "dispatched", "on_scene").State("r-1");

        foreach (var step in new[] { CaseStage.SearchStarted, CaseStage.ChildFound })
        {
            var decision = CasePolicy.Check(c, step);
            Assert.Equal((PolicyVerdict.NotValidForCategory, "search-missing-only"), (decision.Verdict, decision.Rule));
            Assert.Contains(category, decision.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("injury")]
    [InlineData("unlawful_harm")]
    public void Check_ParentsContactedWhereTheChainHasNoParentStep_NotValidForCategory(string category)
    {
        var c = Given(category, "acknowledged").State("r-1");

        var decision = CasePolicy.Check(c, EventTypes.CaseParentsContacted);

        Assert.Equal((PolicyVerdict.NotValidForCategory, "parents-contact-categories"), (decision.Verdict, decision.Rule));
    }

    [Fact]
    public void Check_AcknowledgedAgain_AlreadyDoneWithWhoAndWhen()
    {
        var s = Given("injury", "acknowledged");
        var ack = s.State("r-1").Timeline[^1];

        var decision = CasePolicy.Check(s.State("r-1"), CaseStage.Acknowledged);

        Assert.Equal(PolicyVerdict.AlreadyDone, decision.Verdict);
        Assert.Same(ack, decision.DoneBy);
        Assert.Equal(("zy-duty-0457", Scenario.DefaultStart.AddMinutes(1)), (decision.DoneBy!.ActedBy, decision.DoneBy.At));
        Assert.Contains("王警官", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("living_alone", "acknowledged dispatched on_scene parents_unreachable escorted township_notified")]
    [InlineData("missing", "acknowledged dispatched search_started on_scene child_found escorted township_notified")]
    public void Check_EachStepDone_AlreadyDoneNamingTheEventThatDidIt(string category, string path)
    {
        var s = Given(category, Split(path));
        var c = s.State("r-1");

        foreach (var name in Split(path).Where(n => n != "parents_unreachable"))
        {
            var stage = StepOf(name).Stage;
            var decision = CasePolicy.Check(c, stage);
            Assert.Equal(PolicyVerdict.AlreadyDone, decision.Verdict);
            Assert.Equal(stage, decision.DoneBy!.Stage);
            Assert.Equal(c.DoneAt(stage), decision.DoneBy.At);
        }
    }

    [Fact]
    public void Check_ParentsContactedAfterAFailedCall_AllowedAgainAndStillOffered()
    {
        var c = Given("guardian_neglect", "acknowledged", "parents_unreachable").State("r-1");

        Assert.True(CasePolicy.Check(c, CaseStage.ParentsContacted).IsAllowed);
        Assert.Contains(CasePolicy.NextSteps(c), n => n.Stage == CaseStage.ParentsContacted && !n.Optional);
    }

    [Fact]
    public void Check_ParentsContactedAfterTheyWereReached_AlreadyDoneNamingTheCallThatReachedThem()
    {
        var s = Given("living_alone", "acknowledged", "parents_unreachable");
        s.Advance(TimeSpan.FromMinutes(20));
        s.Step(EventTypes.CaseParentsContacted, "r-1", ("reached", true), Scenario.Actor("zy-duty-0460", "赵警官"));

        var decision = CasePolicy.Check(s.State("r-1"), CaseStage.ParentsContacted);

        Assert.Equal(PolicyVerdict.AlreadyDone, decision.Verdict);
        Assert.Equal(("zy-duty-0460", (bool?)true, s.Now), (decision.DoneBy!.ActedBy, decision.DoneBy.ParentsReached, decision.DoneBy.At));
    }

    [Fact]
    public void Check_AnyStepOnAClosedCase_CaseClosedNamingWhoClosedIt()
    {
        var c = Given("living_alone", "acknowledged", "dispatched", "on_scene", "parents_reached", "township_notified", "closed").State("r-1");

        foreach (var step in CaseSteps.All)
        {
            var decision = CasePolicy.Check(c, step);
            Assert.Equal((PolicyVerdict.CaseClosed, "case-closed"), (decision.Verdict, decision.Rule));
            Assert.Equal((CaseStage?)CaseStage.Closed, decision.DoneBy!.Stage);
            Assert.Equal("zy-duty-0457", decision.DoneBy.ActedBy);
        }
    }

    [Theory]
    [InlineData(EventTypes.AssessmentOpened)]
    [InlineData(EventTypes.PlacementRequested)]
    [InlineData(EventTypes.ReportFiled)]
    [InlineData("case.teleported")]
    public void Check_TypeThatIsNotAPoliceStep_Refused(string type)
    {
        var c = Given("injury", "acknowledged").State("r-1");

        var decision = CasePolicy.Check(c, type);

        Assert.Equal((PolicyVerdict.NotAPoliceStep, "not-a-police-step"), (decision.Verdict, decision.Rule));
        Assert.Equal(PolicyVerdict.NotAPoliceStep, CasePolicy.Check(c, CaseStage.AssessmentCompleted).Verdict);
    }

    [Theory]
    [InlineData("living_alone")]
    [InlineData("guardian_incapable")]
    [InlineData("guardian_neglect")]
    [InlineData("missing")]
    [InlineData("domestic_violence")]
    [InlineData("injury")]
    [InlineData("unlawful_harm")]
    public void NextSteps_NewReport_OnlyAcknowledge(string category)
    {
        var c = Given(category).State("r-1");

        Assert.Equal([new NextStep(CaseStage.Acknowledged, EventTypes.CaseAcknowledged, false)], CasePolicy.NextSteps(c));
    }

    [Fact]
    public void NextSteps_LivingAloneAcknowledged_DispatchThenParentsThenTownship()
    {
        var c = Given("living_alone", "acknowledged").State("r-1");

        Assert.Equal([CaseStage.Dispatched, CaseStage.ParentsContacted, CaseStage.TownshipNotified],
            CasePolicy.NextSteps(c).Select(n => n.Stage));
    }

    [Fact]
    public void NextSteps_ParentsUnreachableWithOfficersOnScene_EscortFirstThenKeepTryingTheParents()
    {
        var c = Given("guardian_incapable", "acknowledged", "dispatched", "on_scene", "parents_unreachable").State("r-1");

        Assert.Equal(
            [
                new NextStep(CaseStage.ChildEscorted, EventTypes.CaseChildEscorted, false),
                new NextStep(CaseStage.ParentsContacted, EventTypes.CaseParentsContacted, false),
                new NextStep(CaseStage.TownshipNotified, EventTypes.CaseTownshipNotified, false),
            ],
            CasePolicy.NextSteps(c));
    }

    [Fact]
    public void NextSteps_MissingAcknowledged_SearchRightAfterDispatch()
    {
        var c = Given("missing", "acknowledged").State("r-1");

        Assert.Equal([CaseStage.Dispatched, CaseStage.SearchStarted, CaseStage.TownshipNotified],
            CasePolicy.NextSteps(c).Select(n => n.Stage));
    }

    [Fact]
    public void NextSteps_MissingChildFound_EscortOptionalAndNoMoreSearch()
    {
        var c = Given("missing", "acknowledged", "dispatched", "search_started", "child_found", "township_notified").State("r-1");

        Assert.Equal(
            [
                new NextStep(CaseStage.OnScene, EventTypes.CaseOnScene, false),
                new NextStep(CaseStage.ChildEscorted, EventTypes.CaseChildEscorted, true),
                new NextStep(CaseStage.Closed, EventTypes.CaseClosed, false),
            ],
            CasePolicy.NextSteps(c));
    }

    [Fact]
    public void NextSteps_DomesticViolenceOnScene_EscortAndParentsOptionalBeforeTheTownship()
    {
        var c = Given("domestic_violence", "acknowledged", "dispatched", "on_scene").State("r-1");

        Assert.Equal(
            [
                new NextStep(CaseStage.ChildEscorted, EventTypes.CaseChildEscorted, true),
                new NextStep(CaseStage.ParentsContacted, EventTypes.CaseParentsContacted, true),
                new NextStep(CaseStage.TownshipNotified, EventTypes.CaseTownshipNotified, false),
            ],
            CasePolicy.NextSteps(c));
    }

    [Fact]
    public void NextSteps_InjuryNotified_CloseOfferedWithOptionalEscortBeforeIt()
    {
        var c = Given("injury", "acknowledged", "dispatched", "on_scene", "township_notified").State("r-1");

        Assert.Equal([CaseStage.ChildEscorted, CaseStage.Closed], CasePolicy.NextSteps(c).Select(n => n.Stage));
    }
}
