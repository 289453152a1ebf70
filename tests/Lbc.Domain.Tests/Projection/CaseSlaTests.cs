using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>Mandatory reports and the police chain: SLA clocks per stage from receipt.</summary>
public sealed class CaseSlaTests
{
    [Fact]
    public void AdvanceTo_NoAcknowledgementAfter5Minutes_CaseBreachedAndDeltaWithoutEvent()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.DrainAll();

        s.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(SlaStates.OnTrack, s.Case("r-1").SlaState);
        Assert.True(s.Projection.DrainChanges().IsEmpty);

        s.Advance(TimeSpan.FromSeconds(1));

        var dto = s.Case("r-1");
        Assert.Equal(SlaStates.Breached, dto.SlaState);
        Assert.Equal(SlaStates.Breached, s.StageClock("r-1", "acknowledged").State);
        Assert.Equal(SlaStates.Pending, s.StageClock("r-1", "dispatched").State);
        var batch = Assert.Single(s.DrainAll());
        Assert.Equal(SlaStates.Breached, Assert.Single(batch.Cases).SlaState);
        Assert.True(batch.FiguresMoved);
        Assert.Equal(1, s.Province.BreachedCases);
    }

    [Fact]
    public void Apply_AcknowledgedInTime_ClockDone()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(ApplyOutcome.Applied, s.Step(EventTypes.CaseAcknowledged, "r-1").Outcome);
        s.Advance(TimeSpan.FromMinutes(2));

        var clock = s.StageClock("r-1", "acknowledged");
        Assert.Equal(SlaStates.Done, clock.State);
        Assert.Equal(Scenario.DefaultStart.AddMinutes(4), clock.DoneAt);
        Assert.Equal(Scenario.DefaultStart.AddMinutes(5), clock.Due);
        Assert.Equal(SlaStates.OnTrack, s.Case("r-1").SlaState);
        Assert.Equal("acknowledged", s.Case("r-1").Stage);
    }

    [Fact]
    public void Apply_AcknowledgedLate_ClockDoneLateAndCaseNoLongerBreached()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(SlaStates.Breached, s.Case("r-1").SlaState);

        s.Step(EventTypes.CaseAcknowledged, "r-1");

        Assert.Equal(SlaStates.DoneLate, s.StageClock("r-1", "acknowledged").State);
        Assert.Equal(SlaStates.OnTrack, s.Case("r-1").SlaState);
    }

    [Theory]
    [InlineData(EventTypes.CaseDispatched, "dispatched", 10)]
    [InlineData(EventTypes.CaseOnScene, "on_scene", 60)]
    [InlineData(EventTypes.CaseParentsContacted, "parents_contacted", 120)]
    [InlineData(EventTypes.CaseTownshipNotified, "township_notified", 24 * 60)]
    public void AdvanceTo_EachPoliceStage_BreachesAfterItsSla(string type, string stage, int slaMinutes)
    {
        var s = new Scenario();
        s.FileReport("r-1", category: "living_alone");

        s.Advance(TimeSpan.FromMinutes(slaMinutes));
        Assert.Equal(SlaStates.Pending, s.StageClock("r-1", stage).State);
        Assert.Equal(Scenario.DefaultStart.AddMinutes(slaMinutes), s.StageClock("r-1", stage).Due);

        s.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SlaStates.Breached, s.StageClock("r-1", stage).State);

        var extra = type == EventTypes.CaseParentsContacted ? new[] { ("reached", (object?)true) } : [];
        s.Step(type, "r-1", extra);
        Assert.Equal(SlaStates.DoneLate, s.StageClock("r-1", stage).State);
    }

    [Theory]
    [InlineData("living_alone", true)]
    [InlineData("guardian_incapable", true)]
    [InlineData("guardian_neglect", true)]
    [InlineData("missing", false)]
    [InlineData("domestic_violence", false)]
    [InlineData("injury", false)]
    [InlineData("unlawful_harm", false)]
    public void Snapshot_ParentsContactedClock_OnlyForThreeCategories(string category, bool expected)
    {
        var s = new Scenario();
        s.FileReport("r-1", category: category);

        var stages = s.Case("r-1").Clocks.Select(k => k.Stage).ToList();

        Assert.Equal(expected, stages.Contains("parents_contacted"));
        Assert.Equal(["acknowledged", "dispatched", "on_scene", "township_notified", "assessment_opened", "assessment_completed"],
            stages.Where(x => x != "parents_contacted"));
    }

    [Fact]
    public void AdvanceTo_InjuryCaseNotContactingParents_NeverBreachesOnParents()
    {
        var s = new Scenario();
        s.FileReport("r-1", category: "injury");
        s.Step(EventTypes.CaseAcknowledged, "r-1");
        s.Step(EventTypes.CaseDispatched, "r-1");
        s.Step(EventTypes.CaseOnScene, "r-1");

        s.Advance(TimeSpan.FromHours(3));

        Assert.Equal(SlaStates.OnTrack, s.Case("r-1").SlaState);
    }

    [Fact]
    public void Snapshot_AssessmentClocks_RunFromTownshipNotification()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        // Planned from the notification SLA until the notification happens.
        Assert.Equal(Scenario.DefaultStart.AddHours(24).AddDays(3), s.StageClock("r-1", "assessment_opened").Due);

        s.Advance(TimeSpan.FromHours(2));
        s.Step(EventTypes.CaseTownshipNotified, "r-1");

        var notified = Scenario.DefaultStart.AddHours(2);
        Assert.Equal(notified.AddDays(3), s.StageClock("r-1", "assessment_opened").Due);
        Assert.Equal(notified.AddDays(15), s.StageClock("r-1", "assessment_completed").Due);
    }

    [Fact]
    public void AdvanceTo_AssessmentNotOpened3DaysAfterEarlyNotification_BreachedWithDelta()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        foreach (var type in new[] { EventTypes.CaseAcknowledged, EventTypes.CaseDispatched, EventTypes.CaseOnScene })
        {
            s.Step(type, "r-1");
        }
        s.Advance(TimeSpan.FromHours(2));
        s.Step(EventTypes.CaseTownshipNotified, "r-1");
        s.Advance(TimeSpan.FromDays(3));
        s.DrainAll();
        Assert.Equal(SlaStates.OnTrack, s.Case("r-1").SlaState);

        s.Advance(TimeSpan.FromMinutes(1)); // 3 days after notification, still 21 h before a planned due

        Assert.Equal(SlaStates.Breached, s.StageClock("r-1", "assessment_opened").State);
        var batch = Assert.Single(s.DrainAll());
        Assert.Equal("r-1", Assert.Single(batch.Cases).CaseId);
    }

    [Fact]
    public void Apply_AssessmentOpenedAndCompleted_ClocksDone()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Advance(TimeSpan.FromHours(3));
        s.Step(EventTypes.CaseTownshipNotified, "r-1");
        s.Advance(TimeSpan.FromDays(2));

        Assert.Equal(ApplyOutcome.Applied, s.Step(EventTypes.AssessmentOpened, "r-1").Outcome);
        s.AdvanceDays(5);
        Assert.Equal(ApplyOutcome.Applied, s.Apply(EventTypes.AssessmentCompleted,
            new { report_id = "r-1", risk_level = "high", services = new[] { "medical", "legal_aid" } }).Outcome);

        Assert.Equal(SlaStates.Done, s.StageClock("r-1", "assessment_opened").State);
        Assert.Equal(SlaStates.Done, s.StageClock("r-1", "assessment_completed").State);
    }

    [Fact]
    public void Apply_CaseClosed_RemovedFromSnapshotAndListedInNextDelta()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.FileReport("r-2");
        s.DrainAll();

        var result = s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "child safe with grandmother"));

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.DoesNotContain(s.Snapshot().OpenCases, c => c.CaseId == "r-1");
        Assert.Equal(1, s.Province.OpenCases);
        var batch = Assert.Single(s.DrainAll());
        Assert.Equal(["r-1"], batch.Removed.Select(r => r.CaseId));
        Assert.DoesNotContain(batch.Cases, c => c.CaseId == "r-1");
    }

    [Fact]
    public void AdvanceTo_ClosedCase_NeverBreaches()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "false alarm"));
        s.DrainAll();

        s.AdvanceDays(30);

        Assert.Equal(0, s.Province.BreachedCases);
        Assert.DoesNotContain(s.DrainAll().SelectMany(b => b.Cases), c => c.CaseId == "r-1");
    }

    [Fact]
    public void Apply_StepForUnknownReport_RejectedNamingTheFieldNotTheReportId()
    {
        var s = new Scenario();

        var result = s.Step(EventTypes.CaseAcknowledged, "r-404");

        Assert.Equal(ApplyOutcome.Rejected, result.Outcome);
        Assert.Equal("data.report_id: not a known report", result.Reason);
        Assert.Equal(1, s.Projection.EventsRejected);
    }

    [Fact]
    public void Apply_StepForClosedCase_IsNoChange()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "resolved"));

        Assert.Equal(ApplyOutcome.NoChange, s.Step(EventTypes.CaseDispatched, "r-1").Outcome);
        Assert.Empty(s.Snapshot().OpenCases);
        // The township's steps still apply after the police close: FollowUpTests.
    }

    [Fact]
    public void Apply_RepeatedStep_NoChangeAndFirstTimeCounts()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Advance(TimeSpan.FromMinutes(2));
        s.Step(EventTypes.CaseAcknowledged, "r-1");
        s.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(ApplyOutcome.NoChange, s.Step(EventTypes.CaseAcknowledged, "r-1").Outcome);
        Assert.Equal(Scenario.DefaultStart.AddMinutes(2), s.StageClock("r-1", "acknowledged").DoneAt);
        Assert.Equal(SlaStates.Done, s.StageClock("r-1", "acknowledged").State);
    }

    [Theory]
    [InlineData("missing", 1)]
    [InlineData("domestic_violence", 1)]
    [InlineData("unlawful_harm", 1)]
    [InlineData("injury", 1)]
    [InlineData("living_alone", 2)]
    [InlineData("guardian_incapable", 2)]
    [InlineData("guardian_neglect", 3)]
    public void Snapshot_CasePriority_FollowsCategory(string category, int priority)
    {
        var s = new Scenario();
        s.FileReport("r-1", category: category);

        Assert.Equal(priority, s.Case("r-1").Priority);
        Assert.Equal(category, s.Case("r-1").Category);
    }

    [Fact]
    public void Snapshot_OpenCases_OrderedByPriorityThenReceipt()
    {
        var s = new Scenario();
        s.FileReport("neglect-early", category: "guardian_neglect");
        s.Advance(TimeSpan.FromMinutes(1));
        s.FileReport("alone", category: "living_alone");
        s.Advance(TimeSpan.FromMinutes(1));
        s.FileReport("missing-late", category: "missing");
        s.FileReport("injury-earlier", category: "injury", receivedAt: s.Now.AddMinutes(-1).AddSeconds(-30));

        var order = s.Snapshot().OpenCases.Select(c => c.CaseId);

        Assert.Equal(["injury-earlier", "missing-late", "alone", "neglect-early"], order);
    }

    [Fact]
    public void Snapshot_ReportWithoutCoordinates_PlacedApproximatelyAtTownship()
    {
        var s = new Scenario();
        s.FileReport("r-1", township: Geography.ChaoyangTownship);

        var dto = s.Case("r-1");
        Geography.Catalog.TryGetTownship(Geography.ChaoyangTownship, out var township);
        Assert.True(dto.LocationApproximate);
        Assert.Equal((township.Point.Lon, township.Point.Lat), (dto.Lon, dto.Lat));
    }
}
