using Lbc.Domain.Regions;

namespace Lbc.Domain.Tests.Regions;

public sealed class RegionCatalogTests
{
    private static readonly Province[] _provinces = [new("21", "辽宁省")];
    private static readonly City[] _cities = [new("2101", "沈阳市", false)];
    private static readonly County[] _counties = [new("210106", "铁西区", "2101", new GeoPoint(123.3, 41.8))];

    [Fact]
    public void Constructor_VillageOfUnknownTownship_Throws()
    {
        Township[] townships = [new(0, "210106001", "A", "210106", new GeoPoint(123.3, 41.8), true)];

        var error = Assert.Throws<ArgumentException>(() =>
            new RegionCatalog(_provinces, _cities, _counties, townships, [new Village("210106002001", "X", "210106002")]));
        Assert.Contains("210106002001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateCountyCode_Throws()
    {
        County[] counties = [.. _counties, new("210106", "铁西区", "2101", new GeoPoint(0, 0))];

        Assert.Throws<ArgumentException>(() => new RegionCatalog(_provinces, _cities, counties, [], []));
    }

    [Fact]
    public void VillagesIn_TownshipsOutOfCodeOrder_ReturnsEachTownshipsOwnVillages()
    {
        Township[] townships =
        [
            new(0, "210106002", "B", "210106", new GeoPoint(123.3, 41.8), true),
            new(1, "210106001", "A", "210106", new GeoPoint(123.3, 41.8), true),
        ];
        Village[] villages = [new("210106001001", "a1", "210106001"), new("210106002001", "b1", "210106002"), new("210106002002", "b2", "210106002")];

        var catalog = new RegionCatalog(_provinces, _cities, _counties, townships, villages);

        Assert.Equal(["b1", "b2"], catalog.VillagesIn("210106002").Select(v => v.Name));
        Assert.Equal(["a1"], catalog.VillagesIn("210106001").Select(v => v.Name));
        Assert.True(catalog.TryGetTownshipOfVillage("210106002002", out var b));
        Assert.Equal("B", b.Name);
    }

    [Fact]
    public void TownshipsWithin_TwoProvinces_EachLevelGetsItsOwnTownshipsOnly()
    {
        Province[] provinces = [new("21", "辽宁省"), new("22", "吉林省")];
        City[] cities = [new("2101", "沈阳市", false), new("2102", "大连市", false), new("2201", "长春市", false)];
        County[] counties =
        [
            new("210106", "铁西区", "2101", new GeoPoint(123.3, 41.8)),
            new("210112", "浑南区", "2101", new GeoPoint(123.4, 41.7)),
            new("210202", "中山区", "2102", new GeoPoint(121.6, 38.9)),
            new("220102", "南关区", "2201", new GeoPoint(125.3, 43.8)),
        ];
        Township[] townships =
        [
            new(0, "210106001", "A", "210106", new GeoPoint(123.3, 41.8), true),
            new(1, "210112001", "B", "210112", new GeoPoint(123.4, 41.7), true),
            new(2, "210202001", "C", "210202", new GeoPoint(121.6, 38.9), true),
            new(3, "220102001", "D", "220102", new GeoPoint(125.3, 43.8), true),
        ];
        var catalog = new RegionCatalog(provinces, cities, counties, townships, []);

        string[] Within(string code) => [.. catalog.TownshipsWithin(code).Select(t => t.Code)];

        // What testing every township would give, walking down the levels instead.
        Assert.Equal(["210106001", "210112001", "210202001"], Within("21"));
        Assert.Equal(["220102001"], Within("22"));
        Assert.Equal(["210106001", "210112001"], Within("2101"));
        Assert.Equal(["210112001"], Within("210112"));
        Assert.Equal(["210202001"], Within("210202001"));
        Assert.Empty(Within("2103"));
        Assert.Empty(Within("210106999"));
        Assert.Empty(Within("210106001001"));

        // The country is a region of a catalog with more than one province: every township, its name, its provinces' centres.
        Assert.Equal(["210106001", "210112001", "210202001", "220102001"], Within(RegionCodes.Country));
        Assert.True(catalog.IsKnown(RegionCodes.Country));
        Assert.Equal("全国", catalog.NameOf(RegionCodes.Country));
        Assert.Equal(new GeoPoint(125.3, 43.8), catalog.CentreOf("22"));
        var liaoning = catalog.CentreOf("21")!.Value;
        Assert.Equal((122.767, 40.8), (Math.Round(liaoning.Lon, 3), Math.Round(liaoning.Lat, 3)));
        Assert.Equal(new GeoPoint(123.35, 41.75), catalog.CentreOf("2101"));
        Assert.Null(catalog.CentreOf(RegionCodes.Country));
    }

    [Fact]
    public void ProvincialCatalog_HasNoCountry()
    {
        var catalog = new RegionCatalog(_provinces, _cities, _counties, [new(0, "210106001", "A", "210106", new GeoPoint(123.3, 41.8), true)], []);

        Assert.False(catalog.IsNational);
        Assert.False(catalog.IsKnown(RegionCodes.Country));
        Assert.Null(catalog.NameOf(RegionCodes.Country));
        Assert.Empty(catalog.TownshipsWithin(RegionCodes.Country));
    }
}
