using Lbc.Contracts;

namespace Lbc.Server.Bulletins.Composition;

/// <summary>
/// The history series a bulletin reads, by their history API names (<see cref="FigureCatalog"/>'s history fields and the
/// response stages): what goes in the sub-region tables, what only in the region's headline, and the sums made of them.
/// </summary>
public static class BulletinFields
{
    public static string Field(Figure figure) => FigureCatalog.Info(figure).HistoryField;

    public static readonly string Children = Field(Figure.Children);
    public static readonly string VisitedOnTime = Field(Figure.VisitedOnTime);
    public static readonly string Overdue = Field(Figure.VisitOverdue);
    public static readonly string Stale = Field(Figure.StaleRecords);
    public static readonly string LateTownships = Field(Figure.LateTownships);
    public static readonly string SchoolAge = Field(Figure.SchoolAge);
    public static readonly string Paired = Field(Figure.Paired);

    /// <summary>Reports by mandated reporters (强制报告 duty: schools to welfare institutions), summed as one count.</summary>
    public static IReadOnlyList<string> MandatedReporters { get; } =
    [
        Field(Figure.ReportsBySchool), Field(Figure.ReportsByKindergarten), Field(Figure.ReportsByMedical),
        Field(Figure.ReportsByVillageCommittee), Field(Figure.ReportsBySocialWork), Field(Figure.ReportsByReliefInstitution),
        Field(Figure.ReportsByWelfareInstitution),
    ];

    /// <summary>The key of the mandated reporters' sum (not a history field: made here from <see cref="MandatedReporters"/>).</summary>
    public const string MandatedSum = "mandated_reports";

    /// <summary>Counts read for the region and every sub-region (the rankings).</summary>
    public static IReadOnlyList<string> TableCounts { get; } =
        [Children, VisitedOnTime, Overdue, Stale, LateTownships, SchoolAge, Paired, .. MandatedReporters];

    /// <summary>Counts read for the region's headline only.</summary>
    public static IReadOnlyList<string> HeadlineCounts { get; } =
        [Field(Figure.OpenDropouts), Field(Figure.OpenCases), Field(Figure.BreachedCases)];

    /// <summary>The police stages whose mean time from report received is compared with its SLA.</summary>
    public static IReadOnlyList<string> ResponseStages { get; } = ["acknowledged", "dispatched", "on_scene"];

    public const string ResponseMetric = "response_seconds";

    public static string ResponseKey(string stage) => "response:" + stage;

    /// <summary>The counts shown whose rest (whole minus part) is itself a count: hidden when that rest is from 1 to 4.</summary>
    public static IReadOnlyList<(string Whole, string Part)> Subsets { get; } =
        [(Children, VisitedOnTime), (Children, Overdue), (Children, Stale), (SchoolAge, Paired)];

    /// <summary>
    /// Counts that sum with others the leading group can read elsewhere (history, the live view): children = on time + due
    /// soon + overdue. When exactly one shown here is hidden, another must be, or it could be worked out from the rest.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Identities { get; } = [[Children, VisitedOnTime, Overdue]];

    /// <summary>The counts shown in a table whose region value is the sum of its sub-regions' (history rolls counts up).</summary>
    public static IReadOnlyList<string> Additive { get; } =
        [Children, VisitedOnTime, Overdue, Stale, LateTownships, SchoolAge, Paired, MandatedSum];
}
