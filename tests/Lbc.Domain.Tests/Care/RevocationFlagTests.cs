using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Care;

/// <summary>
/// The guardianship intervention record (监护干预) and the grounds for petitioning the court to revoke guardianship
/// (DOMAIN.md, "Revocation flags"): each condition met, and just not met.
/// </summary>
public sealed class RevocationFlagTests
{
    private static (string Key, object? Value) Wang => Scenario.Actor("zy-duty-0457", "王警官");

    private static ApplyResult File(Scenario s, string reportId, string category, string? childId) =>
        s.Apply(EventTypes.ReportFiled, EventBuilder.Data(("report_id", reportId), ("township_code", BoardScenario.Township),
            ("category", category), ("reporter_type", "school"), ("child_id", childId)));

    private static ApplyResult Intervene(Scenario s, string? reportId, string? childId, string measure, params (string, object?)[] extra) =>
        s.Apply(EventTypes.InterventionRecorded, EventBuilder.Data([("report_id", reportId), ("child_id", childId), ("measure", measure), .. extra]));

    private static InterventionRecordDto Record(Scenario s, string caseId) =>
        s.Projection.InterventionRecord(caseId) ?? throw new InvalidOperationException($"no record for {caseId}");

    private static string[] Flags(Scenario s, string caseId) =>
        [.. Record(s, caseId).Flags.Select(f => $"{f.Ground}:{f.Reason}")];

