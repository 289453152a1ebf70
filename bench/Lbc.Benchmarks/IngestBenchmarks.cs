using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;
using Lbc.Reference;

namespace Lbc.Benchmarks;

/// <summary>
/// Per-event cost of validation + projection, beside the bare cost of parsing the same JSON payloads.
/// Run with <c>--micro</c> (BenchmarkDotNet).
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private RawEvent[] _events = [];
    private RegionCatalog _regions = null!;
    private EventParser _parser = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _regions = ReferenceData.Load(ReferenceData.DefaultDirectory);
        _parser = new EventParser(_regions);
        _now = new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);
        _events = SampleEvents.Mixed(_regions, _now, 10_000);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 10_000)]
    public int BareJsonParse()
    {
        var n = 0;
        foreach (var e in _events)
        {
            using var doc = JsonDocument.Parse(e.Data);
            n += doc.RootElement.GetPropertyCount();
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = 10_000)]
    public long ValidateAndProject()
    {
        var projection = new CommandCenterProjection(_regions, RuleSettings.Default, _now, expectedChildren: 10_000);
        foreach (var e in _events)
        {
            var parsed = _parser.Parse(e, _now);
            if (parsed.Event is { } evt)
            {
                projection.Apply(evt);
            }
        }
        return projection.EventsApplied;
    }
}

/// <summary>A realistic mix: registrations, visits, ledger updates, reports and their steps.</summary>
internal static class SampleEvents
{
    public static RawEvent[] Mixed(RegionCatalog regions, DateTimeOffset now, int count)
    {
        var random = new Random(11);
        var villages = regions.Townships.Where(t => regions.VillagesIn(t.Code).Count > 0)
            .Select(t => regions.VillagesIn(t.Code)[0].Code).ToArray();
        var events = new List<RawEvent>(count);
        var children = new List<string>();
        var ts = EventTimestamps.Format(now.AddMinutes(-1));
        for (var i = 0; events.Count < count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"e{i}");
            var x = random.NextDouble();
            if (children.Count < 100 || x < 0.3)
            {
                var child = string.Create(CultureInfo.InvariantCulture, $"C{i:D9}");
                children.Add(child);
                events.Add(new RawEvent(id, EventTypes.ChildRegistered, 1, ts, "bench",
                    $$"""{"child_id":"{{child}}","village_code":"{{villages[random.Next(villages.Length)]}}","birth_date":"2016-05-01","kind":"both_parents_away","guardian":"entrusted"}"""));
            }
            else if (x < 0.8)
            {
                events.Add(new RawEvent(id, EventTypes.VisitRecorded, 1, ts, "bench",
                    $$"""{"child_id":"{{children[random.Next(children.Count)]}}","visitor_id":"VC-1","finding":"ok"}"""));
            }
            else if (x < 0.95)
            {
                events.Add(new RawEvent(id, EventTypes.ChildUpdated, 1, ts, "bench",
                    $$"""{"child_id":"{{children[random.Next(children.Count)]}}","guardian":"entrusted"}"""));
            }
            else
            {
                var report = string.Create(CultureInfo.InvariantCulture, $"R{i}");
                events.Add(new RawEvent(id, EventTypes.ReportFiled, 1, ts, "bench",
                    $$"""{"report_id":"{{report}}","village_code":"{{villages[random.Next(villages.Length)]}}","category":"missing","reporter_type":"school"}"""));
                events.Add(new RawEvent(id + "a", EventTypes.CaseAcknowledged, 1, ts, "bench", $$"""{"report_id":"{{report}}"}"""));
            }
        }
        return [.. events.Take(count)];
    }
}
