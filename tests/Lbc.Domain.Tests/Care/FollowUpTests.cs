using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Care;

/// <summary>
/// The township's part of a case (assessment and services, 评估帮扶) goes on after police close the case: the
/// civil-affairs board keeps it, its clocks keep running, and its services are ticked off one by one.
/// </summary>
public sealed class FollowUpTests
{
    /// <summary>An injury case in 波罗赤镇: township notified after 1 hour, closed by police after 2.</summary>
    private static Scenario ClosedByPolice(RuleSettings? rules = null)
    {
        var s = new Scenario(rules: rules);
        s.FileReport("r-1", "injury", BoardScenario.Township);
        s.Advance(TimeSpan.FromHours(1));
        s.Step(EventTypes.CaseTownshipNotified, "r-1");
        s.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ApplyOutcome.Applied, s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "handled_referred_to_township")).Outcome);
        return s;
    }

    private static readonly DateTimeOffset s_notified = Scenario.DefaultStart.AddHours(1);

    private static FollowUpDto Listed(Scenario s, string caseId = "r-1") =>
        Assert.Single(s.Projection.FollowUps("21"), f => f.CaseId == caseId);

    [Fact]
    public void FollowUps_CaseClosedByPolice_StaysOnTheBoardWithItsAssessmentClocks()
    {
        var s = ClosedByPolice();

        Assert.Empty(s.Snapshot().OpenCases);
        var f = Listed(s);
        Assert.True(f.Pending);
        Assert.Equal((s_notified, Scenario.DefaultStart.AddHours(2)), (f.NotifiedAt!.Value, f.PoliceClosedAt!.Value));
        Assert.Equal(Scenario.DefaultStart.AddHours(2).AddDays(90), f.FollowUpUntil);
        Assert.Equal((s_notified.AddDays(3), SlaStates.Pending), (f.AssessmentOpened.Due, f.AssessmentOpened.State));
        Assert.Equal(s_notified.AddDays(15), f.AssessmentCompleted.Due);
        Assert.Single(s.Projection.FollowUps(Geography.ChaoyangCounty));
        Assert.Empty(s.Projection.FollowUps(Geography.ShenyangTownship));
    }

    [Fact]
    public void AdvanceTo_AssessmentNotOpened3DaysAfterNotification_BreachesAfterPoliceCloseWithoutAnEvent()
    {
        var s = ClosedByPolice();
        s.DrainAll();

        s.Advance(s_notified.AddDays(3) - s.Now);
        Assert.Equal(SlaStates.Pending, Listed(s).AssessmentOpened.State);
        Assert.Empty(s.DrainAll());

        s.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(SlaStates.Breached, Listed(s).AssessmentOpened.State);
        var batch = Assert.Single(s.DrainAll());
        Assert.Equal(SlaStates.Breached, Assert.Single(batch.FollowUps).AssessmentOpened.State);
        Assert.Empty(batch.Cases); // the police queue does not get it back

        s.Advance(TimeSpan.FromDays(12));
        Assert.Equal(SlaStates.Breached, Listed(s).AssessmentCompleted.State);
        // Overdue follow-ups come first on the board.
        s.FileReport("r-2", "living_alone", BoardScenario.Township);
        s.Step(EventTypes.CaseTownshipNotified, "r-2");
        Assert.Equal(["r-1", "r-2"], s.Projection.FollowUps("21").Select(f => f.CaseId));
    }

    [Fact]
    public void Apply_AssessmentAndServicesAfterClose_ServicesKeptThenMarkedDoneOneByOne()
    {
        var s = ClosedByPolice();
        s.Advance(TimeSpan.FromDays(1));

        Assert.Equal(ApplyOutcome.Applied, s.Step(EventTypes.AssessmentOpened, "r-1").Outcome);
        s.Advance(TimeSpan.FromDays(2));
        Assert.Equal(ApplyOutcome.Applied, s.Apply(EventTypes.AssessmentCompleted,
            new { report_id = "r-1", risk_level = "medium", services = new[] { "psychological", "social_assistance" } }).Outcome);

        var assessed = Listed(s);
        Assert.Equal((SlaStates.Done, SlaStates.Done, "medium"), (assessed.AssessmentOpened.State, assessed.AssessmentCompleted.State, assessed.Risk));
        Assert.Equal([("psychological", true, false), ("social_assistance", true, false)],
            assessed.Services.Select(x => (x.Service, x.Asked, x.Done)));

        s.Advance(TimeSpan.FromDays(1));
        s.Step(EventTypes.ServiceArranged, "r-1", ("service", "psychological"));
        var half = Listed(s);
        Assert.True(half.Pending);
        Assert.Equal((true, s.Now), (half.Services[0].Done, half.Services[0].DoneAt!.Value));
        s.DrainAll();

        s.Step(EventTypes.ServiceArranged, "r-1", ("service", "social_assistance"));

        // Everything asked is arranged: the case leaves the board, and the family counts as brought into assistance.
        Assert.Empty(s.Projection.FollowUps("21"));
        var batch = Assert.Single(s.DrainAll());
        Assert.Equal(new RemovedCase("r-1", BoardScenario.Township), Assert.Single(batch.FollowUpsEnded));
        Assert.Equal(1, Assert.Single(batch.Townships, t => t.Code == BoardScenario.Township).Figures[Figure.SocialAssistance]);
        Assert.Equal(1, s.Province.Figures.ValueOf(Figure.SocialAssistance));
        var done = s.Projection.FollowUp("r-1")!; // findable for the case view within the 7 days after the close
        Assert.False(done.Pending);
        Assert.True(done.SocialAssistance);
        Assert.Equal(7, s.State("r-1").Version); // report, notified, closed, then opened, completed and two services
    }

    [Fact]
    public void Apply_ServiceArrangedTwiceOrUnasked_CountedOnceAndListedAsNotAsked()
    {
        var s = ClosedByPolice();
        s.Step(EventTypes.ServiceArranged, "r-1", ("service", "social_assistance"));

        Assert.Equal(ApplyOutcome.NoChange, s.Step(EventTypes.ServiceArranged, "r-1", ("service", "social_assistance")).Outcome);

        Assert.Equal(1, s.Township(BoardScenario.Township).Figures.ValueOf(Figure.SocialAssistance));
        var f = Listed(s); // no assessment yet: still owed
        Assert.Equal(("social_assistance", false, true), (f.Services[0].Service, f.Services[0].Asked, f.Services[0].Done));
    }

    [Fact]
    public void AdvanceTo_FollowUpNeverFinished_LeavesTheBoard90DaysAfterTheCloseAndLateNewsChangesNothing()
    {
        var s = ClosedByPolice();
        s.Apply(EventTypes.AssessmentCompleted, new { report_id = "r-1", risk_level = "low", services = new[] { "legal_aid" } });
        s.DrainAll();

        s.Advance(TimeSpan.FromDays(90) - TimeSpan.FromSeconds(1));
        Assert.Single(s.Projection.FollowUps("21"));
        Assert.True(s.Projection.TryGetCase("r-1", out _)); // long after the 7-day case retention

        s.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(s.Projection.FollowUps("21"));
        Assert.Contains(s.DrainAll().Single().FollowUpsEnded, r => r.CaseId == "r-1");
        Assert.False(s.Projection.TryGetCase("r-1", out _));
        Assert.Equal(ApplyOutcome.NoChange, s.Step(EventTypes.ServiceArranged, "r-1", ("service", "legal_aid")).Outcome);
    }

    [Fact]
    public void FollowUps_OpenCaseNotifiedIsListed_NotNotifiedIsNot_ClosedWithoutNotificationIsNot()
    {
        var s = new Scenario();
        s.FileReport("notified", "living_alone", BoardScenario.Township);
        s.Step(EventTypes.CaseTownshipNotified, "notified");
        s.FileReport("fresh", "living_alone", BoardScenario.Township);
        s.FileReport("closed-quietly", "living_alone", BoardScenario.Township);
        s.Step(EventTypes.CaseClosed, "closed-quietly", ("outcome", "false alarm"));

        Assert.Equal(["notified"], s.Projection.FollowUps("21").Select(f => f.CaseId));
        Assert.Null(Listed(s, "notified").PoliceClosedAt);
    }

    [Fact]
    public void Apply_AssessmentForAClosedCaseGoneFromMemory_NoChange_UnknownReportRejected()
    {
        var s = new Scenario();
        s.FileReport("r-1", "living_alone", BoardScenario.Township);
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "false alarm"));
        s.AdvanceDays(8);

        Assert.Equal(ApplyOutcome.NoChange, s.Step(EventTypes.AssessmentOpened, "r-1").Outcome);
        Assert.Equal(ApplyOutcome.Rejected, s.Step(EventTypes.AssessmentOpened, "r-404").Outcome);
    }
}
