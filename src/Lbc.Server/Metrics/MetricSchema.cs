using System.Globalization;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;

namespace Lbc.Server.Metrics;

/// <summary>One region's figures at one minute, with its level (township, county, city, province).</summary>
public sealed record RegionRow(string Code, RegionLevel Level, Figures Figures);

/// <summary>
/// The history schema, in one place (documented in docs/history.md): measurement and field names, tag
/// keys, and how a row or a duration becomes an InfluxDB line-protocol point. Timestamps are whole
/// minutes for region points, so a replayed or second write of the same minute overwrites the point.
/// </summary>
public static class MetricSchema
{
    public const string RegionMeasurement = "lbc_region";
    public const string ResponseMeasurement = "lbc_response";
    public const string PlacementWaitMeasurement = "lbc_placement_wait";
    public const string DurationField = "seconds";

    /// <summary>Every point is written with millisecond timestamps (victoria-metrics keeps milliseconds too).</summary>
    public const WritePrecision Precision = WritePrecision.Ms;

    /// <summary>The count fields of <see cref="RegionMeasurement"/>, in column order: every figure of the catalog; <c>occupancy</c> is derived.</summary>
    public static IReadOnlyList<RegionField> RegionFields { get; } =
        [.. FigureCatalog.All.Select(f => new RegionField(f.HistoryField, f.Id))];

    /// <summary>Occupied / capacity (0..1); only written where the region has places of care.</summary>
    public const string OccupancyField = "occupancy";

    public static double? Occupancy(Figures f) => f.ValueOf(Figure.Capacity) > 0 ? (double)f.ValueOf(Figure.Occupied) / f.ValueOf(Figure.Capacity) : null;

    public static string LevelWord(RegionLevel level) => level switch
    {
        RegionLevel.Country => "country",
        RegionLevel.Province => "province",
        RegionLevel.City => "city",
        RegionLevel.County => "county",
        RegionLevel.Township => "township",
        _ => "village",
    };

    public static PointData ToPoint(RegionRow row, DateTimeOffset minute)
    {
        var point = PointData.Measurement(RegionMeasurement)
            .Tag("region", row.Code)
            .Tag("level", LevelWord(row.Level));
        var figures = row.Figures;
        foreach (var field in RegionFields)
        {
            point = point.Field(field.Name, (long)field.Read(figures));
        }
        if (Occupancy(figures) is double occupancy)
        {
            point = point.Field(OccupancyField, occupancy);
        }
        return point.Timestamp(minute.UtcDateTime, Precision);
    }

    /// <summary>
    /// A duration point, tagged with every level of its township so a query filters by any level's tag
    /// (cardinality is bounded by regions x stages x categories, never by children or cases).
    /// </summary>
    public static PointData ToPoint(DurationSample sample)
    {
        var measurement = sample.Kind == CommandCenterProjection.ResponseKind ? ResponseMeasurement : PlacementWaitMeasurement;
        var township = sample.TownshipCode;
        var point = PointData.Measurement(measurement)
            .Tag("stage", sample.Stage)
            .Tag("province", township[..2])
            .Tag("city", township[..4])
            .Tag("county", township[..6])
            .Tag("township", township);
        if (sample.Category is not null)
        {
            point = point.Tag("category", sample.Category);
        }
        return point.Field(DurationField, sample.Seconds).Timestamp(sample.At.UtcDateTime, Precision);
    }

    public static string ToLine(PointData point) => point.ToLineProtocol();

    public static string FormatSeconds(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

public sealed record RegionField(string Name, Figure Figure)
{
    public int Read(Figures figures) => figures.ValueOf(Figure);
}
