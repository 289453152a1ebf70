namespace Lbc.Domain.Regions;

/// <summary>
/// One or more disjoint polygons forming one region (a county with islands, such as 长海县, has dozens).
/// A point is inside when any part contains it.
/// </summary>
public sealed class MultiPolygon
{
    private readonly Polygon[] _parts;

    public MultiPolygon(IReadOnlyList<Polygon> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
            throw new ArgumentException("A multipolygon needs at least one part.", nameof(parts));
        _parts = [.. parts];
        Min = new GeoPoint(_parts.Min(p => p.Min.Lon), _parts.Min(p => p.Min.Lat));
        Max = new GeoPoint(_parts.Max(p => p.Max.Lon), _parts.Max(p => p.Max.Lat));
    }

    public MultiPolygon(Polygon single)
        : this([single])
    {
    }

    public IReadOnlyList<Polygon> Parts => _parts;

    /// <summary>South-west corner of the bounding box.</summary>
    public GeoPoint Min { get; }

    /// <summary>North-east corner of the bounding box.</summary>
    public GeoPoint Max { get; }

    public bool Contains(GeoPoint point)
    {
        foreach (var part in _parts)
        {
            if (part.Contains(point))
                return true;
        }
        return false;
    }

    /// <summary>Planar distance in degrees to the nearest edge of any part.</summary>
    public double DistanceToBoundary(GeoPoint point)
    {
        var best = double.MaxValue;
        foreach (var part in _parts)
        {
            // A part whose bounding box is already farther than the best edge cannot be nearer.
            var dx = Math.Max(0, Math.Max(part.Min.Lon - point.Lon, point.Lon - part.Max.Lon));
            var dy = Math.Max(0, Math.Max(part.Min.Lat - point.Lat, point.Lat - part.Max.Lat));
            if ((dx * dx) + (dy * dy) >= best * best)
                continue;
            best = Math.Min(best, part.DistanceToBoundary(point));
        }
        return best;
    }
}
