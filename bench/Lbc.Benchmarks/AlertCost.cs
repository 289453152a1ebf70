using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lbc.Domain.Alerts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Benchmarks;

/// <summary>
/// What the alert rules add to applying the log (issue 16, target under 5%): the same live traffic applied to two
/// projections, one with <see cref="AlertSettings.Enabled"/> off (the baseline), as the host does it: events in order, the
/// clock advanced every 250 ms of event time (the ticker), changes discarded per tick. The traffic is the simulator's kind
/// (visits, ledger updates, reports and their police steps, some left to breach and escalate, placements waiting, places of
/// care reporting full), over a registry of seeded children, across a midnight so the daily rules run once. Parsing is
/// done before timing: only apply and advance are measured. The two projections run side by side in small alternating
/// chunks (<see cref="RunPaired"/>), so the machine's other work weighs on both alike; per chunk the fastest of the runs
/// counts.
/// </summary>
internal static class AlertCost
{
    public sealed record Result(string Traffic, int Events, double BaselineNsPerEvent, double AlertsNsPerEvent, int OpenAlerts)
    {
        public double OverheadPercent => (AlertsNsPerEvent / BaselineNsPerEvent - 1) * 100;
    }

    /// <param name="stress">
    /// False: the simulator's mix (a report every ~3 minutes at 20 events/s, placements and place status rarer, the rest
    /// visits and ledger updates). True: 8% reports (a quarter never acknowledged), 4% placements, 3% place status: far
    /// more alerts than any real day, to show the cost per alert.
    /// </param>
    public static Result Measure(RegionCatalog regions, double eventsPerSecond, int events, int children, bool stress, int runs = 7)
    {
        // 23:58 China time: the stream crosses midnight, so the daily rules (overdue rise, ledger, silent reporters) run.
        var start = new DateTimeOffset(2026, 11, 29, 15, 58, 0, TimeSpan.Zero) - TimeSpan.FromSeconds(Math.Min(3600, events / eventsPerSecond / 2));
        var seed = Seed(regions, start.AddDays(-40), children);
        var stream = Traffic(regions, start, eventsPerSecond, events, children, stress);
        var parser = new EventParser(regions);
        var end = start + TimeSpan.FromSeconds(events / eventsPerSecond) + TimeSpan.FromHours(1);
        var parsedSeed = seed.Select(e => parser.Parse(e, end).Event ?? throw new InvalidOperationException(string.Join("; ", parser.Parse(e, end).Errors))).ToArray();
        var parsed = stream.Select(e => parser.Parse(e, end).Event ?? throw new InvalidOperationException(string.Join("; ", parser.Parse(e, end).Errors))).ToArray();

        // Per chunk, the fastest of the runs: a pause (a collection, a neighbour's burst) lands on some chunk of some run,
        // rarely on the same chunk of every run, so the sums of the minima leave the pauses out for both alike.
        double[]? offBest = null, onBest = null;
        var open = 0;
        for (var run = 0; run < runs; run++)
        {
            var (off, on, openNow) = RunPaired(regions, parsedSeed, parsed, start);
            offBest = offBest is null ? off : [.. offBest.Zip(off, Math.Min)];
            onBest = onBest is null ? on : [.. onBest.Zip(on, Math.Min)];
            open = openNow;
        }
        var label = string.Create(CultureInfo.InvariantCulture, $"{eventsPerSecond:N0} events/s, {children:N0} children, {(stress ? "stress mix (8% reports)" : "simulator mix")}");
        return new Result(label, parsed.Length, offBest!.Sum() / parsed.Length, onBest!.Sum() / parsed.Length, open);
    }

