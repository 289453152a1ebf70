using System.Diagnostics;
using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Care;

/// <summary>
/// Where to place a child (DOMAIN.md, "Placement suggestion"), on a small hand-built province around 波罗赤镇 (朝阳县):
/// places due north of the township point at known distances, in the same county (朝阳县 211321), the same city
/// (建平县 211322) or another city (阜新 2109).
/// </summary>
public sealed class PlacementSuggestionTests
{
    private const string SameCounty = Geography.ChaoyangCounty;
    private const string SameCity = "211322";
    private const string OtherCity = "2109";

    private static PlacementSuggestionsDto Suggest(Scenario s, string placementId = "p-1", int max = 10) =>
        s.Projection.Suggest(placementId, max) ?? throw new InvalidOperationException("placement not on the board");

    private static string[] Ranking(PlacementSuggestionsDto result) => [.. result.Suggestions.Select(x => x.InstitutionId)];

    private static string[] Codes(IEnumerable<SuggestionReason> reasons) => [.. reasons.Select(r => r.ToString())];

    /// <summary>Places of every kind in and around the county, the nearest not protective.</summary>
    private static Scenario Province(RuleSettings? rules = null)
    {
        var s = new Scenario(rules: rules);
        s.Place("welfare-near", "welfare_institution", SameCounty, kmNorth: 3);
        s.Place("relief-near", "relief_station", SameCounty, kmNorth: 5);
        s.Place("shelter", "temporary_shelter", SameCounty, kmNorth: 20);
        s.Place("protection-far", "protection_centre", SameCity, kmNorth: 60);
        return s;
    }

    private static Scenario CaseWaiting(Scenario s, string category, string? childId = null)
    {
        s.Apply(EventTypes.ReportFiled, EventBuilder.Data(("report_id", "r-1"), ("township_code", BoardScenario.Township),
            ("category", category), ("reporter_type", "school"), ("child_id", childId)));
        Assert.Equal(ApplyOutcome.Applied, s.Request("p-1", "r-1").Outcome);
        return s;
    }

    [Theory]
    [InlineData("domestic_violence")]
    [InlineData("unlawful_harm")]
    public void Suggest_Violence_ProtectionCentreFirstEvenIfFartherThenShelterThenReliefStation(string category)
    {
        var s = CaseWaiting(Province(), category);

        var result = Suggest(s);

        Assert.Equal(["protection-far", "shelter", "relief-near", "welfare-near"], Ranking(result));
        var first = result.Suggestions[0];
        Assert.Equal(("protection_centre", 60.0, false, true), (first.Kind, first.DistanceKm, first.SameCounty, first.SameCity));
        Assert.Equal(["free_beds(10)", "protective_for_violence", "same_city", "distance_km(60.0)", "staff_on_duty(2)"], Codes(first.Reasons));
        Assert.DoesNotContain("protective_for_violence", Codes(result.Suggestions[3].Reasons));
        Assert.Equal([$"protective_first_for_violence({category})", "age_unknown"], Codes(result.Notes));
    }

    [Fact]
    public void Suggest_InjuryCase_NoProtectiveRule_NearestInTheCountyFirst()
    {
        var s = CaseWaiting(Province(), "injury");

        Assert.Equal(["welfare-near", "relief-near", "shelter", "protection-far"], Ranking(Suggest(s)));
    }

    [Fact]
    public void Suggest_ChildUnderSix_WelfareInstitutionFirstEvenIfFarther()
    {
        var s = new Scenario();
        s.Register("c-4", Geography.ChaoyangVillage, birthDate: "2022-01-10");
        s.Place("relief-near", "relief_station", SameCounty, kmNorth: 2);
        s.Place("welfare-far", "welfare_institution", SameCounty, kmNorth: 25);
        CaseWaiting(s, "living_alone", childId: "c-4");

        var result = Suggest(s);

        Assert.Equal(["welfare-far", "relief-near"], Ranking(result));
        Assert.Contains("under_six_welfare", Codes(result.Suggestions[0].Reasons));
        Assert.Equal(["under_six"], Codes(result.Notes));
    }

