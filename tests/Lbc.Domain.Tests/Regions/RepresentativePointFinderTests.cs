using Lbc.Domain.Regions;

namespace Lbc.Domain.Tests.Regions;

public sealed class RepresentativePointFinderTests
{
    private static readonly MultiPolygon _ring = new(new Polygon([
        [new(0, 0), new(10, 0), new(10, 10), new(0, 10)],
        [new(1, 1), new(9, 1), new(9, 9), new(1, 9)],
    ]));

    [Fact]
    public void Find_AreaWithLargeHole_ReturnsPointInsideNotInHole()
    {
        var point = RepresentativePointFinder.Find(_ring, "210106001");

        Assert.True(_ring.Contains(point));
    }

    [Fact]
    public void Find_SameSeed_ReturnsSamePoint()
    {
        Assert.Equal(RepresentativePointFinder.Find(_ring, "210106001"), RepresentativePointFinder.Find(_ring, "210106001"));
        Assert.NotEqual(RepresentativePointFinder.Find(_ring, "210106001"), RepresentativePointFinder.Find(_ring, "210106002"));
    }

    [Fact]
    public void Find_SliverTooThinToSample_FallsBackToInteriorPoint()
    {
        // A diagonal strip 0.0002 degrees thick: it fills 0.002% of its bounding box, so sampling almost never lands inside.
        var sliver = new MultiPolygon(new Polygon([[new(0, 0), new(10, 10), new(10, 10.0002), new(0, 0.0002)]]));

        var point = RepresentativePointFinder.Find(sliver, "x", decimals: 5);

        Assert.True(sliver.Contains(point));
    }

    [Fact]
    public void Find_ManySeedsWithSpread_PointsAreNotStacked()
    {
        var square = new MultiPolygon(new Polygon([[new(0, 0), new(1, 0), new(1, 1), new(0, 1)]]));
        var placed = new List<GeoPoint>();
        for (var i = 0; i < 20; i++)
            placed.Add(RepresentativePointFinder.Find(square, $"21010600{i:D2}", placed));

        var nearest = placed.Select((p, i) => placed.Where((_, j) => j != i).Min(q => Math.Sqrt(Math.Pow(p.Lon - q.Lon, 2) + Math.Pow(p.Lat - q.Lat, 2)))).Min();
        // 20 points spread over a unit square sit ~0.2 apart; stacked or clustered points would be far closer.
        Assert.True(nearest > 0.05, $"closest pair only {nearest:F4} apart");
    }
}
