using System.Globalization;
using System.Text.RegularExpressions;
using Lbc.Contracts;
using Lbc.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Model;

/// <summary>How a trend chart's values read: counts (means over the bucket), a percentage, minutes.</summary>
public enum TrendUnit
{
    Count,
    Percent,
    Minutes,
}

/// <summary>
/// One line of a trend chart: a history metric (GET /api/history's <c>metric</c>), its stage for a duration metric, the
/// aggregate (<c>avg</c> or <c>last</c>) and the label the legend shows. <see cref="Per"/> makes it a rate, computed
/// here per point (overdue / children); <see cref="Scale"/> turns the stored unit into the chart's (100 for a
/// percentage, 1/60 for seconds as minutes). A value equality, so a chart knows when its series really changed.
/// </summary>
public sealed record TrendSeries(string Metric, string Label, string Fn = "avg", string? Stage = null)
{
    /// <summary>A second metric divided into this one at each point; a point is hidden when either is.</summary>
    public string? Per { get; init; }

    /// <summary>Each value is multiplied by this (after the division by <see cref="Per"/>).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>A target in the chart's unit (an SLA), drawn as a horizontal line.</summary>
    public double? Target { get; init; }

    /// <summary>The target line's text; the chart's default when null.</summary>
    public string? TargetLabel { get; init; }

    /// <summary>This series' own step when the chart's is too fine for it (the leading group reads durations by the week).</summary>
    public string? Step { get; init; }

    /// <summary>Whether a rise is bad news (overdue) or good (pairing coverage): colours the quarter change; null: neither.</summary>
    public bool? HigherIsWorse { get; init; }
}

/// <summary>A chart's time range: the last <see cref="Span"/> up to now, in buckets of <see cref="Step"/> (1h, 1d, 7d...).</summary>
public sealed partial record TrendRange(TimeSpan Span, string Step)
{
    public static TrendRange LastWeeks(int weeks, string step = "1d") => new(TimeSpan.FromDays(7 * weeks), step);

    /// <summary>A quarter here is 13 weeks, as for the quarter-on-quarter change.</summary>
    public static TrendRange LastQuarters(int quarters, string step = "7d") => new(TimeSpan.FromDays(7 * 13 * quarters), step);

    /// <summary>The step as a span ("15m", "1h", "7d"); one day when it cannot be read.</summary>
    public static TimeSpan StepSpan(string step)
    {
        var match = StepPattern().Match(step);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return TimeSpan.FromDays(1);
        }
        return match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
    }

    [GeneratedRegex(@"^([0-9]{1,6})(m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex StepPattern();
}

/// <summary>A chart the dashboard offers: its key (stable, for tests and CSS), title, unit and series.</summary>
public sealed record TrendChartSpec(string Key, string Title, TrendUnit Unit, IReadOnlyList<TrendSeries> Series);

/// <summary>
/// The headline indicators as trend charts, in one place: overdue visits, the overdue rate (overdue / children),
/// stale records, open and breached cases, pairing coverage (paired / school age), and police response time for the
/// first three stages in minutes against their SLA.
/// </summary>
public static class TrendCatalog
{
    /// <summary>The duration metric of police stages (seconds from the report's receipt), in the history API.</summary>
    public const string ResponseSeconds = "response_seconds";

    /// <summary>The police stages whose response time is charted, in order.</summary>
    public static IReadOnlyList<string> ResponseStages { get; } = ["acknowledged", "dispatched", "on_scene"];

    /// <param name="l">Labels (zh-CN first).</param>
    /// <param name="rules">The rules in force, for the SLA lines; none drawn until they are known (no second copy of the defaults here).</param>
    /// <param name="aggregatesOnly">The leading group: durations by the week (the server's rule, docs/security.md).</param>
    public static IReadOnlyList<TrendChartSpec> Headline(IStringLocalizer<Strings> l, RuleSettingsDto? rules, bool aggregatesOnly)
    {
        var charts = new List<TrendChartSpec>
        {
            new("overdue", l.Label(Figure.VisitOverdue), TrendUnit.Count, [Count(l, Figure.VisitOverdue)]),
            new("overdue_rate", l["Trend_OverdueRate"], TrendUnit.Percent,
                [Rate(l["Trend_OverdueRate"], Figure.VisitOverdue, Figure.Children) with { HigherIsWorse = true }]),
            new("stale_records", l.Label(Figure.StaleRecords), TrendUnit.Count, [Count(l, Figure.StaleRecords)]),
            new("cases", l["Trend_Cases"], TrendUnit.Count, [Count(l, Figure.OpenCases), Count(l, Figure.BreachedCases)]),
            new("pairing_coverage", l["Trend_PairingCoverage"], TrendUnit.Percent,
                [Rate(l["Trend_PairingCoverage"], Figure.Paired, Figure.SchoolAge) with { HigherIsWorse = false }]),
        };
        foreach (var stage in ResponseStages)
        {
            charts.Add(new($"response_{stage}", ResponseLabel(l, stage), TrendUnit.Minutes, [Response(l, stage, rules, aggregatesOnly)]));
        }
        return charts;
    }

    /// <summary>Police response time to <paramref name="stage"/> in minutes (mean), with its SLA line when the rules are known.</summary>
    public static TrendSeries Response(IStringLocalizer<Strings> l, string stage, RuleSettingsDto? rules, bool aggregatesOnly)
    {
        int? sla = rules?.StageSlaMinutes.TryGetValue(stage, out var minutes) == true && minutes > 0 ? minutes : null;
        return new TrendSeries(ResponseSeconds, ResponseLabel(l, stage), "avg", stage)
        {
            Scale = 1 / 60.0,
            Target = sla,
            TargetLabel = sla is { } m ? string.Format(CultureInfo.CurrentCulture, l["Trend_SlaLine"], m) : null,
            Step = aggregatesOnly ? "7d" : null,
            HigherIsWorse = true,
        };
    }

    /// <summary>"接报至受理用时" (resource <c>Trend_Response_{stage}</c>); the stage's name when there is none.</summary>
    public static string ResponseLabel(IStringLocalizer<Strings> l, string stage)
    {
        var s = l["Trend_Response_" + stage];
        return s.ResourceNotFound ? l.Stage(stage) : s.Value;
    }

    private static TrendSeries Count(IStringLocalizer<Strings> l, Figure figure) =>
        new(FigureCatalog.Info(figure).HistoryField, l.Label(figure)) { HigherIsWorse = FigureCatalog.Info(figure).HigherIsWorse };

    private static TrendSeries Rate(string label, Figure part, Figure whole) =>
        new(FigureCatalog.Info(part).HistoryField, label) { Per = FigureCatalog.Info(whole).HistoryField, Scale = 100 };
}
