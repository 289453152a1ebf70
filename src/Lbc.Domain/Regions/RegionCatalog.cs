using System.Collections;
using System.Globalization;

namespace Lbc.Domain.Regions;

/// <summary>
/// The reference geography: every province, city, county, township and village by code, with O(1) lookups by
/// code (dictionaries) for the first four levels. Villages are stored compactly because a national catalog has
/// about 620,000: one sorted <c>long[]</c> of codes and a parallel names array, sliced per township, instead of a
/// record and a dictionary entry each. A village lookup is a dictionary hit on its township plus a binary search
/// within that township's few dozen villages.
/// </summary>
public sealed class RegionCatalog
{
    private readonly Dictionary<string, Province> _provinces;
    private readonly Dictionary<string, City> _cities;
    private readonly Dictionary<string, County> _counties;
    private readonly Dictionary<string, Township> _townships;
    // The townships by a span of a village code's first 9 characters: the village lookups every registration makes (three
    // per event between validation and apply) took a substring each.
    private readonly Dictionary<string, Township>.AlternateLookup<ReadOnlySpan<char>> _townshipsByPrefix;
    private readonly Dictionary<string, County[]> _countiesByCity;
    private readonly Dictionary<string, Township[]> _townshipsByCounty;
    private readonly long[] _villageCodes;
    private readonly string[] _villageNames;

    // _villageStart[t] .. _villageStart[t + 1] is the slice of township index t.
    private readonly int[] _villageStart;

