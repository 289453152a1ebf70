using System.Globalization;
using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>
/// A column of the drill-down's sub-region table: a figure or a rate made of two, how it reads, and whether a higher value
/// is worse (the table sorts worst first). A rate of a hidden count is hidden too ("–"), never worked out.
/// </summary>
public sealed record RegionColumn(string Key, string LabelKey, Func<Figures, double?> Value, bool Percent, bool HigherIsWorse)
{
    public string Text(Figures figures)
    {
        if (Value(figures) is not { } v)
        {
            return figures.AnySuppressed ? SmallCounts.SuppressedText : "–";
        }
        return Percent ? v.ToString("P1", CultureInfo.CurrentCulture) : v.ToString("N0", CultureInfo.CurrentCulture);
    }
}

/// <summary>The derived indicators of DOMAIN.md ("at every level") and the drill-down table's columns, in one place.</summary>
public static class RegionRates
{
    /// <summary>Mandated reporters (强制报告): schools, kindergartens, medical and village committees, social work, relief and welfare institutions.</summary>
    public static readonly Figure[] MandatedReporters =
    [
        Figure.ReportsBySchool, Figure.ReportsByKindergarten, Figure.ReportsByMedical, Figure.ReportsByVillageCommittee,
        Figure.ReportsBySocialWork, Figure.ReportsByReliefInstitution, Figure.ReportsByWelfareInstitution,
    ];

    /// <summary>The reporter types whose long silence in a region the leading group is shown (DOMAIN.md: accountability).</summary>
    public static readonly Figure[] WatchedReporters = [Figure.ReportsBySchool, Figure.ReportsByMedical, Figure.ReportsByVillageCommittee];

    public static double? Count(Figures f, Figure figure) => f[figure];

    public static double? OverdueRate(Figures f) => f.Rate(Figure.VisitOverdue, Figure.Children);

    public static double? PairingCoverage(Figures f) => f.Rate(Figure.Paired, Figure.SchoolAge);

    public static double? Occupancy(Figures f) => f.Rate(Figure.Occupied, Figure.Capacity);

    public static double? StaleRate(Figures f) => f.Rate(Figure.StaleRecords, Figure.Children);

    /// <summary>Reports by mandated reporters in the window per 1,000 children; hidden when any part is.</summary>
    public static double? MandatedPerThousand(Figures f)
    {
        var sum = 0;
        foreach (var r in MandatedReporters)
        {
            if (f[r] is not { } n)
            {
                return null;
            }
            sum += n;
        }
        return f[Figure.Children] is { } children and > 0 ? sum * 1000.0 / children : null;
    }

    /// <summary>Average minutes from discovered to received, over the reports that said when they discovered.</summary>
    public static double? AverageDiscoveryDelayMinutes(Figures f) =>
        f[Figure.DiscoveryDelayMinutes] is { } minutes && f[Figure.DiscoveredReports] is { } n and > 0 ? (double)minutes / n : null;

    public static IReadOnlyList<RegionColumn> TableColumns { get; } =
    [
        new("children", "Figure_children", f => Count(f, Figure.Children), false, false),
        new("visitedOnTime", "Figure_visitedOnTime", f => Count(f, Figure.VisitedOnTime), false, false),
        new("visitDueSoon", "Figure_visitDueSoon", f => Count(f, Figure.VisitDueSoon), false, true),
        new("visitOverdue", "Figure_visitOverdue", f => Count(f, Figure.VisitOverdue), false, true),
        new("overdueRate", "Rate_overdue", OverdueRate, true, true),
        new("staleRecords", "Figure_staleRecords", f => Count(f, Figure.StaleRecords), false, true),
        new("lateTownships", "Figure_lateTownships", f => Count(f, Figure.LateTownships), false, true),
        new("pairing", "Rate_pairing", PairingCoverage, true, false),
        new("openDropouts", "Figure_openDropouts", f => Count(f, Figure.OpenDropouts), false, true),
        new("openCases", "Figure_openCases", f => Count(f, Figure.OpenCases), false, true),
        new("breachedCases", "Figure_breachedCases", f => Count(f, Figure.BreachedCases), false, true),
        new("placementsWaiting", "Figure_placementsWaiting", f => Count(f, Figure.PlacementsWaiting), false, true),
        new("mandated", "Rate_mandatedPerThousand", MandatedPerThousand, false, false),
    ];

    /// <summary>Overdue-rate classes for the choropleth: upper bounds and colours, green to red; hidden regions grey.</summary>
    public static IReadOnlyList<(double UpTo, string Color)> OverdueClasses { get; } =
    [
        (0.05, "#1a9850"), (0.10, "#91cf60"), (0.15, "#fee08b"), (0.25, "#fc8d59"), (double.MaxValue, "#d73027"),
    ];

    public const string HiddenColor = "#c8ccd2";

    public static string ColorOf(double? rate)
    {
        if (rate is not { } r)
        {
            return HiddenColor;
        }
        foreach (var (upTo, color) in OverdueClasses)
        {
            if (r < upTo)
            {
                return color;
            }
        }
        return OverdueClasses[^1].Color;
    }
}