    /// <summary>
    /// Both projections side by side, the stream applied in chunks of 2,000 events to one and then the other (which goes
    /// first alternates), each chunk timed: a neighbour's burst of work slows both alike instead of whichever run it hits.
    /// Each projection advances like the host's ticker, every 250 ms of event time, and drops its changes per tick.
    /// Returns the nanoseconds each spent per chunk, and the open alerts at the end.
    /// </summary>
    private static (double[] Off, double[] On, int Open) RunPaired(RegionCatalog regions, DomainEvent[] seed, DomainEvent[] stream, DateTimeOffset start)
    {
        var off = Prepare(regions, seed, start, AlertSettings.Default with { Enabled = false });
        var on = Prepare(regions, seed, start, AlertSettings.Default);
        GC.Collect();
        var ticks = new[] { start + Tick, start + Tick };
        const int chunk = 2_000;
        var spent = new[] { new double[(stream.Length + chunk - 1) / chunk], new double[(stream.Length + chunk - 1) / chunk] };
        for (var from = 0; from < stream.Length; from += chunk)
        {
            var to = Math.Min(stream.Length, from + chunk);
            var firstOn = (from / chunk) % 2 == 1;
            for (var k = 0; k < 2; k++)
            {
                var which = (k == 0) == firstOn ? 1 : 0;
                var projection = which == 1 ? on : off;
                var began = Stopwatch.GetTimestamp();
                ticks[which] = ApplyChunk(projection, stream, from, to, ticks[which]);
                spent[which][from / chunk] = Stopwatch.GetElapsedTime(began).TotalNanoseconds;
            }
        }
        var open = on.Alerts("21").Count + on.Regions.Counties.Sum(c => on.Alerts(c.Code).Count);
        return (spent[0], spent[1], open);
    }

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private static CommandCenterProjection Prepare(RegionCatalog regions, DomainEvent[] seed, DateTimeOffset start, AlertSettings alerts)
    {
        var projection = new CommandCenterProjection(regions, RuleSettings.Default, start.AddDays(-40), expectedChildren: seed.Length, alerts: alerts);
        foreach (var e in seed)
        {
            projection.Apply(e);
        }
        projection.AdvanceTo(start);
        projection.DiscardChanges();
        return projection;
    }

    private static DateTimeOffset ApplyChunk(CommandCenterProjection projection, DomainEvent[] stream, int from, int to, DateTimeOffset nextTick)
    {
        for (var i = from; i < to; i++)
        {
            var e = stream[i];
            while (e.Meta.Ts >= nextTick)
            {
                projection.AdvanceTo(nextTick);
                projection.DiscardChanges();
                nextTick += Tick;
            }
            projection.Apply(e);
        }
        return nextTick;
    }

    private static string Ts(DateTimeOffset t) => EventTimestamps.Format(t);

    /// <summary>The registry and the places of care, 40 days before the stream (some visits overdue by then).</summary>
    private static List<RawEvent> Seed(RegionCatalog regions, DateTimeOffset at, int children)
    {
        var random = new Random(16);
        var villages = regions.Townships.Where(t => regions.VillagesIn(t.Code).Count > 0).Select(t => regions.VillagesIn(t.Code)[0].Code).ToArray();
        var events = new List<RawEvent>(children + regions.Counties.Count);
        var ts = Ts(at);
        for (var i = 0; i < children; i++)
        {
            events.Add(new RawEvent($"s{i}", EventTypes.ChildRegistered, 1, ts, "bench",
                $$"""{"child_id":"C{{i:D8}}","village_code":"{{villages[random.Next(villages.Length)]}}","birth_date":"2016-05-01","kind":"both_parents_away","guardian":"entrusted"}"""));
        }
        foreach (var county in regions.Counties)
        {
            events.Add(new RawEvent($"i{county.Code}", EventTypes.InstitutionRegistered, 1, ts, "bench",
                $$"""{"institution_id":"I{{county.Code}}","name":"救助站","kind":"relief_station","region_code":"{{county.Code}}","capacity":2}"""));
        }
        return events;
    }

