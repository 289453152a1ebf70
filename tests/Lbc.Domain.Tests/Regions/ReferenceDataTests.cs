using System.Diagnostics;
using Lbc.Domain.Regions;
using Lbc.Reference;

namespace Lbc.Domain.Tests.Regions;

public sealed class ReferenceDataTests
{
    private static readonly Lazy<RegionCatalog> _catalog = new(() => ReferenceData.Load(ReferencePaths.Directory));

    private static RegionCatalog Catalog => _catalog.Value;

    [Fact]
    public void Load_CommittedLiaoningFiles_HasPublishedCounts()
    {
        Assert.Equal(14, Catalog.Cities.Count);
        Assert.Equal(100, Catalog.Counties.Count);
        Assert.Equal(1406, Catalog.Townships.Count);
        Assert.Equal(16727, Catalog.VillageCount);
        Assert.Equal("辽宁省", Catalog.NameOf(RegionCodes.Liaoning));
        Assert.All(Catalog.Cities, c => Assert.StartsWith("21", c.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CommittedFiles_IsFast()
    {
        ReferenceData.Load(ReferencePaths.Directory); // warm up JIT and the file cache
        // Best of three: other test classes run in parallel on the same cores and can stall any single run.
        var best = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            ReferenceData.Load(ReferencePaths.Directory);
            best = Math.Min(best, clock.ElapsedMilliseconds);
        }
        Assert.True(best < 300, $"loading took {best} ms");
    }

    [Fact]
    public void Townships_EveryPoint_LiesInsideItsCountyPolygon()
    {
        var shapes = ReferenceData.LoadCountyShapes(ReferencePaths.Directory);

        Assert.Equal(Catalog.Counties.Select(c => c.Code).Order(), shapes.Keys.Order());
        var outside = Catalog.Townships.Where(t => !shapes[t.CountyCode].Contains(t.Point)).Select(t => t.Code).ToList();
        Assert.Empty(outside);
    }

    [Fact]
    public void Townships_WithinOneCounty_AreNotStacked()
    {
        foreach (var county in Catalog.Counties)
        {
            var points = Catalog.TownshipsIn(county.Code).Select(t => t.Point).ToList();
            Assert.Equal(points.Count, points.Distinct().Count());
        }
    }

    [Fact]
    public void Townships_Generated_AreFlaggedApproximateAndIndexed()
    {
        Assert.All(Catalog.Townships, t => Assert.True(t.Approximate));
        Assert.All(Catalog.Townships, t => Assert.Same(t, Catalog.Townships[t.Index]));
    }

    [Fact]
    public void Villages_Every_BelongsToKnownTownship()
    {
        var total = 0;
        foreach (var township in Catalog.Townships)
        {
            foreach (var village in Catalog.VillagesIn(township.Code))
            {
                total++;
                Assert.Equal(township.Code, village.TownshipCode);
                Assert.True(Catalog.TryGetTownshipOfVillage(village.Code, out var found));
                Assert.Same(township, found);
                Assert.Equal(village.Name, Catalog.NameOf(village.Code));
            }
        }
        Assert.Equal(Catalog.VillageCount, total);
    }

    [Fact]
    public void TryGetTownshipOfVillage_UnknownVillageInKnownTownship_ReturnsFalse()
    {
        var township = Catalog.Townships[0];
        var unknown = township.Code + "999";

        Assert.False(Catalog.TryGetTownshipOfVillage(unknown, out _));
        Assert.False(Catalog.IsKnown(unknown));
        Assert.Null(Catalog.NameOf(unknown));
    }

    [Fact]
    public void Counties_SameName_KeyedByDistinctCodes()
    {
        var tiexi = Catalog.Counties.Where(c => c.Name == "铁西区").ToList();

        Assert.Equal(2, tiexi.Count);
        Assert.Equal(["2101", "2103"], tiexi.Select(c => c.CityCode).Order());
        Assert.All(tiexi, c => Assert.True(Catalog.TryGetCounty(c.Code, out var found) && found.CityCode == c.CityCode));
        Assert.NotEqual(Catalog.TownshipsIn(tiexi[0].Code).Select(t => t.Code), Catalog.TownshipsIn(tiexi[1].Code).Select(t => t.Code));
    }

    [Fact]
    public void IsKnown_EveryLevel_TrueForCatalogCodesFalseOtherwise()
    {
        var village = Catalog.VillagesIn(Catalog.Townships[0].Code)[0];

        Assert.True(Catalog.IsKnown("21"));
        Assert.True(Catalog.IsKnown("2101"));
        Assert.True(Catalog.IsKnown("210106"));
        Assert.True(Catalog.IsKnown(Catalog.Townships[0].Code));
        Assert.True(Catalog.IsKnown(village.Code));
        Assert.False(Catalog.IsKnown("11"));
        Assert.False(Catalog.IsKnown("2115"));
        Assert.False(Catalog.IsKnown("210"));
    }

    [Fact]
    public void Cities_Northwest_AreFuxinTielingChaoyangHuludao()
    {
        Assert.Equal(["2109", "2112", "2113", "2114"], Catalog.Cities.Where(c => c.Northwest).Select(c => c.Code));
    }

    [Fact]
    public void Load_OverrideWithPointAndPolygon_ReplacesPointsAndClearsApproximate()
    {
        var shapes = ReferenceData.LoadCountyShapes(ReferencePaths.Directory);
        var first = Catalog.TownshipsIn("210106")[0];
        var second = Catalog.TownshipsIn("210106")[1];
        var path = WriteTemp($$$"""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"{{{first.Code}}}"},"geometry":{"type":"Point","coordinates":[123.35,41.8]}},
              {"type":"Feature","properties":{"code":{{{second.Code}}}},"geometry":{"type":"Polygon","coordinates":[[[123.30,41.78],[123.32,41.78],[123.32,41.80],[123.30,41.80],[123.30,41.78]]]}}
            ]}
            """);
        try
        {
            var catalog = ReferenceData.Load(ReferencePaths.Directory, path);

            Assert.True(catalog.TryGetTownship(first.Code, out var moved));
            Assert.Equal(new GeoPoint(123.35, 41.8), moved.Point);
            Assert.False(moved.Approximate);
            Assert.True(catalog.TryGetTownship(second.Code, out var fromPolygon));
            Assert.False(fromPolygon.Approximate);
            Assert.InRange(fromPolygon.Point.Lon, 123.30, 123.32);
            Assert.InRange(fromPolygon.Point.Lat, 41.78, 41.80);
            Assert.Equal(1404, catalog.Townships.Count(t => t.Approximate));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_OverrideWithUnknownCode_FailsNamingTheCode()
    {
        var path = WriteTemp("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"210106999"},"geometry":{"type":"Point","coordinates":[123.35,41.8]}}
            ]}
            """);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ReferenceData.Load(ReferencePaths.Directory, path));
            Assert.Contains("210106999", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lbc-override-{Guid.NewGuid():N}.geojson");
        File.WriteAllText(path, text);
        return path;
    }
}
