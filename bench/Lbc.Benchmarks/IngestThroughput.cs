using System.Diagnostics;
using System.Text.Json;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Benchmarks;

/// <summary>Sustained events/s of validation + projection in one thread, beside bare JSON parsing of the same events.</summary>
internal static class IngestThroughput
{
    public sealed record Result(int Events, double EventsPerSecond, double BareEventsPerSecond);

    public static Result Measure(RegionCatalog regions, int count)
    {
        var now = new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);
        var events = SampleEvents.Mixed(regions, now, count);
        var parser = new EventParser(regions);

        var bare = Stopwatch.StartNew();
        var fields = 0;
        foreach (var e in events)
        {
            using var doc = JsonDocument.Parse(e.Data);
            fields += doc.RootElement.GetPropertyCount();
        }
        bare.Stop();
        GC.KeepAlive(fields);

        var projection = new CommandCenterProjection(regions, RuleSettings.Default, now, expectedChildren: count);
        var full = Stopwatch.StartNew();
        foreach (var e in events)
        {
            if (parser.Parse(e, now).Event is { } evt)
            {
                projection.Apply(evt);
            }
        }
        full.Stop();
        return new Result(count, count / full.Elapsed.TotalSeconds, count / bare.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Bytes allocated per event by parsing and by applying, measured apart (all events parsed first), with the collections
    /// each caused: garbage is what a replay's GC pauses stop every thread for.
    /// </summary>
    public static string Allocations(RegionCatalog regions, int count)
    {
        var now = new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);
        var events = SampleEvents.Mixed(regions, now, count);
        var parser = new EventParser(regions);
        var projection = new CommandCenterProjection(regions, RuleSettings.Default, now, expectedChildren: count);
        GC.Collect();
        var (bytes, gen0, gen1, gen2) = (GC.GetAllocatedBytesForCurrentThread(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var parsed = new List<DomainEvent>(count);
        var clock = Stopwatch.StartNew();
        foreach (var e in events)
        {
            if (parser.Parse(e, now).Event is { } evt)
            {
                parsed.Add(evt);
            }
        }
        var parseSeconds = clock.Elapsed.TotalSeconds;
        var parse = (GC.GetAllocatedBytesForCurrentThread() - bytes, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
        (bytes, gen0, gen1, gen2) = (GC.GetAllocatedBytesForCurrentThread(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        clock.Restart();
        foreach (var evt in parsed)
        {
            projection.Apply(evt);
        }
        var applySeconds = clock.Elapsed.TotalSeconds;
        var apply = (GC.GetAllocatedBytesForCurrentThread() - bytes, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
        return $"parse: {parseSeconds * 1e9 / count:F0} ns and {parse.Item1 / (double)count:F0} bytes/event (collections gen0 {parse.Item2}, gen1 {parse.Item3}, gen2 {parse.Item4}); "
            + $"apply: {applySeconds * 1e9 / count:F0} ns and {apply.Item1 / (double)count:F0} bytes/event (gen0 {apply.Item2}, gen1 {apply.Item3}, gen2 {apply.Item4})";
    }

    public static string Table(Result ingest)
    {
        var report = new System.Text.StringBuilder();
        report.AppendLine("| in-process ingest (no Redis) | events | events/s |");
        report.AppendLine("|---|---|---|");
        report.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| bare JSON parse of the same payloads (baseline) | {ingest.Events:N0} | {ingest.BareEventsPerSecond:N0} |");
        report.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| validate + project, one thread | {ingest.Events:N0} | {ingest.EventsPerSecond:N0} |");
        return report.ToString();
    }
}
