using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>One weighted point of the overdue-visit heatmap: a township's point and its overdue share.</summary>
public readonly record struct HeatPoint(double Lat, double Lon, double Weight);

/// <summary>
/// The overdue-visit heatmap: per township, the share of its children whose monthly visit is overdue.
/// A share, not a count, so a big township with few overdue children does not outshine a small one that
/// visits nobody; squared, so that many neighbouring townships with a few late visits each do not add up
/// to the same heat as one township that visits nobody. Suppressed (unknown) figures are left out rather
/// than guessed.
/// </summary>
public static class OverdueHeat
{
    public static IReadOnlyList<HeatPoint> From(IEnumerable<RegionFiguresDto> townships, IReadOnlyDictionary<string, RegionDto>? regions) =>
        From(townships.Select(t => (t.Code, t.Figures[Figure.Children], t.Figures[Figure.VisitOverdue])), regions);

    private static IReadOnlyList<HeatPoint> From(IEnumerable<(string Code, int? Children, int? Overdue)> townships,
        IReadOnlyDictionary<string, RegionDto>? regions)
    {
        if (regions is null)
        {
            return [];
        }
        var points = new List<HeatPoint>();
        foreach (var (code, children, overdue) in townships)
        {
            if (children is > 0 && overdue is > 0 && regions.TryGetValue(code, out var region))
            {
                var share = Math.Min(1.0, overdue.Value / (double)children.Value);
                points.Add(new HeatPoint(region.Lat, region.Lon, share * share));
            }
        }
        return points;
    }
}

/// <summary>A missing-child search circle as the map draws it (radius in km, a label for its tooltip).</summary>
public sealed record SearchArea(string Id, double Lat, double Lon, double RadiusKm, string Label);

/// <summary>Children waiting for temporary care at one township, as the civil-affairs map shows them.</summary>
public sealed record WaitingMarker(double Lat, double Lon, int Count, bool Late, string Label);
