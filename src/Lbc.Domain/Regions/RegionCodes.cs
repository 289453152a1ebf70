namespace Lbc.Domain.Regions;

/// <summary>
/// Rules of the division codes (GB/T 2260 plus the statistical township/village extension): a code's level is
/// its length (2, 4, 6, 9, 12 digits) and every ancestor is a prefix. Everything is keyed by code because names
/// repeat (two counties are called 铁西区). The country is <see cref="Country"/>: it contains every code without being
/// their prefix, and no code names it as a parent (a province's parent stays null, so nothing escalates past a province).
/// </summary>
public static class RegionCodes
{
    public const string Liaoning = "21";

    /// <summary>
    /// The whole country, for a national leading group on the national catalog. "00" is no province's code in GB/T 2260,
    /// so it cannot be mistaken for one, and it reads in a URL, a configuration file and a history tag like any other code.
    /// </summary>
    public const string Country = "00";

    /// <summary>Cities of 辽西北 by code; see <see cref="City"/> for why 锦州 is not among them.</summary>
    public static IReadOnlySet<string> NorthwestCities { get; } = new HashSet<string>(StringComparer.Ordinal) { "2109", "2112", "2113", "2114" };

    /// <summary>The level of a well-formed code, or null when the length is not a level's or a character is not a digit.</summary>
    public static RegionLevel? LevelOf(string? code)
    {
        if (code is null)
            return null;
        if (code == Country)
            return RegionLevel.Country;
        RegionLevel? level = code.Length switch
        {
            2 => RegionLevel.Province,
            4 => RegionLevel.City,
            6 => RegionLevel.County,
            9 => RegionLevel.Township,
            12 => RegionLevel.Village,
            _ => null,
        };
        if (level is null)
            return null;
        foreach (var c in code)
        {
            if (c is < '0' or > '9')
                return null;
        }
        return level;
    }

    /// <summary>The number of digits of a code at <paramref name="level"/> (a division level: the country has no digits of its own).</summary>
    public static int LengthOf(RegionLevel level) => level switch
    {
        RegionLevel.Province => 2,
        RegionLevel.City => 4,
        RegionLevel.County => 6,
        RegionLevel.Township => 9,
        RegionLevel.Village => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>The code one level up, or null for a province, the country or a malformed code.</summary>
    public static string? ParentOf(string code)
    {
        var level = LevelOf(code);
        return level is null or RegionLevel.Province or RegionLevel.Country ? null : code[..LengthOf(level.Value - 1)];
    }

    /// <summary>The ancestor (or the code itself) at <paramref name="level"/>, or null when the code is malformed or coarser.</summary>
    public static string? AncestorAt(string code, RegionLevel level)
    {
        var own = LevelOf(code);
        return own is null || own.Value < level ? null : level == RegionLevel.Country ? Country : code[..LengthOf(level)];
    }

    /// <summary>
    /// True when <paramref name="code"/> lies in <paramref name="ancestorCode"/>'s region. A region contains itself,
    /// so a jurisdiction check against the user's own region passes. Both must be well-formed codes; "2" or "210"
    /// are not levels and contain nothing, so a truncated jurisdiction never widens access.
    /// </summary>
    public static bool Contains(string ancestorCode, string code)
    {
        var ancestorLevel = LevelOf(ancestorCode);
        var level = LevelOf(code);
        return ancestorLevel is not null && level is not null && ancestorLevel.Value <= level.Value
            && (ancestorLevel == RegionLevel.Country || code.StartsWith(ancestorCode, StringComparison.Ordinal));
    }

    /// <summary>The township (9-digit) code of a village code.</summary>
    /// <exception cref="ArgumentException">The code is not a 12-digit village code.</exception>
    public static string TownshipOf(string villageCode) => Require(villageCode, RegionLevel.Village, RegionLevel.Township);

    /// <summary>The county (6-digit) code of a township or village code.</summary>
    public static string CountyOf(string code) => Require(code, RegionLevel.Township, RegionLevel.County);

    /// <summary>The city (4-digit) code of a county, township or village code.</summary>
    public static string CityOf(string code) => Require(code, RegionLevel.County, RegionLevel.City);

    /// <summary>The province (2-digit) code of any finer code.</summary>
    public static string ProvinceOf(string code) => Require(code, RegionLevel.City, RegionLevel.Province);

    private static string Require(string code, RegionLevel finest, RegionLevel target)
    {
        var level = LevelOf(code);
        if (level is null || level.Value < finest)
            throw new ArgumentException($"'{code}' is not a {finest.ToString().ToLowerInvariant()} code or finer.", nameof(code));
        return code[..LengthOf(target)];
    }
}
