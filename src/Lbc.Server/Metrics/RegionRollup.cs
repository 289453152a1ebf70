using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;

namespace Lbc.Server.Metrics;

/// <summary>
/// Sums township figures up to counties, cities and the province (and the country on a national catalog) in one pass
/// (O(regions)); places of care are added where they stand and to every level above. Pure, so tests can hand-check it.
/// </summary>
public static class RegionRollup
{
    public static IReadOnlyList<RegionRow> Build(RegionCatalog regions, FiguresCapture capture)
    {
        var townships = capture.Townships.Select(t => Figures.Build().Add(t)).ToArray();
        var counties = regions.Counties.ToDictionary(c => c.Code, _ => Figures.Build(), StringComparer.Ordinal);
        var cities = regions.Cities.ToDictionary(c => c.Code, _ => Figures.Build(), StringComparer.Ordinal);
        var provinces = regions.Provinces.ToDictionary(p => p.Code, _ => Figures.Build(), StringComparer.Ordinal);

        // Institutions first, at their own level (a township's are already in its figures), so the sums below
        // carry them upwards exactly once.
        foreach (var i in capture.Institutions)
        {
            var target = RegionCodes.LevelOf(i.RegionCode) switch
            {
                RegionLevel.County => counties.GetValueOrDefault(i.RegionCode),
                RegionLevel.City => cities.GetValueOrDefault(i.RegionCode),
                RegionLevel.Province => provinces.GetValueOrDefault(i.RegionCode),
                _ => null,
            };
            if (target is not null)
            {
                target[Figure.Capacity] += i.Capacity;
                target[Figure.Occupied] += i.Occupied;
                target[Figure.FreeBeds] += i.Free;
            }
        }

        var rows = new List<RegionRow>(townships.Length + counties.Count + cities.Count + provinces.Count);
        foreach (var t in regions.Townships)
        {
            var figures = townships[t.Index].ToFigures();
            rows.Add(new RegionRow(t.Code, RegionLevel.Township, figures));
            counties.GetValueOrDefault(t.CountyCode)?.Add(figures);
        }
        foreach (var c in regions.Counties)
        {
            var figures = counties[c.Code].ToFigures();
            rows.Add(new RegionRow(c.Code, RegionLevel.County, figures));
            cities.GetValueOrDefault(c.CityCode)?.Add(figures);
        }
        foreach (var c in regions.Cities)
        {
            var figures = cities[c.Code].ToFigures();
            rows.Add(new RegionRow(c.Code, RegionLevel.City, figures));
            provinces.GetValueOrDefault(RegionCodes.ProvinceOf(c.Code))?.Add(figures);
        }
        // A national catalog's country row (the national leading group's trends) sums its provinces.
        var country = regions.IsNational ? Figures.Build() : null;
        foreach (var p in regions.Provinces)
        {
            var figures = provinces[p.Code].ToFigures();
            rows.Add(new RegionRow(p.Code, RegionLevel.Province, figures));
            country?.Add(figures);
        }
        if (country is not null)
        {
            rows.Add(new RegionRow(RegionCodes.Country, RegionLevel.Country, country.ToFigures()));
        }
        return rows;
    }
}
