using System.Globalization;
using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// The live mix once seeded: mostly visits and ledger updates, a new report every few minutes, the
/// police working their cases, placements, institutions reporting status, children arriving and exiting.
/// </summary>
internal sealed class LiveTraffic(SimulationWorld world, EventFactory events, RegistrySeeder seeder)
{
    /// <summary>Mean minutes between new reports.</summary>
    internal static double ReportEveryMinutes { get; set; } = 3;

    private Random R => world.Random;

    /// <summary>The events of one tick: <paramref name="count"/> background events plus every case step now due.</summary>
    public List<RawEvent> Tick(DateTimeOffset now, int count, TimeSpan tickLength)
    {
        var batch = new List<RawEvent>(count + 4);
        for (var i = 0; i < count && world.Children.Count > 0; i++)
        {
            if (Background(now) is { } e)
            {
                batch.Add(e);
            }
        }
        if (R.NextDouble() < tickLength.TotalMinutes / ReportEveryMinutes)
        {
            batch.Add(FileReport(now));
        }
        foreach (var c in world.Cases.ToList())
        {
            while (c.NextAt <= now && c.Steps.TryDequeue(out var step))
            {
                // Stamped when it was planned to happen, so a case filed in the past has a believable history.
                batch.Add(events.Make(step.Type, c.NextAt, w =>
                {
                    w.WriteString("report_id", c.ReportId);
                    step.Data?.Invoke(w);
                }));
                if (c.Steps.TryPeek(out var next))
                {
                    c.NextAt += next.Delay;
                }
            }
            if (c.Steps.Count == 0)
            {
                world.Cases.Remove(c);
            }
        }
        return batch;
    }

    public RawEvent FileReport(DateTimeOffset now, DateTimeOffset? receivedAt = null)
    {
        var township = world.PickTownship();
        var category = world.Pick(CaseScripts.Categories);
        var reporter = world.Pick(CaseScripts.Reporters);
        var received = receivedAt ?? now;
        var reportId = string.Create(CultureInfo.InvariantCulture, $"R{received:yyyyMMddHHmmss}-{township.Code[..6]}-{++world.NextReportNumber:D4}");
        var village = world.PickVillage(township);
        world.Cases.Add(new SimCase(reportId, township.Code, received, CaseScripts.For(category, reportId, township.Code, world)));
        return events.Make(EventTypes.ReportFiled, received, w =>
        {
            w.WriteString("report_id", reportId);
            w.WriteString("village_code", village);
            w.WriteString("category", category);
            w.WriteString("reporter_type", reporter);
            w.WriteString("discovered_at", EventTimestamps.Format(received.AddMinutes(-R.Next(2, 90))));
            w.WriteString("received_at", EventTimestamps.Format(received));
        });
    }

    public int RandomMinutesAgo() => R.Next(1, 150);

    private RawEvent? Background(DateTimeOffset now)
    {
        var x = R.NextDouble();
        var index = R.Next(world.Children.Count);
        var (id, township, schoolAge) = world.Children[index];
        var late = world.ChronicallyLate.Contains(township);
        if (x < 0.70)
        {
            // Late townships visit rarely: most of their turns pass without a visit.
            return late && R.NextDouble() < 0.7 ? null : events.Make(EventTypes.VisitRecorded, now, w =>
            {
                w.WriteString("child_id", id);
                w.WriteString("visitor_id", $"VC-{world.Regions.Townships[township].Code}");
                w.WriteString("finding", R.NextDouble() < 0.97 ? "ok" : "concern");
            });
        }
        if (x < 0.84)
        {
            return late && R.NextDouble() < 0.6 ? null
                : events.Make(EventTypes.ChildUpdated, now, w => w.WriteString("child_id", id));
        }
        if (x < 0.87)
        {
            return schoolAge ? events.Make(EventTypes.PairingAssigned, now, w =>
            {
                w.WriteString("child_id", id);
                w.WriteString("teacher_id", $"T-{world.Regions.Townships[township].Code}-{R.Next(1, 60):D2}");
            }) : null;
        }
        if (x < 0.90)
        {
            var t = world.PickTownship();
            var birth = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-R.Next(60, 15 * 365));
            var newId = seeder.NewChildId(t);
            world.Children.Add((newId, t.Index, (DateOnly.FromDateTime(now.UtcDateTime).DayNumber - birth.DayNumber) >= 6 * 365));
            return seeder.Register(newId, t, birth, now);
        }
        if (x < 0.92)
        {
            world.Children[index] = world.Children[^1];
            world.Children.RemoveAt(world.Children.Count - 1);
            var reason = world.Pick<string>([("parent_returned", 45), ("family_moved_together", 25), ("turned_16", 20), ("moved_away", 8), ("other", 2)]);
            return events.Make(EventTypes.ChildExited, now, w =>
            {
                w.WriteString("child_id", id);
                w.WriteString("reason", reason);
            });
        }
        if (x < 0.96 && world.Institutions.Count > 0)
        {
            var (institution, capacity) = world.Institutions[R.Next(world.Institutions.Count)];
            var occupied = (int)(capacity * (0.35 + R.NextDouble() * 0.62));
            return events.Make(EventTypes.InstitutionStatus, now, w =>
            {
                w.WriteString("institution_id", institution);
                w.WriteNumber("occupied", occupied);
                w.WriteBoolean("accepting", occupied < capacity);
                w.WriteNumber("staff_on_duty", Math.Max(1, capacity / 12 + R.Next(0, 3)));
            });
        }
        if (x < 0.965)
        {
            return events.Make(R.NextDouble() < 0.5 ? EventTypes.DropoutReported : EventTypes.DropoutReturned, now,
                w => w.WriteString("child_id", id));
        }
        return null;
    }
}