    /// <summary>
    /// Builds and validates the catalog. Townships must be listed with <see cref="Township.Index"/> equal to their
    /// position; villages may come in any order (they are sorted here). Every parent code must exist.
    /// </summary>
    /// <exception cref="ArgumentException">A code is malformed, duplicated, or its parent is missing.</exception>
    public RegionCatalog(
        IReadOnlyList<Province> provinces,
        IReadOnlyList<City> cities,
        IReadOnlyList<County> counties,
        IReadOnlyList<Township> townships,
        IEnumerable<Village> villages)
    {
        ArgumentNullException.ThrowIfNull(provinces);
        ArgumentNullException.ThrowIfNull(cities);
        ArgumentNullException.ThrowIfNull(counties);
        ArgumentNullException.ThrowIfNull(townships);
        ArgumentNullException.ThrowIfNull(villages);

        Provinces = [.. provinces];
        Cities = [.. cities];
        Counties = [.. counties];
        Townships = [.. townships];
        _provinces = Index<Province, object>(Provinces, p => p.Code, RegionLevel.Province, _ => null, null);
        _cities = Index<City, object>(Cities, c => c.Code, RegionLevel.City, _ => null, null);
        foreach (var city in Cities)
            RequireParent(city.Code, RegionCodes.ProvinceOf(city.Code), _provinces);
        _counties = Index(Counties, c => c.Code, RegionLevel.County, c => c.CityCode, _cities);
        _townships = Index(Townships, t => t.Code, RegionLevel.Township, t => t.CountyCode, _counties);
        _townshipsByPrefix = _townships.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < Townships.Count; i++)
        {
            if (Townships[i].Index != i)
                throw new ArgumentException($"Township {Townships[i].Code} has Index {Townships[i].Index} but is at position {i}.", nameof(townships));
        }
        _countiesByCity = Counties.GroupBy(c => c.CityCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _townshipsByCounty = Townships.GroupBy(t => t.CountyCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        (_villageCodes, _villageNames, _villageStart) = PackVillages(villages);
    }

    public IReadOnlyList<Province> Provinces { get; }

    public IReadOnlyList<City> Cities { get; }

    public IReadOnlyList<County> Counties { get; }

    /// <summary>All townships; <c>Townships[t.Index] == t</c>.</summary>
    public IReadOnlyList<Township> Townships { get; }

    public int VillageCount => _villageCodes.Length;

    public bool TryGetProvince(string code, out Province province) => TryGet(_provinces, code, out province);

    public bool TryGetCity(string code, out City city) => TryGet(_cities, code, out city);

    public bool TryGetCounty(string code, out County county) => TryGet(_counties, code, out county);

    public bool TryGetTownship(string code, out Township township) => TryGet(_townships, code, out township);

    /// <summary>The township of a village, true only when that exact village code is in the catalog.</summary>
    public bool TryGetTownshipOfVillage(string villageCode, out Township township)
    {
        township = null!;
        return FindVillage(villageCode) >= 0 && _townshipsByPrefix.TryGetValue(villageCode.AsSpan(0, 9), out township!);
    }

    /// <summary>
    /// True when the catalog holds more than one province: then it is the country's, and <see cref="RegionCodes.Country"/> a
    /// region of it. The provincial catalog has no country (no user of a Liaoning deployment may hold one).
    /// </summary>
    public bool IsNational => Provinces.Count > 1;

    /// <summary>The name of the whole country, for a national catalog's <see cref="RegionCodes.Country"/>.</summary>
    public const string CountryName = "全国";

    /// <summary>True for a code of any level (province "21" included, the country on a national catalog) that is in the catalog.</summary>
    public bool IsKnown(string code) => RegionCodes.LevelOf(code) switch
    {
        RegionLevel.Country => IsNational,
        RegionLevel.Province => _provinces.ContainsKey(code),
        RegionLevel.City => _cities.ContainsKey(code),
        RegionLevel.County => _counties.ContainsKey(code),
        RegionLevel.Township => _townships.ContainsKey(code),
        RegionLevel.Village => FindVillage(code) >= 0,
        _ => false,
    };

    /// <summary>The name of a code of any level, or null when unknown.</summary>
    public string? NameOf(string code)
    {
        switch (RegionCodes.LevelOf(code))
        {
            case RegionLevel.Country:
                return IsNational ? CountryName : null;
            case RegionLevel.Province:
                return _provinces.TryGetValue(code, out var p) ? p.Name : null;
            case RegionLevel.City:
                return _cities.TryGetValue(code, out var c) ? c.Name : null;
            case RegionLevel.County:
                return _counties.TryGetValue(code, out var k) ? k.Name : null;
            case RegionLevel.Township:
                return _townships.TryGetValue(code, out var t) ? t.Name : null;
            case RegionLevel.Village:
                var i = FindVillage(code);
                return i >= 0 ? _villageNames[i] : null;
            default:
                return null;
        }
    }

    /// <summary>The counties of a city, in code order; empty for an unknown city.</summary>
    public IReadOnlyList<County> CountiesIn(string cityCode) =>
        _countiesByCity.TryGetValue(cityCode, out var list) ? list : [];

    /// <summary>
    /// The townships in a region at any level (the country, a province, city, county or township itself), in code order, walked down the
    /// hierarchy: with the national catalog a province's 1,400 townships are not found by testing all 41,000.
    /// </summary>
    public IEnumerable<Township> TownshipsWithin(string code)
    {
        switch (RegionCodes.LevelOf(code))
        {
            case RegionLevel.Country when IsNational:
                foreach (var t in Townships)
                {
                    yield return t;
                }
                break;
            case RegionLevel.Province:
                foreach (var city in Cities)
                {
                    if (RegionCodes.Contains(code, city.Code))
                    {
                        foreach (var county in CountiesIn(city.Code))
                        {
                            foreach (var t in TownshipsIn(county.Code))
                            {
                                yield return t;
                            }
                        }
                    }
                }
                break;
            case RegionLevel.City:
                foreach (var county in CountiesIn(code))
                {
                    foreach (var t in TownshipsIn(county.Code))
                    {
                        yield return t;
                    }
                }
                break;
            case RegionLevel.County:
                foreach (var t in TownshipsIn(code))
                {
                    yield return t;
                }
                break;
            case RegionLevel.Township when TryGetTownship(code, out var township):
                yield return township;
                break;
        }
    }

    /// <summary>
    /// Where to draw a city or a province as a point (the mean of its counties' centres; a county's own centre, a township's
    /// point), or null for a region without counties: the country's map shows provinces, which have no centre of their own.
    /// </summary>
    public GeoPoint? CentreOf(string code)
    {
        switch (RegionCodes.LevelOf(code))
        {
            case RegionLevel.Township:
                return TryGetTownship(code, out var t) ? t.Point : null;
            case RegionLevel.County:
                return TryGetCounty(code, out var c) ? c.Centre : null;
            case RegionLevel.City:
            case RegionLevel.Province:
                var counties = code.Length == RegionCodes.LengthOf(RegionLevel.City)
                    ? CountiesIn(code)
                    : [.. Cities.Where(city => RegionCodes.Contains(code, city.Code)).SelectMany(city => CountiesIn(city.Code))];
                return counties.Count == 0 ? null : new GeoPoint(counties.Average(k => k.Centre.Lon), counties.Average(k => k.Centre.Lat));
            default:
                return null;
        }
    }

    /// <summary>The townships of a county, in code order; empty for an unknown county.</summary>
    public IReadOnlyList<Township> TownshipsIn(string countyCode) =>
        _townshipsByCounty.TryGetValue(countyCode, out var list) ? list : [];

    /// <summary>The villages of a township, in code order; empty for an unknown township. Records are made on access.</summary>
    public IReadOnlyList<Village> VillagesIn(string townshipCode)
    {
        if (!_townships.TryGetValue(townshipCode, out var township))
            return [];
        var start = _villageStart[township.Index];
        return new VillageSlice(this, township.Code, start, _villageStart[township.Index + 1] - start);
    }

    /// <summary>
    /// A village's position in its township's list (<see cref="VillagesIn"/>), or -1 when unknown: two bytes per child
    /// in the registry instead of the 12-digit code.
    /// </summary>
    public int VillageOrdinalOf(string villageCode)
    {
        var i = FindVillage(villageCode);
        return i < 0 ? -1 : i - _villageStart[_townships[villageCode[..9]].Index];
    }

    /// <summary>The code of the village at <paramref name="ordinal"/> in township <paramref name="townshipIndex"/>'s list, or null.</summary>
    public string? VillageCodeAt(int townshipIndex, int ordinal)
    {
        if (townshipIndex < 0 || townshipIndex >= Townships.Count || ordinal < 0)
            return null;
        var i = _villageStart[townshipIndex] + ordinal;
        return i < _villageStart[townshipIndex + 1] ? _villageCodes[i].ToString("D12", CultureInfo.InvariantCulture) : null;
    }

    private int FindVillage(string code)
    {
        if (RegionCodes.LevelOf(code) != RegionLevel.Village || !_townshipsByPrefix.TryGetValue(code.AsSpan(0, 9), out var township))
            return -1;
        var start = _villageStart[township.Index];
        var found = Array.BinarySearch(_villageCodes, start, _villageStart[township.Index + 1] - start, long.Parse(code, CultureInfo.InvariantCulture));
        return found >= 0 ? found : -1;
    }

    private (long[] Codes, string[] Names, int[] Start) PackVillages(IEnumerable<Village> villages)
    {
        var pairs = new List<(long Code, string Name)>();
        foreach (var v in villages)
        {
            if (RegionCodes.LevelOf(v.Code) != RegionLevel.Village)
                throw new ArgumentException($"'{v.Code}' is not a 12-digit village code.", nameof(villages));
            if (!string.Equals(v.TownshipCode, v.Code[..9], StringComparison.Ordinal) || !_townships.ContainsKey(v.TownshipCode))
                throw new ArgumentException($"Village {v.Code} names township {v.TownshipCode}, which is not its prefix or not in the catalog.", nameof(villages));
            pairs.Add((long.Parse(v.Code, CultureInfo.InvariantCulture), v.Name));
        }
        pairs.Sort((a, b) => a.Code.CompareTo(b.Code));
        var codes = new long[pairs.Count];
        var names = new string[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0 && pairs[i].Code == pairs[i - 1].Code)
                throw new ArgumentException($"Village {pairs[i].Code} is listed twice.", nameof(villages));
            codes[i] = pairs[i].Code;
            names[i] = pairs[i].Name;
        }

        // Townships need not be in code order, so each one's slice is found by searching its code range.
        var start = new int[Townships.Count + 1];
        var order = Townships.OrderBy(t => t.Code, StringComparer.Ordinal).ToArray();
        var count = new int[Townships.Count];
        foreach (var t in order)
        {
            var low = long.Parse(t.Code, CultureInfo.InvariantCulture) * 1000;
            var from = LowerBound(codes, low);
            var to = LowerBound(codes, low + 1000);
            start[t.Index] = from;
            count[t.Index] = to - from;
        }
        if (IsInCodeOrder(Townships))
        {
            start[Townships.Count] = codes.Length;
            return (codes, names, start);
        }
        // Rare path (townships given out of code order): relay the arrays so slices follow Index order.
        var reCodes = new long[codes.Length];
        var reNames = new string[codes.Length];
        var at = 0;
        for (var i = 0; i < Townships.Count; i++)
        {
            Array.Copy(codes, start[i], reCodes, at, count[i]);
            Array.Copy(names, start[i], reNames, at, count[i]);
            start[i] = at;
            at += count[i];
        }
        start[Townships.Count] = at;
        return (reCodes, reNames, start);
    }

