using Lbc.Domain.Rules;

namespace Lbc.Domain.Tests.Rules;

/// <summary>
/// A bad rule setting must stop the server with a line naming the key, not run with clocks that never
/// breach or a search circle that shrinks.
/// </summary>
public sealed class RuleSettingsTests
{
    [Fact]
    public void Default_TheProjectDefaultsOfDomainMd()
    {
        var rules = RuleSettings.Default;

        Assert.Equal((2.0, 5.0, 50.0), (rules.SearchBaseKm, rules.SearchGrowthKmPerHour, rules.SearchCapKm));
        Assert.Equal(0.2, rules.ClockAmberFraction);
        Assert.Equal(TimeSpan.FromHours(2), rules.PlacementWaitTarget);
        Assert.Equal(TimeSpan.FromHours(24), rules.InstitutionStaleAfter);
        Assert.Equal(TimeSpan.FromDays(7), rules.ClosedCaseRetention);
        Assert.Equal(TimeSpan.FromDays(90), rules.FollowUpRetention);
        Assert.Equal(183, rules.GuardianNoneRevocationDays);
        Assert.Equal(
            [SuggestionCriterion.ProtectiveForViolence, SuggestionCriterion.WelfareUnderSix, SuggestionCriterion.Locality,
             SuggestionCriterion.Distance, SuggestionCriterion.StaffOnDuty],
            rules.PlacementSuggestionOrder);
        Assert.Equal((1.0, false), (rules.SuggestionDistanceStepKm, rules.SuggestBoardingSchools));
        Assert.Empty(rules.Validate());
    }

    public static TheoryData<string, RuleSettings> BadSettings() => new()
    {
        { "Acknowledge", RuleSettings.Default with { Acknowledge = TimeSpan.Zero } },
        { "Dispatch", RuleSettings.Default with { Dispatch = TimeSpan.FromMinutes(-10) } },
        { "OnScene", RuleSettings.Default with { OnScene = TimeSpan.Zero } },
        { "ParentsContacted", RuleSettings.Default with { ParentsContacted = TimeSpan.Zero } },
        { "TownshipNotified", RuleSettings.Default with { TownshipNotified = TimeSpan.Zero } },
        { "AssessmentOpened", RuleSettings.Default with { AssessmentOpened = TimeSpan.Zero } },
        { "AssessmentCompleted", RuleSettings.Default with { AssessmentCompleted = TimeSpan.FromDays(-1) } },
        { "PlacementWaitTarget", RuleSettings.Default with { PlacementWaitTarget = TimeSpan.Zero } },
        { "InstitutionStaleAfter", RuleSettings.Default with { InstitutionStaleAfter = TimeSpan.Zero } },
        { "ClosedCaseRetention", RuleSettings.Default with { ClosedCaseRetention = TimeSpan.Zero } },
        { "VisitIntervalDays", RuleSettings.Default with { VisitIntervalDays = 0 } },
        { "VisitDueSoonDays", RuleSettings.Default with { VisitDueSoonDays = -1 } },
        { "LedgerStaleDays", RuleSettings.Default with { LedgerStaleDays = 0 } },
        { "LedgerGraceDays", RuleSettings.Default with { LedgerGraceDays = -3 } },
        { "SearchBaseKm", RuleSettings.Default with { SearchBaseKm = 0 } },
        { "SearchGrowthKmPerHour", RuleSettings.Default with { SearchGrowthKmPerHour = -5 } },
        { "SearchCapKm", RuleSettings.Default with { SearchCapKm = 1.5 } },
        { "SearchCapKm", RuleSettings.Default with { SearchCapKm = double.NaN } },
        { "ClockAmberFraction", RuleSettings.Default with { ClockAmberFraction = 0 } },
        { "ClockAmberFraction", RuleSettings.Default with { ClockAmberFraction = 1 } },
        { "ClockAmberFraction", RuleSettings.Default with { ClockAmberFraction = double.NaN } },
        { "FollowUpRetention", RuleSettings.Default with { FollowUpRetention = TimeSpan.Zero } },
        { "GuardianNoneRevocationDays", RuleSettings.Default with { GuardianNoneRevocationDays = 0 } },
        { "SuggestionDistanceStepKm", RuleSettings.Default with { SuggestionDistanceStepKm = 0 } },
        { "SuggestionDistanceStepKm", RuleSettings.Default with { SuggestionDistanceStepKm = double.PositiveInfinity } },
        { "PlacementSuggestionOrder", RuleSettings.Default with { PlacementSuggestionOrder = [SuggestionCriterion.Distance, SuggestionCriterion.Distance] } },
        { "PlacementSuggestionOrder", RuleSettings.Default with { PlacementSuggestionOrder = [(SuggestionCriterion)9] } },
        { "PlacementSuggestionOrder", RuleSettings.Default with { PlacementSuggestionOrder = null! } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_OneBadSetting_OneProblemStartingWithItsName(string name, RuleSettings rules)
    {
        var problem = Assert.Single(rules.Validate());

        Assert.StartsWith(name + ": ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CapBelowBase_SaysBothNumbers()
    {
        var problem = Assert.Single((RuleSettings.Default with { SearchBaseKm = 3, SearchCapKm = 2.5 }).Validate());

        Assert.Equal("SearchCapKm: must be at least SearchBaseKm 3 (is 2.5)", problem);
    }

    [Fact]
    public void Validate_SeveralBadSettings_EveryOneReported()
    {
        var rules = RuleSettings.Default with { Acknowledge = TimeSpan.Zero, ClockAmberFraction = 1.5, ClosedCaseRetention = TimeSpan.FromDays(-7) };

        Assert.Equal(["Acknowledge", "ClosedCaseRetention", "ClockAmberFraction"],
            rules.Validate().Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Validate_ZeroDaysOfGraceAndDueSoon_Accepted()
    {
        // Zero is a legitimate choice there (no grace, no "due soon" band); only negative numbers are wrong.
        Assert.Empty((RuleSettings.Default with { LedgerGraceDays = 0, VisitDueSoonDays = 0, SearchGrowthKmPerHour = 0 }).Validate());
    }
}
