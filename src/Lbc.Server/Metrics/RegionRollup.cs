using Lbc.Domain.Projection;
using Lbc.Domain.Regions;

namespace Lbc.Server.Metrics;

/// <summary>
/// Sums township figures up to counties, cities and the province in one pass (O(regions)); places of
/// care are added where they stand and to every level above. Pure, so tests can hand-check it.
/// </summary>
public static class RegionRollup
{
    public static IReadOnlyList<RegionRow> Build(RegionCatalog regions, FiguresCapture capture)
    {
        var townships = (RegionFigures[])capture.Townships.Clone();
        var counties = new Dictionary<string, RegionFigures>(regions.Counties.Count, StringComparer.Ordinal);
        var cities = new Dictionary<string, RegionFigures>(regions.Cities.Count, StringComparer.Ordinal);
        var provinces = new Dictionary<string, RegionFigures>(StringComparer.Ordinal);
        foreach (var c in regions.Counties)
        {
            counties[c.Code] = default;
        }
        foreach (var c in regions.Cities)
        {
            cities[c.Code] = default;
        }
        foreach (var p in regions.Provinces)
        {
            provinces[p.Code] = default;
        }

        // Institutions first, at their own level, so the sums below carry them upwards exactly once.
        foreach (var i in capture.Institutions)
        {
            var beds = new RegionFigures { Capacity = i.Capacity, Occupied = i.Occupied, FreeBeds = i.Free };
            var code = RegionCodes.LevelOf(i.RegionCode) == RegionLevel.Village ? RegionCodes.TownshipOf(i.RegionCode) : i.RegionCode;
            switch (RegionCodes.LevelOf(code))
            {
                case RegionLevel.Township when regions.TryGetTownship(code, out var t):
                    townships[t.Index].Add(beds);
                    break;
                case RegionLevel.County when counties.ContainsKey(code):
                    AddTo(counties, code, beds);
                    break;
                case RegionLevel.City when cities.ContainsKey(code):
                    AddTo(cities, code, beds);
                    break;
                case RegionLevel.Province when provinces.ContainsKey(code):
                    AddTo(provinces, code, beds);
                    break;
            }
        }

        var rows = new List<RegionRow>(townships.Length + counties.Count + cities.Count + provinces.Count);
        foreach (var t in regions.Townships)
        {
            rows.Add(new RegionRow(t.Code, RegionLevel.Township, townships[t.Index]));
            if (counties.ContainsKey(t.CountyCode))
            {
                AddTo(counties, t.CountyCode, townships[t.Index]);
            }
        }
        foreach (var c in regions.Counties)
        {
            var figures = counties[c.Code];
            rows.Add(new RegionRow(c.Code, RegionLevel.County, figures));
            if (cities.ContainsKey(c.CityCode))
            {
                AddTo(cities, c.CityCode, figures);
            }
        }
        foreach (var c in regions.Cities)
        {
            var figures = cities[c.Code];
            rows.Add(new RegionRow(c.Code, RegionLevel.City, figures));
            var province = RegionCodes.ProvinceOf(c.Code);
            if (provinces.ContainsKey(province))
            {
                AddTo(provinces, province, figures);
            }
        }
        foreach (var p in regions.Provinces)
        {
            rows.Add(new RegionRow(p.Code, RegionLevel.Province, provinces[p.Code]));
        }
        return rows;
    }

    private static void AddTo(Dictionary<string, RegionFigures> sums, string code, in RegionFigures figures)
    {
        var sum = sums[code];
        sum.Add(figures);
        sums[code] = sum;
    }
}
