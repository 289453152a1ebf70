namespace Lbc.Server.Configuration;

/// <summary>The <c>Dashboard</c> configuration section (names are contract: ARCHITECTURE.md).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Redis</c>.</summary>
    public string EventLog { get; set; } = "Sqlite";

    /// <summary>Folder of the embedded SQLite files, relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public SimulatorOptions Simulator { get; set; } = new();

    public MapOptions Map { get; set; } = new();

    public GeographyOptions Geography { get; set; } = new();
}

public sealed class SimulatorOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Children seeded into an empty log.</summary>
    public int Children { get; set; } = 60_000;

    /// <summary>Live events per second once seeded.</summary>
    public double EventsPerSecond { get; set; } = 20;

    /// <summary>Seed of the random generator, so a demo is reproducible.</summary>
    public int Seed { get; set; } = 2016;
}

public sealed class MapOptions
{
    /// <summary>Optional XYZ tile URL (intranet or 天地图 with a key); empty = boundary layer only, no internet.</summary>
    public string TileUrl { get; set; } = "";
}

public sealed class GeographyOptions
{
    /// <summary>Optional GeoJSON of real township points or polygons replacing the approximate ones.</summary>
    public string? TownshipGeoJson { get; set; }
}