    [Theory]
    [InlineData("living_alone")]
    [InlineData("guardian_neglect")]
    [InlineData("guardian_incapable")]
    public void ReportFiled_NewCaseAfterTheGuardianWasCriticised_GroundA(string category)
    {
        var s = new Scenario();
        s.Register("c-1", Geography.ChaoyangVillage);
        File(s, "r-1", "living_alone", "c-1");
        Intervene(s, "r-1", null, "criticism", Wang); // the case names the child: the criticism is the child's guardian's
        var criticisedAt = s.Now;
        s.AdvanceDays(40);

        File(s, "r-2", category, "c-1");

        var record = Record(s, "r-2");
        var flag = Assert.Single(record.Flags);
        Assert.Equal(("a", RevocationReasons.NewCaseAfterCriticism, "r-2", s.Now), (flag.Ground, flag.Reason, flag.CaseId, flag.Since));
        Assert.Equal([category, criticisedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture)], flag.Args);
        var measure = Assert.Single(record.Measures);
        Assert.Equal(("criticism", "王警官", "r-1", false, true), (measure.Measure, measure.ActedByName, measure.CaseId, measure.ThisCase, measure.ByUser));
        Assert.Equal(criticisedAt, measure.At);
        Assert.True(record.RevocationFlagged);
        // The case that led to the criticism shows the ground too, raised by the new case: it is the guardian's record.
        Assert.Equal("r-2", Assert.Single(Record(s, "r-1").Flags).CaseId);
    }

    [Fact]
    public void ReportFiled_CriticismOfAnotherChildsGuardian_NoFlag()
    {
        var s = new Scenario();
        Intervene(s, null, "c-2", "criticism");

        File(s, "r-1", "living_alone", "c-1");

        Assert.Empty(Record(s, "r-1").Flags);
    }

    [Fact]
    public void ReportFiled_OnlyAHarsherMeasureOrAnotherCategoryOrCriticismAfterwards_NoFlag()
    {
        var s = new Scenario();
        Intervene(s, null, "c-1", "admin_penalty");
        File(s, "r-1", "living_alone", "c-1");
        Assert.Empty(Record(s, "r-1").Flags); // ground (a) is about criticism and education not heeded

        Intervene(s, null, "c-1", "criticism");
        File(s, "r-2", "injury", "c-1");
        File(s, "r-3", "missing", "c-1");
        File(s, "r-4", "living_alone", null);
        Assert.Empty(Record(s, "r-2").Flags);
        Assert.Empty(Record(s, "r-3").Flags);
        Assert.Empty(Record(s, "r-4").Flags);
        Assert.Empty(Record(s, "r-1").Flags); // filed before the criticism: not a repeat
    }

    [Fact]
    public void InterventionRecord_GuardianNoneFor183Days_GroundBWithoutAnEvent_182DaysNot()
    {
        var s = new Scenario();
        s.Apply(EventTypes.ChildRegistered, new
        {
            child_id = "c-1", village_code = Geography.ChaoyangVillage, birth_date = "2014-04-01", kind = "both_parents_away", guardian = "none",
        });
        File(s, "r-1", "living_alone", "c-1");

        s.AdvanceDays(182);
        Assert.Empty(Record(s, "r-1").Flags);

        s.AdvanceDays(1);

        var flag = Assert.Single(Record(s, "r-1").Flags);
        Assert.Equal(("b", RevocationReasons.GuardianNoneTooLong), (flag.Ground, flag.Reason));
        Assert.Equal(["2026-03-02", "183"], flag.Args);
        var ofChild = s.Projection.InterventionRecordOfChild("c-1").Flags.Single();
        Assert.Equal((flag.Ground, flag.Reason, flag.Since), (ofChild.Ground, ofChild.Reason, ofChild.Since));
        Assert.Equal(Scenario.DefaultStart.AddDays(183).AddHours(-10), flag.Since); // the start of day 183, China time
    }

    [Fact]
    public void InterventionRecord_GuardianEntrustedBefore183Days_CountStopsAndStartsOverWhenNoneAgain()
    {
        var s = new Scenario();
        s.Apply(EventTypes.ChildRegistered, new
        {
            child_id = "c-1", village_code = Geography.ChaoyangVillage, birth_date = "2014-04-01", kind = "both_parents_away", guardian = "none",
        });
        File(s, "r-1", "living_alone", "c-1");
        s.AdvanceDays(150);
        s.Apply(EventTypes.ChildUpdated, new { child_id = "c-1", guardian = "entrusted" });
        s.AdvanceDays(10);
        s.Apply(EventTypes.ChildUpdated, new { child_id = "c-1", guardian = "none" });
        s.Apply(EventTypes.ChildUpdated, new { child_id = "c-1", village_code = Geography.ChaoyangVillage }); // no guardian field: no change

        s.AdvanceDays(100);

        Assert.Empty(Record(s, "r-1").Flags);
        s.AdvanceDays(83);
        Assert.Single(Record(s, "r-1").Flags);
    }

    [Fact]
    public void InterventionRecord_ChildExited_GuardianNoneNoLongerFollowed()
    {
        var s = new Scenario();
        s.Apply(EventTypes.ChildRegistered, new
        {
            child_id = "c-1", village_code = Geography.ChaoyangVillage, birth_date = "2014-04-01", kind = "both_parents_away", guardian = "none",
        });
        File(s, "r-1", "living_alone", "c-1");
        s.Exit("c-1", "parent_returned");

        s.AdvanceDays(200);

        Assert.Empty(Record(s, "r-1").Flags);
    }

    [Theory]
    [InlineData("domestic_violence", "high", true)]
    [InlineData("unlawful_harm", "high", true)]
    [InlineData("injury", "high", true)]
    [InlineData("domestic_violence", "medium", false)]
    [InlineData("living_alone", "high", false)]
    [InlineData("guardian_neglect", "high", false)]
    public void AssessmentCompleted_HighRiskOfHarm_GroundC(string category, string risk, bool flagged)
    {
        var s = new Scenario();
        File(s, "r-1", category, "c-1");

        s.Apply(EventTypes.AssessmentCompleted, new { report_id = "r-1", risk_level = risk, services = Array.Empty<string>() });

        Assert.Equal(flagged ? new[] { "c:high_risk_assessment" } : [], Flags(s, "r-1"));
    }

    [Fact]
    public void AssessmentCompleted_HighRiskAfterPoliceClose_StillGroundC()
    {
        var s = new Scenario();
        File(s, "r-1", "domestic_violence", null);
        s.Step(EventTypes.CaseTownshipNotified, "r-1");
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "violence_stopped_referred"));

        s.Apply(EventTypes.AssessmentCompleted, new { report_id = "r-1", risk_level = "high", services = new[] { "legal_aid" } });

        Assert.Equal(["c:high_risk_assessment"], Flags(s, "r-1"));
        Assert.False(Record(s, "r-1").ChildNamed);
    }

    [Theory]
    [InlineData("serious_harm_by_guardian", true)]
    [InlineData("serious_harm_by_guardian; father detained, case to the procuratorate", true)]
    [InlineData("serious harm by the guardian", false)]
    [InlineData("violence_stopped_referred", false)]
    public void CaseClosed_WithOutcomeSeriousHarmByGuardian_GroundCForAnyCategory(string outcome, bool flagged)
    {
        var s = new Scenario();
        File(s, "r-1", "guardian_neglect", "c-1");

        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", outcome));

        Assert.Equal(flagged ? new[] { "c:closed_serious_harm_by_guardian" } : [], Flags(s, "r-1"));
        // The child's other cases show the ground too: it is the guardian's record.
        File(s, "r-2", "injury", "c-1");
        Assert.Equal(flagged ? new[] { "c:closed_serious_harm_by_guardian" } : [], Flags(s, "r-2"));
    }

    [Fact]
    public void InterventionRecorded_MeasuresOfTheCaseAndOfTheChild_InOrderWithActors_AfterTheCaseLeftMemoryToo()
    {
        var s = new Scenario();
        File(s, "r-1", "domestic_violence", "c-1");
        Intervene(s, "r-1", null, "criticism", Wang);
        s.Advance(TimeSpan.FromHours(1));
        Intervene(s, null, "c-1", "admin_penalty");
        Intervene(s, null, "c-9", "criminal_case"); // another child
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "serious_harm_by_guardian"));
        s.AdvanceDays(30);
        Assert.False(s.Projection.TryGetCase("r-1", out _));

        Assert.Equal(ApplyOutcome.Applied, Intervene(s, "r-1", null, "revocation_petition").Outcome);

        var record = Record(s, "r-1");
        Assert.True(record.ChildNamed);
        Assert.Equal(["criticism", "admin_penalty", "revocation_petition"], record.Measures.Select(m => m.Measure));
        Assert.Equal([true, false, true], record.Measures.Select(m => m.ThisCase));
        Assert.Equal(["王警官", "test", "test"], record.Measures.Select(m => m.ActedByName));
        Assert.Equal(["c:closed_serious_harm_by_guardian"], Flags(s, "r-1"));
        Assert.Null(s.Projection.InterventionRecord("r-404"));
        Assert.Equal(ApplyOutcome.Rejected, Intervene(s, "r-404", null, "criticism").Outcome);
    }
}
