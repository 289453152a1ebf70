using System.Globalization;

namespace Lbc.Domain.Rules;

public sealed partial record RuleSettings
{
    /// <summary>
    /// Every problem of these settings, each starting with the setting's name (the key under
    /// <c>Dashboard:Rules</c>), so the server can refuse to start with one line per bad key instead of
    /// running with a clock that never breaches or a search circle that shrinks. Empty when all is well.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Positive(problems, nameof(VisitIntervalDays), VisitIntervalDays);
        NotNegative(problems, nameof(VisitDueSoonDays), VisitDueSoonDays);
        Positive(problems, nameof(LedgerStaleDays), LedgerStaleDays);
        NotNegative(problems, nameof(LedgerGraceDays), LedgerGraceDays);
        Positive(problems, nameof(Acknowledge), Acknowledge);
        Positive(problems, nameof(Dispatch), Dispatch);
        Positive(problems, nameof(OnScene), OnScene);
        Positive(problems, nameof(ParentsContacted), ParentsContacted);
        Positive(problems, nameof(TownshipNotified), TownshipNotified);
        Positive(problems, nameof(AssessmentOpened), AssessmentOpened);
        Positive(problems, nameof(AssessmentCompleted), AssessmentCompleted);
        Positive(problems, nameof(PlacementWaitTarget), PlacementWaitTarget);
        Positive(problems, nameof(InstitutionStaleAfter), InstitutionStaleAfter);
        Positive(problems, nameof(ClosedCaseRetention), ClosedCaseRetention);
        Positive(problems, nameof(ReportWindowDays), ReportWindowDays);
        Positive(problems, nameof(FollowUpRetention), FollowUpRetention);
        Positive(problems, nameof(GuardianNoneRevocationDays), GuardianNoneRevocationDays);
        Positive(problems, nameof(SuggestionDistanceStepKm), SuggestionDistanceStepKm);
        SuggestionOrderProblems(problems);
        Positive(problems, nameof(SearchBaseKm), SearchBaseKm);
        // Zero growth is a fixed circle: odd, but a deployment may want it.
        if (!double.IsFinite(SearchGrowthKmPerHour) || SearchGrowthKmPerHour < 0)
        {
            problems.Add($"{nameof(SearchGrowthKmPerHour)}: must be zero or more (is {Text(SearchGrowthKmPerHour)})");
        }
        if (!double.IsFinite(SearchCapKm) || SearchCapKm < SearchBaseKm)
        {
            problems.Add($"{nameof(SearchCapKm)}: must be at least {nameof(SearchBaseKm)} {Text(SearchBaseKm)} (is {Text(SearchCapKm)})");
        }
        if (!(ClockAmberFraction > 0 && ClockAmberFraction < 1))
        {
            problems.Add($"{nameof(ClockAmberFraction)}: must be between 0 and 1, both excluded (is {Text(ClockAmberFraction)})");
        }
        return problems;
    }

    private void SuggestionOrderProblems(List<string> problems)
    {
        if (PlacementSuggestionOrder is null)
        {
            problems.Add($"{nameof(PlacementSuggestionOrder)}: required (a list of {string.Join(", ", Enum.GetNames<SuggestionCriterion>())})");
            return;
        }
        var seen = new HashSet<SuggestionCriterion>();
        foreach (var criterion in PlacementSuggestionOrder)
        {
            if (!Enum.IsDefined(criterion))
            {
                problems.Add($"{nameof(PlacementSuggestionOrder)}: {(int)criterion} is not one of {string.Join(", ", Enum.GetNames<SuggestionCriterion>())}");
            }
            else if (!seen.Add(criterion))
            {
                problems.Add($"{nameof(PlacementSuggestionOrder)}: {criterion} appears twice");
            }
        }
    }

    private static void Positive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{name}: must be longer than zero (is {value.ToString("c", CultureInfo.InvariantCulture)})");
        }
    }

    private static void Positive(List<string> problems, string name, int value)
    {
        if (value <= 0)
        {
            problems.Add($"{name}: must be more than zero (is {value.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    private static void NotNegative(List<string> problems, string name, int value)
    {
        if (value < 0)
        {
            problems.Add($"{name}: must be zero or more (is {value.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    private static void Positive(List<string> problems, string name, double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            problems.Add($"{name}: must be more than zero (is {Text(value)})");
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
