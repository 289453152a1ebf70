using System.Diagnostics;
using System.Globalization;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;

namespace Lbc.Benchmarks;

/// <summary>
/// Memory per child and the time of the heatmap and the province indicators, with the registry at a
/// given size. The baselines are what a naive design would cost: a set of the child id strings alone
/// (memory), and summing a plain array of township counts (time).
/// </summary>
internal static class RegistryScale
{
    public sealed record Result(
        string Label, int Children, int Townships, double BytesPerChild, double RegistryBytesPerChild,
        double BaselineIdSetBytesPerChild, double LoadSeconds, double IndicatorsMs, double HeatmapMs,
        double BaselineSumMs);

    public static Result Measure(string label, RegionCatalog regions, int children, string provinceCode, int seed = 7) =>
        MeasureKeeping(label, regions, children, provinceCode, seed).Result;

    /// <summary>As <see cref="Measure"/>, and the registry it built, for the drill-down to use (drop it when done: it is large).</summary>
    public static (Result Result, CommandCenterProjection Projection) MeasureKeeping(string label, RegionCatalog regions, int children, string provinceCode, int seed = 7)
    {
        var now = new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);
        var random = new Random(seed);
        var townships = regions.Townships.Where(t => regions.VillagesIn(t.Code).Count > 0).ToArray();
        var ids = new string[children];
        for (var i = 0; i < children; i++)
        {
            ids[i] = string.Create(CultureInfo.InvariantCulture, $"LB{i:D12}");
        }

        var before = Allocated();
        var load = Stopwatch.StartNew();
        var projection = new CommandCenterProjection(regions, RuleSettings.Default, now, expectedChildren: children, duplicateWindow: 1);
        for (var i = 0; i < children; i++)
        {
            var t = townships[random.Next(townships.Length)];
            var village = regions.VillagesIn(t.Code)[0].Code;
            var ts = now.AddDays(-random.Next(30, 600));
            projection.Apply(new ChildRegistered(new EventMeta(ids[i], EventTypes.ChildRegistered, ts, "bench"), ids[i], village, t.Code,
                DateOnly.FromDateTime(ts.UtcDateTime).AddDays(-random.Next(100, 5000)), LeftBehindKind.BothParentsAway, GuardianArrangement.Entrusted));
            if (random.NextDouble() < 0.9)
            {
                var visited = now.AddDays(-random.Next(0, 40));
                projection.Apply(new VisitRecorded(new EventMeta("v" + ids[i], EventTypes.VisitRecorded, visited, "bench"), ids[i], visited, "v", VisitFinding.Ok));
            }
        }
        projection.AdvanceTo(now.AddDays(1));
        load.Stop();
        var after = Allocated();
        GC.KeepAlive(projection);

        // Time the views the leading group opens: the province's indicators and its township heatmap.
        var indicatorsMs = Median(() => projection.FiguresOf(provinceCode));
        var heatmapMs = Median(() => projection.Snapshot(provinceCode, new(true, "live", 0, 0)));

        // Baselines in the same run.
        var plain = new int[regions.Townships.Count];
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] = random.Next(100);
        }
        var baselineMs = Median(() => plain.Sum());
        var idBefore = Allocated();
        var idSet = new HashSet<string>(ids.Length, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            idSet.Add(id);
        }
        // The strings already exist; count what a string-keyed registry would hold: the set plus the strings.
        var idStringBytes = ids.Length * (22L + 2 * ids[0].Length);
        var idSetBytes = Allocated() - idBefore + idStringBytes;
        GC.KeepAlive(idSet);

        return (new Result(label, children, regions.Townships.Count,
            (after - before) / (double)children, projection.EstimatedRegistryBytes / (double)children,
            idSetBytes / (double)children, load.Elapsed.TotalSeconds, indicatorsMs, heatmapMs, baselineMs), projection);
    }

    private static long Allocated()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Median(Func<object> action)
    {
        action();
        var times = new double[15];
        for (var i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(action());
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }

    public static string Table(IEnumerable<Result> results)
    {
        var report = new System.Text.StringBuilder();
        report.AppendLine("| registry | children | townships | bytes/child (measured) | bytes/child (registry arrays) | baseline: id strings alone | load s | province indicators ms | province heatmap ms | baseline: sum of township array ms |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.Children:N0} | {r.Townships:N0} | {r.BytesPerChild:F1} | {r.RegistryBytesPerChild:F1} | {r.BaselineIdSetBytesPerChild:F1} | {r.LoadSeconds:F2} | {r.IndicatorsMs:F3} | {r.HeatmapMs:F3} | {r.BaselineSumMs:F4} |");
        }
        return report.ToString();
    }
}