    [Fact]
    public void Suggest_ChildOfSix_NoWelfarePreference_NearestFirst()
    {
        var s = new Scenario();
        s.Register("c-6", Geography.ChaoyangVillage, birthDate: "2020-03-02"); // six today
        s.Place("relief-near", "relief_station", SameCounty, kmNorth: 2);
        s.Place("welfare-far", "welfare_institution", SameCounty, kmNorth: 25);
        CaseWaiting(s, "living_alone", childId: "c-6");

        var result = Suggest(s);

        Assert.Equal(["relief-near", "welfare-far"], Ranking(result));
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Suggest_SameCountyBeforeSameCityBeforeElsewhere_WhateverTheDistance()
    {
        var s = new Scenario();
        s.Place("county-far", "relief_station", SameCounty, kmNorth: 40);
        s.Place("city-near", "relief_station", SameCity, kmNorth: 5);
        s.Place("elsewhere-nearest", "relief_station", OtherCity, kmNorth: 1);
        CaseWaiting(s, "guardian_neglect");

        var result = Suggest(s);

        Assert.Equal(["county-far", "city-near", "elsewhere-nearest"], Ranking(result));
        Assert.Equal([(true, true), (false, true), (false, false)], result.Suggestions.Select(x => (x.SameCounty, x.SameCity)));
        Assert.Equal(["same_county", "same_city", "other_city"], result.Suggestions.Select(x => x.Reasons[1].Code));
    }

    [Fact]
    public void Suggest_EquallyNear_MoreStaffOnDutyFirst_WithinOneKilometreStep()
    {
        var s = new Scenario();
        s.Place("two-staff", "welfare_institution", SameCounty, kmNorth: 10.2, staff: 2);
        s.Place("five-staff", "welfare_institution", SameCounty, kmNorth: 10.2, staff: 5);
        s.Place("nine-staff-a-bit-farther", "welfare_institution", SameCounty, kmNorth: 10.6, staff: 9);
        s.Place("twelve-staff-next-step", "welfare_institution", SameCounty, kmNorth: 11.2, staff: 12);
        CaseWaiting(s, "guardian_neglect");

        Assert.Equal(["nine-staff-a-bit-farther", "five-staff", "two-staff", "twelve-staff-next-step"], Ranking(Suggest(s)));
    }

    [Fact]
    public void Suggest_FullNotAcceptingAndBoardingSchools_LeftOutAndSaidSo()
    {
        var s = new Scenario();
        s.Place("full", "relief_station", SameCounty, kmNorth: 1, capacity: 1);
        s.Place("closed", "relief_station", SameCounty, kmNorth: 2, accepting: false);
        s.Place("boarding", "boarding_school", SameCounty, kmNorth: 3, capacity: 200);
        s.Place("open", "relief_station", SameCounty, kmNorth: 30);
        s.Request("p-0");
        s.Assign("p-0", "full");
        CaseWaiting(s, "living_alone");

        var result = Suggest(s);

        Assert.Equal(["open"], Ranking(result));
        Assert.Equal(["age_unknown", "boarding_school_excluded_no_school_place(1)", "excluded_not_accepting(1)", "excluded_full(1)"],
            Codes(result.Notes));
    }

    [Fact]
    public void Suggest_BoardingSchoolsAllowedByTheFlag_OnlyForSchoolAgeChildren()
    {
        var rules = RuleSettings.Default with { SuggestBoardingSchools = true };
        var s = new Scenario(rules: rules);
        s.Register("c-9", Geography.ChaoyangVillage, birthDate: "2016-09-01");
        s.Register("c-3", Geography.ChaoyangVillage, birthDate: "2022-09-01");
        s.Place("boarding", "boarding_school", SameCounty, kmNorth: 3, capacity: 200);
        s.Place("relief", "relief_station", SameCounty, kmNorth: 30);
        CaseWaiting(s, "living_alone", childId: "c-9");
        s.Apply(EventTypes.ReportFiled, new { report_id = "r-2", township_code = BoardScenario.Township, category = "living_alone", reporter_type = "school", child_id = "c-3" });
        s.Request("p-2", "r-2");

        Assert.Equal(["boarding", "relief"], Ranking(Suggest(s)));
        var young = Suggest(s, "p-2");
        Assert.Equal(["relief"], Ranking(young));
        Assert.Contains("boarding_school_excluded_not_school_age(1)", Codes(young.Notes));
    }

    [Fact]
    public void Suggest_StaleOrDisputedPlace_StillSuggestedWithAWarningReason()
    {
        var s = new Scenario();
        s.Place("disputed", "relief_station", SameCounty, kmNorth: 4);
        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "disputed", occupied = 7 });
        s.Advance(TimeSpan.FromHours(25));
        CaseWaiting(s, "living_alone");

