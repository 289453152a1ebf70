using System.Diagnostics;

namespace Lbc.Benchmarks;

/// <summary>Times in-process calls one by one: sorted milliseconds, and their percentiles.</summary>
internal static class CallTimes
{
    /// <summary>
    /// <paramref name="calls"/> timed calls, sorted, after a warm-up past the JIT's first tiers (at least
    /// <paramref name="minWarmUp"/> calls, more while under two seconds and 100 calls: what it is compared with is
    /// often precompiled).
    /// </summary>
    public static double[] Measure(int calls, Func<object?> action, int minWarmUp = 5)
    {
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 100 && (i < minWarmUp || warm.Elapsed < TimeSpan.FromSeconds(2)); i++)
        {
            GC.KeepAlive(action());
        }
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var watch = Stopwatch.GetTimestamp();
            GC.KeepAlive(action());
            times[i] = Stopwatch.GetElapsedTime(watch).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>The nearest-rank percentile <paramref name="q"/> (0..1) of sorted times.</summary>
    public static double P(double[] sorted, double q) =>
        sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1))];
}
