namespace Lbc.Contracts;

/// <summary>
/// <c>GET /api/regions/{code}/figures</c>: a region and the regions one level below it (drill-down), with names, counted
/// where things stand. For the leading group suppressed as one table (null = "&lt;5" or hidden so nothing can be
/// worked out); for case-level users as they are.
/// </summary>
public sealed record RegionDrillDto(
    string Code,
    string Name,
    string Level,
    DateTimeOffset AsOf,
    Figures Figures,
    IReadOnlyList<RegionRowDto> SubRegions,
    IReadOnlyList<RegionCrumbDto> Breadcrumb);

/// <summary>One sub-region row: code, name, level, its representative point (the choropleth's hover and the township circles), figures.</summary>
public sealed record RegionRowDto(string Code, string Name, string Level, double Lon, double Lat, Figures Figures);

/// <summary>One step of the breadcrumb, from the user's jurisdiction down to the region.</summary>
public sealed record RegionCrumbDto(string Code, string Name);

public static class RegionRoutes
{
    public const string Figures = "/api/regions/{code}/figures";
    public const string Townships = "/api/regions/{code}/townships";

    public static string FiguresOf(string code) => $"/api/regions/{Uri.EscapeDataString(code)}/figures";

    public static string TownshipsOf(string code) => $"/api/regions/{Uri.EscapeDataString(code)}/townships";
}
