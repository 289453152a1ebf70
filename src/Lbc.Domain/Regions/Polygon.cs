namespace Lbc.Domain.Regions;

/// <summary>
/// A planar polygon in lon/lat degrees: the first ring is the outer boundary, the others are holes. Rings may be
/// closed (last point equal to the first) or not; containment uses the even-odd rule over all rings, so a point in
/// a hole is outside without having to trust the rings' winding order (the sources do not guarantee it).
/// </summary>
public sealed class Polygon
{
    private readonly GeoPoint[][] _rings;

    public Polygon(IReadOnlyList<IReadOnlyList<GeoPoint>> rings)
    {
        ArgumentNullException.ThrowIfNull(rings);
        if (rings.Count == 0)
            throw new ArgumentException("A polygon needs at least its outer ring.", nameof(rings));
        _rings = new GeoPoint[rings.Count][];
        double minLon = double.MaxValue, minLat = double.MaxValue, maxLon = double.MinValue, maxLat = double.MinValue;
        for (var r = 0; r < rings.Count; r++)
        {
            if (rings[r].Count < 3)
                throw new ArgumentException($"Ring {r} has {rings[r].Count} points; a ring needs at least 3.", nameof(rings));
            _rings[r] = [.. rings[r]];
            foreach (var p in _rings[r])
            {
                minLon = Math.Min(minLon, p.Lon);
                maxLon = Math.Max(maxLon, p.Lon);
                minLat = Math.Min(minLat, p.Lat);
                maxLat = Math.Max(maxLat, p.Lat);
            }
        }
        Min = new GeoPoint(minLon, minLat);
        Max = new GeoPoint(maxLon, maxLat);
    }

    /// <summary>The outer ring followed by the holes, as given.</summary>
    public IReadOnlyList<IReadOnlyList<GeoPoint>> Rings => _rings;

    /// <summary>South-west corner of the bounding box.</summary>
    public GeoPoint Min { get; }

    /// <summary>North-east corner of the bounding box.</summary>
    public GeoPoint Max { get; }

    /// <summary>Planar area in square degrees (outer minus holes); used only to rank parts, not as a real area.</summary>
    public double Area
    {
        get
        {
            var area = Math.Abs(SignedArea(_rings[0]));
            for (var r = 1; r < _rings.Length; r++)
                area -= Math.Abs(SignedArea(_rings[r]));
            return Math.Max(area, 0);
        }
    }

    /// <summary>Even-odd containment over all rings. Points exactly on an edge may go either way.</summary>
    public bool Contains(GeoPoint point)
    {
        if (point.Lon < Min.Lon || point.Lon > Max.Lon || point.Lat < Min.Lat || point.Lat > Max.Lat)
            return false;
        var inside = false;
        foreach (var ring in _rings)
        {
            var j = ring.Length - 1;
            for (var i = 0; i < ring.Length; j = i++)
            {
                var a = ring[i];
                var b = ring[j];
                if ((a.Lat > point.Lat) != (b.Lat > point.Lat)
                    && point.Lon < ((b.Lon - a.Lon) * (point.Lat - a.Lat) / (b.Lat - a.Lat)) + a.Lon)
                {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

    /// <summary>Planar distance in degrees from the point to the nearest edge of any ring.</summary>
    public double DistanceToBoundary(GeoPoint point)
    {
        var best = double.MaxValue;
        foreach (var ring in _rings)
        {
            var j = ring.Length - 1;
            for (var i = 0; i < ring.Length; j = i++)
                best = Math.Min(best, SegmentDistanceSquared(point, ring[j], ring[i]));
        }
        return Math.Sqrt(best);
    }

    /// <summary>
    /// The x coordinates where the horizontal line at <paramref name="lat"/> crosses the rings, sorted; consecutive
    /// pairs bound the inside under the even-odd rule.
    /// </summary>
    internal List<double> Crossings(double lat)
    {
        var xs = new List<double>();
        foreach (var ring in _rings)
        {
            var j = ring.Length - 1;
            for (var i = 0; i < ring.Length; j = i++)
            {
                var a = ring[i];
                var b = ring[j];
                if ((a.Lat > lat) != (b.Lat > lat))
                    xs.Add(((b.Lon - a.Lon) * (lat - a.Lat) / (b.Lat - a.Lat)) + a.Lon);
            }
        }
        xs.Sort();
        return xs;
    }

    private static double SignedArea(GeoPoint[] ring)
    {
        var sum = 0.0;
        var j = ring.Length - 1;
        for (var i = 0; i < ring.Length; j = i++)
            sum += (ring[j].Lon * ring[i].Lat) - (ring[i].Lon * ring[j].Lat);
        return sum / 2;
    }

    /// <summary>Squared distance from a point to a segment, in degrees² (shared with the geography generator's simplifier).</summary>
    public static double SegmentDistanceSquared(GeoPoint p, GeoPoint a, GeoPoint b)
    {
        var dx = b.Lon - a.Lon;
        var dy = b.Lat - a.Lat;
        var lengthSquared = (dx * dx) + (dy * dy);
        var t = lengthSquared == 0 ? 0 : Math.Clamp((((p.Lon - a.Lon) * dx) + ((p.Lat - a.Lat) * dy)) / lengthSquared, 0, 1);
        var ex = a.Lon + (t * dx) - p.Lon;
        var ey = a.Lat + (t * dy) - p.Lat;
        return (ex * ex) + (ey * ey);
    }
}
