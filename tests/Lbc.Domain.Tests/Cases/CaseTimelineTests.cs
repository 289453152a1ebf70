using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Cases;

/// <summary>
/// The case view's timeline and the version a command is checked against: what the duty officer reads to
/// know who did what, and what stops two officers from recording the same step.
/// </summary>
public sealed class CaseTimelineTests
{
    private static readonly (string, object?) s_wang = Scenario.Actor("zy-duty-0457", "王警官");

    [Fact]
    public void Apply_ReportFiled_Version1AndTheReportIsTheFirstEntry()
    {
        var s = new Scenario();
        s.FileReport("r-1", "living_alone", id: "intake-1");

        var c = s.State("r-1");

        Assert.Equal(1, c.Version);
        var entry = Assert.Single(c.Timeline);
        Assert.Equal(("intake-1", EventTypes.ReportFiled, CaseStage.Received, s.Now), (entry.EventId, entry.Type, entry.Stage, entry.At));
        Assert.Equal("test", entry.ActedBy); // a report names no officer: the producer stands in
    }

    [Fact]
    public void Apply_EachStepByAnOfficer_VersionUpByOneAndEntryNamesTheOfficer()
    {
        var s = new Scenario();
        s.FileReport("r-1", "injury");
        s.Advance(TimeSpan.FromMinutes(2));

        s.Step(EventTypes.CaseAcknowledged, "r-1", s_wang);
        s.Advance(TimeSpan.FromMinutes(3));
        s.Step(EventTypes.CaseDispatched, "r-1", Scenario.Actor("zy-duty-0460", "赵警官"));

        var c = s.State("r-1");
        Assert.Equal(3, c.Version);
        var (ack, dispatch) = (c.Timeline[1], c.Timeline[2]);
        Assert.Equal((CaseStage.Acknowledged, "zy-duty-0457", "王警官", Scenario.DefaultStart.AddMinutes(2)),
            (ack.Stage, ack.ActedBy, ack.ActedByName, ack.At));
        Assert.Equal(new Actor("zy-duty-0460", "赵警官"), dispatch.Actor);
        Assert.Equal(Scenario.DefaultStart.AddMinutes(5), dispatch.At);
    }

    [Fact]
    public void Apply_StepWithoutActor_EntryNamesTheProducer()
    {
        var s = new Scenario();
        s.FileReport("r-1");

        s.Step(EventTypes.CaseAcknowledged, "r-1");

        var entry = s.State("r-1").Timeline[^1];
        Assert.Null(entry.Actor);
        Assert.Equal(("test", "test"), (entry.ActedBy, entry.ActedByName));
    }

    [Fact]
    public void Apply_RepeatedStep_NoChangeNoEntryNoVersion()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Step(EventTypes.CaseAcknowledged, "r-1", s_wang);

        var repeat = s.Step(EventTypes.CaseAcknowledged, "r-1", Scenario.Actor("someone-else", "另一位警官"));