        var reasons = Codes(Assert.Single(Suggest(s).Suggestions).Reasons);

        Assert.Contains($"status_stale({Scenario.DefaultStart:o})", reasons);
        Assert.Contains("reported_figures_differ(7, )", reasons);
    }

    [Fact]
    public void Suggest_OrderConfigured_DistanceFirst_NearestFirstEvenForViolence()
    {
        var rules = RuleSettings.Default with
        {
            PlacementSuggestionOrder = [SuggestionCriterion.Distance, SuggestionCriterion.StaffOnDuty],
        };
        var s = CaseWaiting(Province(rules), "domestic_violence");

        var result = Suggest(s);

        Assert.Equal(["welfare-near", "relief-near", "shelter", "protection-far"], Ranking(result));
        Assert.Equal(["free_beds(10)", "distance_km(3.0)", "staff_on_duty(2)"], Codes(result.Suggestions[0].Reasons));
        Assert.DoesNotContain(result.Notes, n => n.Code == "protective_first_for_violence");
    }

    [Fact]
    public void Suggest_MaxAndUnknownPlacement()
    {
        var s = CaseWaiting(Province(), "domestic_violence");

        Assert.Equal(["protection-far", "shelter"], Ranking(Suggest(s, max: 2)));
        Assert.Null(s.Projection.Suggest("p-404"));
        s.End("p-1");
        Assert.Null(s.Projection.Suggest("p-1"));
    }

    [Fact]
    public void Suggest_TenThousandPlaces_Under20MillisecondsAndNoAllocationPerPlace()
    {
        var small = LargeBoard(1_000);
        var large = LargeBoard(10_000);
        Suggest(small);
        Suggest(large); // warm up

        var allocatedSmall = Allocated(() => Suggest(small));
        var allocatedLarge = Allocated(() => Suggest(large));
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 7; run++)
        {
            var watch = Stopwatch.StartNew();
            var result = Suggest(large);
            watch.Stop();
            Assert.Equal(10, result.Suggestions.Count);
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        Assert.True(best < TimeSpan.FromMilliseconds(20), $"best of 7 took {best.TotalMilliseconds:0.0} ms");
        // Ten times the places, the same allocations (give or take the digits of the distances).
        Assert.True(Math.Abs(allocatedLarge - allocatedSmall) < 1024, $"{allocatedSmall} bytes for 1,000 places, {allocatedLarge} for 10,000");
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>A projection with <paramref name="count"/> places across the province (built from events, not parsed: speed).</summary>
    private static Scenario LargeBoard(int count)
    {
        var s = new Scenario();
        var random = new Random(count);
        var counties = Geography.Catalog.Counties;
        string[] kinds = ["relief_station", "protection_centre", "welfare_institution", "temporary_shelter", "boarding_school"];
        for (var n = 0; n < count; n++)
        {
            var id = $"inst-{n:D5}";
            var meta = new EventMeta($"reg-{n}", EventTypes.InstitutionRegistered, s.Now, "bench");
            CareVocabulary.InstitutionKinds.TryParse(kinds[n % kinds.Length], out var kind);
            s.Projection.Apply(new InstitutionRegistered(meta, id, id, kind, counties[random.Next(counties.Count)].Code,
                118.8 + random.NextDouble() * 7, 38.8 + random.NextDouble() * 4.6, random.Next(0, 60)));
            s.Projection.Apply(new InstitutionStatusReported(meta with { Id = $"status-{n}", Type = EventTypes.InstitutionStatus },
                id, null, null, null, random.Next(10) > 0, random.Next(1, 12)));
        }
        CaseWaiting(s, "domestic_violence");
        return s;
    }
}
