using Lbc.Domain.Events;

namespace Lbc.Server.Simulator;

/// <summary>
/// The live mix once seeded: mostly visits and ledger updates, a new report every few minutes worked through by the
/// simulated police, placements and institutions on the civil-affairs board, the townships' assessments, children
/// arriving and exiting.
/// </summary>
internal sealed class LiveTraffic
{
    /// <summary>Mean minutes between new reports.</summary>
    internal const double ReportEveryMinutes = 3;

    private readonly SimulationWorld _world;
    private readonly EventFactory _events;
    private readonly RegistrySeeder _seeder;

    public LiveTraffic(SimulationWorld world, EventFactory events, RegistrySeeder seeder)
    {
        _world = world;
        _events = events;
        _seeder = seeder;
        Care = new CareWork(world, events);
        Township = new TownshipWork(world, events);
        Police = new PoliceWork(world, events, Care, Township);
    }

    public PoliceWork Police { get; }

    public CareWork Care { get; }

    public TownshipWork Township { get; }

    private Random R => _world.Random;

    /// <summary>The events of one tick: <paramref name="count"/> background events plus every piece of work now due.</summary>
    public List<RawEvent> Tick(DateTimeOffset now, int count, TimeSpan tickLength)
    {
        var batch = new List<RawEvent>(count + 8);
        for (var i = 0; i < count && _world.Children.Count > 0; i++)
        {
            if (Background(now) is { } e)
            {
                batch.Add(e);
            }
        }
        // Work planned before now first: its events are stamped earlier than this tick's new arrivals.
        _world.Agenda.RunDue(now, batch);
        if (R.NextDouble() < tickLength.TotalMinutes / ReportEveryMinutes)
        {
            Police.FileReport(now, batch);
        }
        if (R.NextDouble() < tickLength.TotalMinutes / CareWork.StandaloneRequestEveryMinutes)
        {
            Care.RequestWithoutCase(now, batch);
        }
        _world.Book.AdvanceTo(now);
        return batch;
    }

    /// <summary>
    /// The hours before <paramref name="to"/> as they would have gone (reports, cases, placements, status reports, no
    /// background), so a fresh demo opens on a working day rather than an empty queue.
    /// </summary>
    public IEnumerable<RawEvent> WarmUp(DateTimeOffset from, DateTimeOffset to)
    {
        Care.ScheduleStatusReports();
        var step = TimeSpan.FromMinutes(1);
        for (var t = from; t < to; t += step)
        {
            foreach (var e in Tick(t, 0, step))
            {
                yield return e;
            }
        }
        foreach (var e in Tick(to, 0, TimeSpan.Zero))
        {
            yield return e;
        }
    }

    private RawEvent? Background(DateTimeOffset now)
    {
        var x = R.NextDouble();
        var index = R.Next(_world.Children.Count);
        var child = _world.Children[index];
        var township = _world.Regions.Townships[child.Township];
        var late = _world.ChronicallyLate.Contains(child.Township);
        if (x < 0.72)
        {
            // Late townships visit rarely: most of their turns pass without a visit.
            return late && R.NextDouble() < 0.7 ? null : _events.Make(EventTypes.VisitRecorded, now, w =>
            {
                w.WriteString("child_id", child.Id);
                w.WriteString("visitor_id", $"VC-{township.Code}");
                w.WriteString("finding", R.NextDouble() < 0.97 ? "ok" : "concern");
            });
        }
        if (x < 0.88)
        {
            return late && R.NextDouble() < 0.6 ? null
                : _events.Make(EventTypes.ChildUpdated, now, w => w.WriteString("child_id", child.Id));
        }
        if (x < 0.91)
        {
            return child.SchoolAge ? _events.Make(EventTypes.PairingAssigned, now, w =>
            {
                w.WriteString("child_id", child.Id);
                w.WriteString("teacher_id", $"T-{township.Code}-{R.Next(1, 60):D2}");
            }) : null;
        }
        if (x < 0.94)
        {
            var t = _world.PickTownship();
            var birth = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-R.Next(60, 15 * 365));
            var newChild = new SimChild(_seeder.NewChildId(t), t.Index, _world.PickVillage(t),
                DateOnly.FromDateTime(now.UtcDateTime).DayNumber - birth.DayNumber >= 6 * 365);
            _world.Children.Add(newChild);
            return _seeder.Register(newChild, birth, now);
        }
        if (x < 0.96)
        {
            _world.Children[index] = _world.Children[^1];
            _world.Children.RemoveAt(_world.Children.Count - 1);
            _world.Criticised.Remove(child.Id);
            var reason = _world.Pick(RegistrySeeder.ExitReasons);
            return _events.Make(EventTypes.ChildExited, now, w =>
            {
                w.WriteString("child_id", child.Id);
                w.WriteString("reason", reason);
            });
        }
        if (x < 0.965)
        {
            return _events.Make(R.NextDouble() < 0.5 ? EventTypes.DropoutReported : EventTypes.DropoutReturned, now,
                w => w.WriteString("child_id", child.Id));
        }
        return null;
    }
}