        Assert.Equal(ApplyOutcome.NoChange, repeat.Outcome);
        var c = s.State("r-1");
        Assert.Equal(2, c.Version);
        Assert.Equal("zy-duty-0457", c.WhoDid(CaseStage.Acknowledged)!.ActedBy);
    }

    [Fact]
    public void Apply_SameEventDeliveredTwice_OneEntry()
    {
        var s = new Scenario();
        s.FileReport("r-1");

        s.Step(EventTypes.CaseAcknowledged, "r-1");
        var again = s.Apply(EventTypes.CaseAcknowledged, new { report_id = "r-1" }, id: s.State("r-1").Timeline[^1].EventId);

        Assert.Equal(ApplyOutcome.Duplicate, again.Outcome);
        Assert.Equal(2, s.State("r-1").Version);
    }

    [Fact]
    public void Apply_ParentsUnreachableTwiceThenReached_EveryAttemptOnTheTimelineAndTheClockKeepsTheFirst()
    {
        var s = new Scenario();
        s.FileReport("r-1", "living_alone");
        s.Step(EventTypes.CaseAcknowledged, "r-1");
        s.Advance(TimeSpan.FromMinutes(30));
        s.Step(EventTypes.CaseParentsContacted, "r-1", ("reached", false));
        s.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(ApplyOutcome.Applied, s.Step(EventTypes.CaseParentsContacted, "r-1", ("reached", false)).Outcome);
        s.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(ApplyOutcome.Applied, s.Step(EventTypes.CaseParentsContacted, "r-1", ("reached", true), s_wang).Outcome);

        var c = s.State("r-1");
        Assert.Equal([false, false, true], c.Timeline.Where(e => e.Stage == CaseStage.ParentsContacted).Select(e => e.ParentsReached!.Value));
        Assert.Equal(5, c.Version);
        Assert.True(c.ParentsReached);
        Assert.Equal(Scenario.DefaultStart.AddMinutes(30), s.StageClock("r-1", "parents_contacted").DoneAt);

        var after = s.Step(EventTypes.CaseParentsContacted, "r-1", ("reached", false));
        Assert.Equal(ApplyOutcome.NoChange, after.Outcome); // once reached, a later failed call changes nothing
        Assert.True(s.State("r-1").ParentsReached);
        Assert.Equal(5, s.State("r-1").Version);
    }

    [Fact]
    public void Apply_EscortDetailsAndOutcome_OnTheirEntries()
    {
        var s = new Scenario();
        s.FileReport("r-1", "living_alone");
        s.Step(EventTypes.CaseChildEscorted, "r-1", ("to", "institution"), ("institution_id", "INST-1"), ("no_carer", true));
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "grandmother entrusted"));

        var c = s.State("r-1");

        var escort = c.Timeline.Single(e => e.Stage == CaseStage.ChildEscorted);
        Assert.Equal((EscortDestination.Institution, "INST-1", (bool?)true, (bool?)null),
            (escort.EscortedTo!.Value, escort.InstitutionId, escort.NoCarer, escort.SeriousHarm));
        Assert.Equal("grandmother entrusted", c.Timeline[^1].Outcome);
    }

    [Fact]
    public void Apply_SecondEscortElsewhere_NoChangeAndTheFirstDestinationStands()
    {
        var s = new Scenario();
        s.FileReport("r-1", "living_alone");
        s.Step(EventTypes.CaseChildEscorted, "r-1", ("to", "relatives"));

        var second = s.Step(EventTypes.CaseChildEscorted, "r-1", ("to", "institution"), ("institution_id", "INST-1"));

        Assert.Equal(ApplyOutcome.NoChange, second.Outcome);
        Assert.Equal(EscortDestination.Relatives, s.State("r-1").EscortedTo);
        Assert.Null(s.State("r-1").EscortInstitutionId);
    }

    [Fact]
    public void Apply_AssessmentServiceInterventionAndPlacement_JoinTheTimelineWithTheirDetails()
    {
        var s = new Scenario();
        s.FileReport("r-1", "domestic_violence", Geography.ChaoyangTownship);
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-1", report_id = "r-1", township_code = Geography.ChaoyangTownship });
        s.Step(EventTypes.AssessmentOpened, "r-1");
        s.Apply(EventTypes.AssessmentCompleted, new { report_id = "r-1", risk_level = "high", services = new[] { "medical", "legal_aid" } });
        s.Step(EventTypes.ServiceArranged, "r-1", ("service", "medical"));
        s.Step(EventTypes.InterventionRecorded, "r-1", ("measure", "criminal_case"));

        var c = s.State("r-1");

        Assert.Equal([EventTypes.ReportFiled, EventTypes.PlacementRequested, EventTypes.AssessmentOpened, EventTypes.AssessmentCompleted,
            EventTypes.ServiceArranged, EventTypes.InterventionRecorded], c.Timeline.Select(e => e.Type));
        Assert.Equal(6, c.Version);
        Assert.Equal("p-1", c.Timeline[1].PlacementId);
        Assert.True(c.PlacementRequested);
        Assert.Equal(RiskLevel.High, c.Timeline[3].Risk);
        Assert.Equal([ServiceKind.Medical, ServiceKind.LegalAid], c.Timeline[3].Services);
        Assert.Equal([ServiceKind.Medical], c.Timeline[4].Services);
        Assert.Equal(InterventionMeasure.CriminalCase, c.Timeline[5].Measure);
    }

    [Fact]
    public void Apply_SecondAssessmentCompleted_NoChangeAndTheFirstRiskStands()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Apply(EventTypes.AssessmentCompleted, new { report_id = "r-1", risk_level = "high", services = Array.Empty<string>() });

        var second = s.Apply(EventTypes.AssessmentCompleted, new { report_id = "r-1", risk_level = "low", services = Array.Empty<string>() });

        Assert.Equal(ApplyOutcome.NoChange, second.Outcome);
        Assert.Equal(RiskLevel.High, s.State("r-1").Risk);
        // Completing without opening: the completion is also who opened it.
        Assert.Equal(EventTypes.AssessmentCompleted, s.State("r-1").WhoDid(CaseStage.AssessmentOpened)!.Type);
    }

    [Fact]
    public void Apply_PlacementRequestedForAnotherCaseOrNone_ThisCaseUnchanged()
    {
        var s = new Scenario();
        s.FileReport("r-1");

        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-1", township_code = Geography.ChaoyangTownship });
        var unknown = s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-2", report_id = "r-404", township_code = Geography.ChaoyangTownship });

        Assert.Equal(ApplyOutcome.Applied, unknown.Outcome); // the placement stands on its own
        Assert.Equal(1, s.State("r-1").Version);
        Assert.Equal(2, s.Province.PlacementsWaiting);
    }

    [Fact]
    public void Apply_PlacementRequestedForTheCase_CaseSentInTheNextDelta()
    {
        var s = new Scenario();
        s.FileReport("r-1", "domestic_violence");
        s.DrainAll();

        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-1", report_id = "r-1", township_code = Geography.ShenyangTownship });

        Assert.Contains(s.DrainAll().SelectMany(b => b.Cases), c => c.CaseId == "r-1");
    }

    [Fact]
    public void TryGetCase_ClosedCase_FoundWithItsTimelineFor7DaysThenEvicted()
    {
        var s = new Scenario();
        s.FileReport("r-1", "living_alone");
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "parents returned"), s_wang);

        Assert.DoesNotContain(s.Snapshot().OpenCases, c => c.CaseId == "r-1"); // gone from the queue at once
        Assert.True(s.State("r-1").IsClosed);

        s.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal("王警官", s.State("r-1").WhoDid(CaseStage.Closed)!.ActedByName);

        s.Advance(TimeSpan.FromSeconds(1));
        Assert.False(s.Projection.TryGetCase("r-1", out _));
        // Evicted, not forgotten: filing it again still opens no second case.
        Assert.Equal(ApplyOutcome.NoChange, s.FileReport("r-1", "living_alone").Outcome);
        Assert.Equal(ApplyOutcome.NoChange, s.Step(EventTypes.CaseAcknowledged, "r-1").Outcome);
    }

    [Fact]
    public void TryGetCase_RetentionOfOneDay_EvictedAfterOneDayCountedFromTheCloseTime()
    {
        var s = new Scenario(rules: RuleSettings.Default with { ClosedCaseRetention = TimeSpan.FromDays(1) });
        s.FileReport("r-1");
        s.FileReport("r-2");
        s.Advance(TimeSpan.FromHours(6));
        // Closed 6 hours before the projection learns of it (a late producer): retention runs from the close.
        s.Apply(EventTypes.CaseClosed, new { report_id = "r-1", outcome = "resolved" }, ts: Scenario.DefaultStart);
        s.Step(EventTypes.CaseClosed, "r-2", ("outcome", "resolved"));

        s.Advance(TimeSpan.FromHours(18));

        Assert.False(s.Projection.TryGetCase("r-1", out _));
        Assert.True(s.Projection.TryGetCase("r-2", out _));
        s.Advance(TimeSpan.FromHours(6));
        Assert.False(s.Projection.TryGetCase("r-2", out _));
    }

    [Fact]
    public void TryGetCase_UnknownCase_NotFound()
    {
        var s = new Scenario();

        Assert.False(s.Projection.TryGetCase("r-404", out _));
    }
}
