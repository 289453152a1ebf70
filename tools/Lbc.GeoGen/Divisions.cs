namespace Lbc.GeoGen;

internal sealed record Row(string Code, string Name, string Parent);

/// <summary>The code lists of china-division, filtered to one province or all of them.</summary>
internal sealed class Divisions
{
    public required List<Row> Provinces { get; init; }
    public required List<Row> Cities { get; init; }
    public required List<Row> Counties { get; init; }
    public required List<Row> Townships { get; init; }
    public required List<Row> Villages { get; init; }

    /// <summary>Reads dist/{provinces,cities,areas,streets,villages}.csv; <paramref name="province"/> null means all.</summary>
    public static Divisions Read(string distDirectory, string? province)
    {
        return new Divisions
        {
            Provinces = Load(distDirectory, "provinces.csv", null, null, province),
            Cities = Load(distDirectory, "cities.csv", "provinceCode", "provinceCode", province),
            Counties = Load(distDirectory, "areas.csv", "cityCode", "provinceCode", province),
            Townships = Load(distDirectory, "streets.csv", "areaCode", "provinceCode", province),
            Villages = Load(distDirectory, "villages.csv", "streetCode", "provinceCode", province),
        };
    }

    private static List<Row> Load(string directory, string file, string? parentColumn, string? provinceColumn, string? province)
    {
        var rows = new List<Row>();
        var path = Path.Combine(directory, file);
        var data = Csv.Read(path, out var columns);
        var code = columns["code"];
        var name = columns["name"];
        var parent = parentColumn is null ? -1 : columns[parentColumn];
        var provinceAt = provinceColumn is null ? columns["code"] : columns[provinceColumn];
        foreach (var f in data)
        {
            if (province is not null && f[provinceAt] != province)
                continue;
            rows.Add(new Row(f[code], f[name], parent < 0 ? "" : f[parent]));
        }
        rows.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return rows;
    }
}
