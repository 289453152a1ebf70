using Lbc.Domain.Regions;

namespace Lbc.Server.Bulletins.Composition;

/// <summary>
/// A bulletin (定期通报) as figures, independent of its format: the PDF and the XLSX writers only lay this out, so both
/// always carry the same numbers. Built by <see cref="BulletinComposer"/> from history.
/// </summary>
public sealed record Bulletin(
    string RegionCode,
    string RegionName,
    BulletinPeriod Period,
    DateTimeOffset GeneratedAt,
    string Source,
    bool AggregatesOnly,
    bool PeriodComplete,
    IReadOnlyList<Indicator> Headline,
    IReadOnlyList<Ranking> Rankings,
    BulletinMap Map,
    IReadOnlyList<RuleLine> Rules)
{
    /// <summary>The download's name: region code and period only, never a person's data (e.g. <c>bulletin-21-2026Q4.pdf</c>).</summary>
    public string FileName(string extension) => $"bulletin-{RegionCode}-{Period.Code}.{extension}";
}

public enum BulletinUnit
{
    /// <summary>A mean count over the period's days (children, overdue...), shown rounded.</summary>
    Count,

    /// <summary>A share 0..1, shown as a percentage.</summary>
    Percent,

    /// <summary>Reports per 1,000 children.</summary>
    PerThousand,

    /// <summary>Minutes (police response).</summary>
    Minutes,
}

/// <summary>
/// One cell: a value, or hidden (the leading group's small counts and what would give them away), or none (no data in
/// history for the period, or a rate of nothing).
/// </summary>
public readonly record struct BulletinValue(double? Value, bool Hidden)
{
    public static BulletinValue None { get; } = new(null, false);

    public static BulletinValue Suppressed { get; } = new(null, true);

    public static BulletinValue Of(double value) => new(value, false);
}

/// <summary>A headline indicator of the region, this period and the one before; <see cref="Target"/> an SLA in minutes.</summary>
public sealed record Indicator(string Key, string Chinese, string English, BulletinUnit Unit, bool HigherIsWorse,
    BulletinValue Current, BulletinValue Previous, double? Target = null);

public sealed record RankingColumn(string Key, string Chinese, string English, BulletinUnit Unit);

/// <summary>A sub-region's row; <see cref="Rank"/> null when its ranked value is hidden or missing (listed last).</summary>
public sealed record RankingRow(int? Rank, string Code, string Name, IReadOnlyList<BulletinValue> Cells);

/// <summary>One ranking table: sub-regions best first by <see cref="RankingColumn"/> number <see cref="SortColumn"/>.</summary>
public sealed record Ranking(string Key, string Chinese, string English, IReadOnlyList<RankingColumn> Columns, int SortColumn,
    bool HigherIsWorse, IReadOnlyList<RankingRow> Rows, string? NoteChinese = null, string? NoteEnglish = null);

/// <summary>A sub-region on the choropleth: its overdue rate, its outline (counties) or, for townships, a point.</summary>
public sealed record MapArea(string Code, string Name, BulletinValue OverdueRate, IReadOnlyList<MultiPolygon> Shapes, GeoPoint? Point);

/// <summary>A class of the choropleth's legend: rates from <see cref="From"/> up to (not including) <see cref="To"/>.</summary>
public sealed record MapClass(double From, double To, string Color);

/// <summary>The overdue-rate choropleth of the sub-regions, with the region's own outline for townships drawn as points.</summary>
public sealed record BulletinMap(IReadOnlyList<MapArea> Areas, IReadOnlyList<MultiPolygon> Outline, IReadOnlyList<MapClass> Classes, string HiddenColor);

/// <summary>One rule setting in force when the bulletin was produced.</summary>
public sealed record RuleLine(string Chinese, string English, string Value);