    /// <summary>
    /// Live traffic at <paramref name="rate"/>: visits and ledger updates, reports (each followed by its police steps within
    /// minutes, one in four left unacknowledged), placements (requested, half assigned later) and place status reports.
    /// </summary>
    private static List<RawEvent> Traffic(RegionCatalog regions, DateTimeOffset start, double rate, int count, int children, bool stress)
    {
        // Shares of reports, placements and status reports (the rest: 80% visits, 20% ledger updates).
        var (reports, placements, statuses) = stress ? (0.08, 0.04, 0.03) : (1.0 / 3600, 1.0 / 20_000, 1.0 / 4_000);
        var random = new Random(17);
        var villages = regions.Townships.Where(t => regions.VillagesIn(t.Code).Count > 0).Select(t => regions.VillagesIn(t.Code)[0].Code).ToArray();
        var pending = new PriorityQueue<RawEvent, DateTimeOffset>();
        var events = new List<RawEvent>(count);
        for (var i = 0; events.Count < count; i++)
        {
            var at = start + TimeSpan.FromSeconds(i / rate);
            while (pending.TryPeek(out var due, out var when) && when <= at && events.Count < count)
            {
                events.Add(pending.Dequeue());
            }
            if (events.Count >= count)
            {
                break;
            }
            var ts = Ts(at);
            var x = random.NextDouble();
            var id = string.Create(CultureInfo.InvariantCulture, $"t{i}");
            var other = 1 - reports - placements - statuses;
            if (x < other * 0.8)
            {
                events.Add(new RawEvent(id, EventTypes.VisitRecorded, 1, ts, "bench",
                    $$"""{"child_id":"C{{random.Next(children):D8}}","visitor_id":"VC-1","finding":"ok"}"""));
            }
            else if (x < other)
            {
                events.Add(new RawEvent(id, EventTypes.ChildUpdated, 1, ts, "bench",
                    $$"""{"child_id":"C{{random.Next(children):D8}}","guardian":"entrusted"}"""));
            }
            else if (x < other + reports)
            {
                var report = "R" + id;
                events.Add(new RawEvent(id, EventTypes.ReportFiled, 1, ts, "bench",
                    $$"""{"report_id":"{{report}}","village_code":"{{villages[random.Next(villages.Length)]}}","category":"injury","reporter_type":"school","received_at":"{{ts}}"}"""));
                if (random.NextDouble() < 0.75)
                {
                    var steps = new[] { EventTypes.CaseAcknowledged, EventTypes.CaseDispatched, EventTypes.CaseOnScene, EventTypes.CaseTownshipNotified };
                    for (var s = 0; s < steps.Length; s++)
                    {
                        var when = at + TimeSpan.FromMinutes(2 + s * 8 * random.NextDouble() * 2);
                        pending.Enqueue(new RawEvent($"{id}-{s}", steps[s], 1, Ts(when), "bench", $$"""{"report_id":"{{report}}"}"""), when);
                    }
                }
            }
            else if (x < other + reports + placements)
            {
                var village = villages[random.Next(villages.Length)];
                var placement = "P" + id;
                events.Add(new RawEvent(id, EventTypes.PlacementRequested, 1, ts, "bench",
                    $$"""{"placement_id":"{{placement}}","township_code":"{{village[..9]}}"}"""));
                if (random.NextDouble() < 0.5)
                {
                    var when = at + TimeSpan.FromMinutes(30 + random.Next(180));
                    pending.Enqueue(new RawEvent(id + "-a", EventTypes.PlacementAssigned, 1, Ts(when), "bench",
                        $$"""{"placement_id":"{{placement}}","institution_id":"I{{village[..6]}}"}"""), when);
                }
            }
            else
            {
                var county = regions.Counties[random.Next(regions.Counties.Count)].Code;
                events.Add(new RawEvent(id, EventTypes.InstitutionStatus, 1, ts, "bench",
                    $$"""{"institution_id":"I{{county}}","accepting":{{(random.NextDouble() < 0.8 ? "true" : "false")}}}"""));
            }
        }
        return events;
    }

    public static string Table(IReadOnlyList<Result> results)
    {
        var report = new StringBuilder();
        report.AppendLine("| alert evaluation (issue 16; target: under 5% added to apply) | events | apply without alerts (baseline) ns/event | with alerts ns/event | added | alerts open at the end (county views + province view) |");
        report.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Traffic} | {r.Events:N0} | {r.BaselineNsPerEvent:N0} | {r.AlertsNsPerEvent:N0} | {r.OverheadPercent:+0.0;-0.0}% | {r.OpenAlerts:N0} |");
        }
        return report.ToString();
    }
}
