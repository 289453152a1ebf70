using System.Diagnostics;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.EventLog;
using Lbc.Server.Configuration;
using Lbc.Server.Projection;

namespace Lbc.Server.Simulator;

/// <summary>
/// The built-in producer (on by default in the embedded mode): seeds an empty log, then writes live
/// traffic at <see cref="SimulatorOptions.EventsPerSecond"/> through the same log as every other producer.
/// </summary>
internal sealed class SimulatorService(IEventLog log, RegionCatalog regions, DashboardOptions options,
    StartupGate gate, TimeProvider time, ILogger<SimulatorService> logger) : BackgroundService
{
    /// <summary>The simulator's producer id (<c>src</c>): it writes as itself, never as a signed-in user.</summary>
    public const string Source = "simulator";

    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_maxTick = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Simulator;
        // The seed makes a fresh demo reproducible; a resumed one must not replay the same "live" reports.
        var seeding = await log.CountAsync(stoppingToken) == 0;
        var now = time.GetUtcNow();
        var world = new SimulationWorld(regions, seeding ? new Random(settings.Seed) : new Random(), now)
        {
            // Kept off the log. None while the simulator works its cases alone; a duty officer's own step on a simulated
            // case can make a planned one invalid (the parents reached before the planned escort), and then it is skipped.
            OnRefused = what => logger.LogInformation("Simulator skipped an event the policy or the parser refuses: {What}", what),
        };
        var events = new EventFactory(Source);
        var seeder = new RegistrySeeder(world, events, now);
        var traffic = new LiveTraffic(world, events, seeder);
        LogPosition followed;
        try
        {
            if (seeding)
            {
                await SeedAsync(seeder, traffic, settings.Children, now, stoppingToken);
                followed = await log.GetHeadAsync(stoppingToken);
            }
            else
            {
                followed = await SimulatorMemory.RecallAsync(log, world, traffic, Source, time.GetUtcNow(), stoppingToken);
                logger.LogInformation("Simulator resumed with {Children} children and {Cases} cases in progress",
                    world.Children.Count, world.Cases.Count);
            }
        }
        finally
        {
            gate.SeedingDone();
        }

        var carry = 0.0;
        var last = time.GetUtcNow();
        var pending = new List<RawEvent>();
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(s_tick, time, stoppingToken);
            followed = await FollowOthersAsync(world, followed, stoppingToken);
            var tickAt = time.GetUtcNow();
            // The time that really passed (a slow append, a paused process), up to a few seconds: no burst after a long stall.
            var elapsed = TimeSpan.FromTicks(Math.Clamp((tickAt - last).Ticks, 0, s_maxTick.Ticks));
            last = tickAt;
            carry += settings.EventsPerSecond * elapsed.TotalSeconds;
            var count = (int)carry;
            carry -= count;
            pending.AddRange(traffic.Tick(tickAt, count, elapsed));
            if (pending.Count == 0)
            {
                continue;
            }
            try
            {
                await log.AppendAsync(pending, stoppingToken);
                pending.Clear();
            }
            catch (EventLogUnavailableException ex)
            {
                // Case steps, placements and registrations were already counted as done: they wait for the log to come
                // back, in order, or a later step would reach the log without the one before it. Visits and ledger
                // updates change nothing later traffic depends on: those of this tick are dropped.
                pending.RemoveAll(e => e.Type is EventTypes.VisitRecorded or EventTypes.ChildUpdated or EventTypes.PairingAssigned
                    or EventTypes.DropoutReported or EventTypes.DropoutReturned);
                logger.LogWarning("Simulator could not append; {Pending} events wait for the log ({Message})", pending.Count, ex.Message);
            }
        }
    }

    /// <summary>
    /// Reads what other producers appended since <paramref name="position"/>: a duty officer's step on a simulated case
    /// (the demo's officer recording one) joins the case as the simulator knows it, so its simulated officers do not
    /// record that step again and take up the case from where the officer left it.
    /// </summary>
    private async Task<LogPosition> FollowOthersAsync(SimulationWorld world, LogPosition position, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var batch = await log.ReadAfterAsync(position, 1_000, stoppingToken);
                foreach (var logged in batch)
                {
                    position = logged.Position;
                    if (logged.Event.Src != Source)
                    {
                        world.Book.Observe(logged.Event);
                    }
                }
                if (batch.Count < 1_000)
                {
                    return position;
                }
            }
        }
        catch (EventLogUnavailableException)
        {
            return position; // the append below says so in the log; try again next tick
        }
    }

    private async Task SeedAsync(RegistrySeeder seeder, LiveTraffic traffic, int children, DateTimeOffset now, CancellationToken stoppingToken)
    {
        var watch = Stopwatch.StartNew();
        gate.SeedTotal = RegistrySeeder.EstimateEvents(children);
        logger.LogInformation("Seeding an empty event log with {Children} children (about {Events} events)", children, gate.SeedTotal);
        var batch = new List<RawEvent>(2_000);
        // Then the last hours of cases, placements and status reports, so the first look is a working day, not an empty queue.
        foreach (var e in seeder.Seed(children).Concat(traffic.WarmUp(now - RegistrySeeder.WarmUp, now)))
        {
            batch.Add(e);
            if (batch.Count == 2_000)
            {
                await log.AppendAsync(batch, stoppingToken);
                gate.Seeded += batch.Count;
                batch.Clear();
                if (gate.Seeded % 40_000 < 2_000)
                {
                    logger.LogInformation("Seeding: {Seeded} of about {Total} events", gate.Seeded, gate.SeedTotal);
                }
            }
        }
        await log.AppendAsync(batch, stoppingToken);
        gate.Seeded += batch.Count;
        gate.SeedTotal = gate.Seeded;
        logger.LogInformation("Seeded {Events} events in {Seconds:F1} s", gate.Seeded, watch.Elapsed.TotalSeconds);
    }
}
