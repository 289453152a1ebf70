namespace Lbc.Domain.Regions;

/// <summary>
/// Picks a deterministic point strictly inside an area, used to place townships (which have no public
/// coordinates) inside their county. The same code and area always give the same point, so the generated
/// reference files are reproducible and diff cleanly.
/// </summary>
public static class RepresentativePointFinder
{
    /// <summary>Decimals the points are rounded to: 1e-5 degrees is about a metre, and the files store 5 decimals.</summary>
    public const int DefaultDecimals = 5;

    // Enough candidates to spread 30-odd townships over a county visibly; few enough to stay fast.
    private const int Candidates = 24;

    // Bounds the search for thin or island-scattered areas whose bounding box is mostly outside.
    private const int MaxAttempts = 4000;

    private const int ScanLines = 64;

    /// <summary>
    /// Finds a point inside <paramref name="area"/>, seeded by <paramref name="seed"/> (the township code).
    /// Candidates are sampled in the bounding box with a PRNG seeded from the code; of those inside, the one
    /// farthest from both the boundary and the <paramref name="spreadFrom"/> points wins (best-candidate sampling),
    /// so townships of one county spread out instead of stacking. Candidates are rounded to
    /// <paramref name="decimals"/> before testing, so the point stays inside after being written out.
    /// Always terminates: if sampling finds nothing, a horizontal scanline through the area gives an interior point.
    /// </summary>
    public static GeoPoint Find(MultiPolygon area, string seed, IReadOnlyList<GeoPoint>? spreadFrom = null, int decimals = DefaultDecimals)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(seed);
        var random = new SplitMix64(Fnv1a(seed));
        var width = area.Max.Lon - area.Min.Lon;
        var height = area.Max.Lat - area.Min.Lat;
        var margin = Math.Pow(10, -decimals);
        GeoPoint? best = null;
        var bestScore = double.MinValue;
        var accepted = 0;
        for (var attempt = 0; attempt < MaxAttempts && accepted < Candidates; attempt++)
        {
            var candidate = Round(new GeoPoint(area.Min.Lon + (random.NextDouble() * width), area.Min.Lat + (random.NextDouble() * height)), decimals);
            if (!area.Contains(candidate))
                continue;
            var boundary = area.DistanceToBoundary(candidate);
            if (boundary < margin)
                continue;
            accepted++;
            var score = boundary;
            if (spreadFrom is not null)
            {
                foreach (var other in spreadFrom)
                {
                    var dx = other.Lon - candidate.Lon;
                    var dy = other.Lat - candidate.Lat;
                    score = Math.Min(score, Math.Sqrt((dx * dx) + (dy * dy)));
                }
            }
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }
        return best ?? ScanlinePoint(area, decimals);
    }

    /// <summary>
    /// A guaranteed interior point: on a horizontal line through the largest part (avoiding vertex latitudes by
    /// trying several lines), the midpoint of the widest inside interval.
    /// </summary>
    internal static GeoPoint ScanlinePoint(MultiPolygon area, int decimals)
    {
        var part = area.Parts.MaxBy(p => p.Area)!;
        GeoPoint? unrounded = null;
        var height = part.Max.Lat - part.Min.Lat;
        for (var k = 0; k < ScanLines; k++)
        {
            // Lines from the middle outwards, at irrational-ish fractions so they rarely hit a vertex exactly.
            var offset = ((k + 1) / 2) * (k % 2 == 0 ? 1 : -1);
            var lat = part.Min.Lat + (height * (0.5 + (offset * 0.5 / (ScanLines + 1)) + 0.0001234));
            var xs = part.Crossings(lat);
            var bestWidth = 0.0;
            GeoPoint? mid = null;
            for (var i = 0; i + 1 < xs.Count; i += 2)
            {
                if (xs[i + 1] - xs[i] > bestWidth)
                {
                    bestWidth = xs[i + 1] - xs[i];
                    mid = new GeoPoint((xs[i] + xs[i + 1]) / 2, lat);
                }
            }
            if (mid is null)
                continue;
            unrounded ??= mid;
            var rounded = Round(mid.Value, decimals);
            if (area.Contains(rounded))
                return rounded;
        }
        // Only an area narrower than the rounding grid gets here; the unrounded midpoint is still inside it.
        return unrounded ?? part.Rings[0][0];
    }

    private static GeoPoint Round(GeoPoint p, int decimals) =>
        new(Math.Round(p.Lon, decimals, MidpointRounding.AwayFromZero), Math.Round(p.Lat, decimals, MidpointRounding.AwayFromZero));

    // string.GetHashCode is randomised per process; the points must be the same on every run and machine.
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>SplitMix64: tiny, fast, and fully specified, so the sequence never changes with the runtime.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