    private static bool IsInCodeOrder(IReadOnlyList<Township> townships)
    {
        for (var i = 1; i < townships.Count; i++)
        {
            if (string.CompareOrdinal(townships[i - 1].Code, townships[i].Code) > 0)
                return false;
        }
        return true;
    }

    private static int LowerBound(long[] values, long value)
    {
        var found = Array.BinarySearch(values, value);
        if (found < 0)
            return ~found;
        while (found > 0 && values[found - 1] == value)
            found--;
        return found;
    }

    private static Dictionary<string, T> Index<T, TParent>(
        IReadOnlyList<T> items, Func<T, string> code, RegionLevel level, Func<T, string?> parent, Dictionary<string, TParent>? parents)
    {
        var map = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = code(item);
            if (RegionCodes.LevelOf(key) != level)
                throw new ArgumentException($"'{key}' is not a {level.ToString().ToLowerInvariant()} code.", nameof(items));
            if (!map.TryAdd(key, item))
                throw new ArgumentException($"{level} {key} is listed twice.", nameof(items));
            if (parents is not null)
            {
                var parentCode = parent(item);
                if (!string.Equals(parentCode, RegionCodes.ParentOf(key), StringComparison.Ordinal))
                    throw new ArgumentException($"{level} {key} names parent {parentCode}, which is not its code prefix.", nameof(items));
                RequireParent(key, parentCode!, parents);
            }
        }
        return map;
    }

    private static void RequireParent<TParent>(string code, string parentCode, Dictionary<string, TParent> parents)
    {
        if (!parents.ContainsKey(parentCode))
            throw new ArgumentException($"{code}'s parent {parentCode} is not in the catalog.", nameof(parentCode));
    }

    private static bool TryGet<T>(Dictionary<string, T> map, string code, out T value)
        where T : class
    {
        if (code is not null && map.TryGetValue(code, out var found))
        {
            value = found;
            return true;
        }
        value = null!;
        return false;
    }

    private sealed class VillageSlice(RegionCatalog catalog, string townshipCode, int start, int count) : IReadOnlyList<Village>
    {
        public int Count => count;

        public Village this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
                var i = start + index;
                return new Village(catalog._villageCodes[i].ToString("D12", CultureInfo.InvariantCulture), catalog._villageNames[i], townshipCode);
            }
        }

        public IEnumerator<Village> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
