using Lbc.Domain.Regions;

namespace Lbc.Domain.Tests.Regions;

public sealed class PolygonTests
{
    private static readonly GeoPoint[] _square = [new(0, 0), new(10, 0), new(10, 10), new(0, 10)];
    private static readonly GeoPoint[] _hole = [new(4, 4), new(6, 4), new(6, 6), new(4, 6)];

    [Fact]
    public void Contains_PointInHole_ReturnsFalse()
    {
        var polygon = new Polygon([_square, _hole]);

        Assert.False(polygon.Contains(new GeoPoint(5, 5)));
        Assert.True(polygon.Contains(new GeoPoint(2, 2)));
        Assert.True(polygon.Contains(new GeoPoint(5, 8)));
    }

    [Fact]
    public void Contains_PointOutsideOrBeyondBox_ReturnsFalse()
    {
        var polygon = new Polygon([_square]);

        Assert.False(polygon.Contains(new GeoPoint(11, 5)));
        Assert.False(polygon.Contains(new GeoPoint(-0.001, 5)));
        Assert.True(polygon.Contains(new GeoPoint(9.999, 9.999)));
    }

    [Fact]
    public void Contains_ConcaveNotch_ExcludesNotch()
    {
        // A "U": the notch between the arms is inside the bounding box but outside the polygon.
        var u = new Polygon([[new(0, 0), new(9, 0), new(9, 9), new(6, 9), new(6, 3), new(3, 3), new(3, 9), new(0, 9)]]);

        Assert.False(u.Contains(new GeoPoint(4.5, 6)));
        Assert.True(u.Contains(new GeoPoint(1.5, 6)));
        Assert.True(u.Contains(new GeoPoint(7.5, 6)));
    }

    [Fact]
    public void Contains_ClosedAndOpenRing_Agree()
    {
        var open = new Polygon([_square]);
        var closed = new Polygon([[.. _square, _square[0]]]);

        foreach (var p in new GeoPoint[] { new(5, 5), new(0.5, 9.5), new(10.5, 5), new(5, -1) })
            Assert.Equal(open.Contains(p), closed.Contains(p));
    }

    [Fact]
    public void MultiPolygon_Contains_PointInSecondPart_ReturnsTrue()
    {
        var islands = new MultiPolygon([new Polygon([_square]), new Polygon([[new(20, 20), new(21, 20), new(21, 21)]])]);

        Assert.True(islands.Contains(new GeoPoint(20.8, 20.2)));
        Assert.False(islands.Contains(new GeoPoint(15, 15)));
    }
}
