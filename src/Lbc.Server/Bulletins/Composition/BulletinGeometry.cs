using Lbc.Domain.Regions;
using Lbc.Reference;
using Lbc.Server.Apis;

namespace Lbc.Server.Bulletins.Composition;

/// <summary>
/// The county outlines the map layer is drawn from (data/reference/counties.geojson), loaded once on first use: a county's
/// shape, a city's as its counties' shapes. Townships have no public outline (they are points).
/// </summary>
public sealed class BulletinGeometry(ReferenceFiles files, RegionCatalog regions)
{
    private readonly Lazy<IReadOnlyDictionary<string, MultiPolygon>> _counties = new(() => ReferenceData.LoadCountyShapes(files.CountyBoundariesDirectory));

    public IReadOnlyList<MultiPolygon> ShapesOf(string code) => RegionCodes.LevelOf(code) switch
    {
        RegionLevel.County => _counties.Value.TryGetValue(code, out var shape) ? [shape] : [],
        RegionLevel.City => [.. regions.CountiesIn(code).Select(c => _counties.Value.GetValueOrDefault(c.Code)).OfType<MultiPolygon>()],
        // A province in the country's bulletin: its counties' outlines where the reference has them (Liaoning's).
        RegionLevel.Province => [.. regions.Counties.Where(c => RegionCodes.Contains(code, c.Code))
            .Select(c => _counties.Value.GetValueOrDefault(c.Code)).OfType<MultiPolygon>()],
        _ => [],
    };
}
