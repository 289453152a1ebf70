using System.Text.Json;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.EventLog;
using Lbc.EventLog.Sqlite;
using Lbc.Server.Configuration;
using Lbc.Server.Projection;
using Lbc.Server.Simulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Lbc.Server.Tests.Simulator;

/// <summary>What outlasts a police case (the township's assessment, guardianship measures) and what outlasts the simulator's own process.</summary>
public sealed class SimulatorContinuityTests(ITestOutputHelper output)
{
    [Fact]
    public void SixDays_TownshipsAssessAfterNotification_OnTheirOwnClocks_WhichRunOnAfterPoliceClose()
    {
        var run = SimulationRun.Play(children: 4_000, hours: 6 * 24, backgroundPerTick: 0, sampleEvery: TimeSpan.FromHours(6));
        Assert.True(run.Rejected.Count == 0, string.Join("\n", run.Rejected.Take(5)));
        Assert.Empty(run.World.Refused);

        var notified = run.Parsed(EventTypes.CaseTownshipNotified).Cast<CaseProgressed>().ToDictionary(s => s.ReportId, s => s.Meta.Ts);
        var closed = run.Parsed(EventTypes.CaseClosed).Cast<CaseProgressed>().ToDictionary(s => s.ReportId, s => s.Meta.Ts);
        var opened = run.Parsed(EventTypes.AssessmentOpened).Cast<AssessmentOpened>().ToList();
        var completed = run.Parsed(EventTypes.AssessmentCompleted).Cast<AssessmentCompleted>().ToList();
        var services = run.Parsed(EventTypes.ServiceArranged).Cast<ServiceArranged>().ToList();
        output.WriteLine($"{notified.Count} notified, {opened.Count} assessments opened, {completed.Count} completed, {services.Count} services arranged");

        // Opened after the township was told, mostly within the 3-day target, some late; most after police closed the case.
        Assert.All(opened, a => Assert.True(a.Meta.Ts >= notified[a.ReportId]));
        var openLate = opened.Count(a => a.Meta.Ts - notified[a.ReportId] > RuleSettings.Default.AssessmentOpened);
        Assert.InRange(openLate, 1, opened.Count / 5);
        Assert.True(opened.Count(a => closed.TryGetValue(a.ReportId, out var at) && a.Meta.Ts > at) > opened.Count / 2);
        Assert.True(opened.Count > notified.Count(n => n.Value < run.Time.GetUtcNow() - TimeSpan.FromDays(3)) * 0.8);

        // Completed with every risk level, each after it was opened and with the services it asks for arranged later.
        Assert.True(completed.Count >= 50, $"only {completed.Count} assessments completed");
        Assert.Equal(3, completed.Select(c => c.Risk).Distinct().Count());
        var openedAt = opened.ToDictionary(a => a.ReportId, a => a.Meta.Ts);
        Assert.All(completed, c => Assert.True(!openedAt.TryGetValue(c.ReportId, out var at) || at <= c.Meta.Ts));
        foreach (var c in completed.Where(c => c.Meta.Ts < run.Time.GetUtcNow() - TimeSpan.FromDays(3)))
        {
            var arranged = services.Where(s => s.ReportId == c.ReportId).ToList();
            Assert.Equal(c.Services.Order(), arranged.Select(s => s.Service).Order());
            Assert.All(arranged, s => Assert.True(s.Meta.Ts > c.Meta.Ts));
        }

        // Guardianship interventions: criticism on cases, a few petitions to revoke guardianship, by the city's civil affairs.
        var interventions = run.Parsed(EventTypes.InterventionRecorded).Cast<InterventionRecorded>().ToList();
        var petitions = interventions.Where(i => i.Measure == InterventionMeasure.RevocationPetition).ToList();
        var repeats = SimulatorTests.RevocationConditionReports(run);
        output.WriteLine($"{repeats.Count} reports meet a revocation condition, {petitions.Count} petitions, measures: " +
            string.Join(", ", interventions.GroupBy(i => i.Measure).Select(g => $"{g.Key} {g.Count()}")));
        Assert.InRange(petitions.Count, 1, repeats.Count);
        Assert.All(petitions, p => Assert.Contains(repeats, r => r.ReportId == p.ReportId));
        Assert.All(petitions, p => Assert.StartsWith("sim.mz.", p.Meta.Actor!.Username, StringComparison.Ordinal));
        Assert.True(interventions.Count(i => i.Measure == InterventionMeasure.Criticism) > petitions.Count * 5);
    }

    [Fact]
    public void Restart_TheNewSimulatorPicksUpCasesPlacementsAndAssessmentsFromTheLog_WithoutAStepThePolicyRefuses()
    {
        var before = SimulationRun.Play(children: 2_000, hours: 10);
        var openAtRestart = before.Projection.Snapshot("21", new(true, "live", 0, 0)).OpenCases.Select(c => c.CaseId).ToList();
        var placementsAtRestart = before.World.Placements.Keys.ToList();
        var residentsAtRestart = before.World.Institutions.SelectMany(i => i.Residents).Select(p => p.Id).ToHashSet();
        var endedBefore = before.Parsed(EventTypes.PlacementEnded).Cast<PlacementEnded>().Select(p => p.PlacementId).ToHashSet();
        Assert.True(openAtRestart.Count > 20);

        var after = SimulationRun.Play(children: 0, hours: 12, seed: 7, resumeFrom: before);

        Assert.True(after.Rejected.Count == 0, string.Join("\n", after.Rejected.Take(5)));
        Assert.True(after.PolicyRefusals.Count == 0, string.Join("\n", after.PolicyRefusals.Take(5)));
        Assert.True(after.World.Refused.Count == 0, string.Join("\n", after.World.Refused.Keys));
        // Every case open at the restart was worked to its close by the new process, with its duty officers named.
        var closedAfter = after.Events.Skip(before.Events.Count).Select(SimulatorTests.Parse).OfType<CaseProgressed>()
            .Where(s => s.Stage == CaseStage.Closed).ToDictionary(s => s.ReportId);
        Assert.All(openAtRestart, id => Assert.True(closedAfter.ContainsKey(id), $"{id} was left open"));
        Assert.All(closedAfter.Values, s => Assert.NotNull(s.Meta.Actor));
        // The children it had placed go on through the board.
        var moved = after.Events.Skip(before.Events.Count).Select(SimulatorTests.Parse)
            .Select(e => e switch { PlacementAssigned a => a.PlacementId, PlacementAdmitted a => a.PlacementId, PlacementEnded x => x.PlacementId, _ => null })
            .OfType<string>().ToHashSet();
        Assert.True(placementsAtRestart.Count(moved.Contains) >= placementsAtRestart.Count / 3);
        // The institutions' own children, rebuilt from the log: the beds are counted as the board counts them, and the
        // intake goes on from the children there (some go home, none twice, none that was not there).
        SimulatorTests.AssertBedsAsTheBoardCountsThem(after);
        var endedAfter = after.Events.Skip(before.Events.Count).Select(SimulatorTests.Parse).OfType<PlacementEnded>()
            .Select(p => p.PlacementId).Where(CareWork.IsResident).ToList();
        Assert.Contains(endedAfter, residentsAtRestart.Contains);
        Assert.DoesNotContain(endedAfter, endedBefore.Contains);
        Assert.Equal(endedAfter.Count, endedAfter.Distinct().Count());
        // New reports keep their own numbers; nothing repeats an id of before.
        Assert.Equal(after.Events.Count, after.Events.Select(e => e.Id).Distinct().Count());
        var reportIds = after.Parsed(EventTypes.ReportFiled).Cast<ReportFiled>().Select(f => f.ReportId).ToList();
        Assert.Equal(reportIds.Count, reportIds.Distinct().Count());
    }

    [Fact]
    public async Task Service_OnAFakeClock_SeedsAndRuns_ResumesAfterARestart_AndLeavesAnOfficersOwnStepToThem()
    {
        var directory = Directory.CreateTempSubdirectory("lbc-sim-");
        try
        {
            var time = new FakeTimeProvider(SimulationRun.Start);
            await using var log = await SqliteEventLog.OpenAsync(Path.Combine(directory.FullName, "events.db"), time);
            var options = new DashboardOptions { Simulator = { Children = 500, EventsPerSecond = 5 } };

            await using (var first = await RunningService.StartAsync(log, options, time))
            {
                await first.AdvanceAsync(TimeSpan.FromMinutes(30));
            }
            var seeded = await log.CountAsync();
            var restartedAt = time.GetUtcNow();
            RawEvent officersStep;
            await using (var second = await RunningService.StartAsync(log, options, time))
            {
                await second.AdvanceAsync(TimeSpan.FromMinutes(20));
                // A duty officer at the dashboard records the next step of a simulated case themselves.
                var (projection, _) = Project(await ReadAllAsync(log), time);
                var open = projection.Snapshot("21", new(true, "live", 0, 0)).OpenCases
                    .Select(c => projection.TryGetCase(c.CaseId, out var state) ? state : null).OfType<CaseState>()
                    .First(c => CasePolicy.NextSteps(c) is [{ Stage: not CaseStage.Closed }, ..]);
                officersStep = OfficersStep(open, CasePolicy.NextSteps(open)[0], time.GetUtcNow());
                await log.AppendAsync([officersStep]);
                await second.AdvanceAsync(TimeSpan.FromHours(4));
            }

            var events = await ReadAllAsync(log);
            Assert.True(events.Count > seeded);
            var (final, problems) = Project(events, time);
            // Nothing rejected, and no simulated officer recorded a step the policy refused (the officer's step included).
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(5)));
            var report = JsonDocument.Parse(officersStep.Data).RootElement.GetProperty("report_id").GetString()!;
            Assert.Single(events, e => e.Type == officersStep.Type && e.Data.Contains(report, StringComparison.Ordinal));
            Assert.True(final.TryGetCase(report, out var taken));
            Assert.Contains(taken.Timeline, t => t.ActedBy == "duty.demo");
            // ... and the simulated officers took the case on from there to its close.
            Assert.True(taken.IsClosed, $"{report} left at {taken.CurrentStage}");
            Assert.StartsWith("sim.", taken.WhoDid(CaseStage.Closed)!.ActedBy, StringComparison.Ordinal);
            // Hours on, every case open at the restart is closed (the new process worked them out), and new ones keep coming.
            final.AdvanceTo(time.GetUtcNow());
            var stillOpen = final.Snapshot("21", new(true, "live", 0, 0)).OpenCases;
            Assert.All(stillOpen, c => Assert.True(c.ReceivedAt >= restartedAt, $"{c.CaseId} from {c.ReceivedAt:u} still open"));
            Assert.NotEmpty(stillOpen);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static RawEvent OfficersStep(CaseState c, NextStep next, DateTimeOffset at)
    {
        var data = new Dictionary<string, object>
        {
            ["report_id"] = c.ReportId,
            ["actor"] = new Dictionary<string, string> { ["username"] = "duty.demo", ["display_name"] = "值班员 演示" },
        };
        if (next.Stage == CaseStage.ParentsContacted)
        {
            data["reached"] = true;
        }
        if (next.Stage == CaseStage.ChildEscorted)
        {
            data["to"] = "relatives";
        }
        return new RawEvent("cmd-demo-1", next.EventType, EventTypes.CurrentVersion, EventTimestamps.Format(at), "dashboard",
            JsonSerializer.Serialize(data));
    }

    private static async Task<List<RawEvent>> ReadAllAsync(IEventLog log)
    {
        var events = new List<RawEvent>();
        for (var position = LogPosition.Start; ;)
        {
            var batch = await log.ReadAfterAsync(position, 10_000);
            if (batch.Count == 0)
            {
                return events;
            }
            events.AddRange(batch.Select(b => b.Event));
            position = batch[^1].Position;
        }
    }

    /// <summary>The dashboard's projection of the log, and every event it would reject or whose police step the policy refused on arrival.</summary>
    private static (CommandCenterProjection Projection, List<string> Problems) Project(List<RawEvent> events, FakeTimeProvider time)
    {
        var projection = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, SimulationRun.Start);
        var parser = new EventParser(Geography.Catalog);
        var problems = new List<string>();
        foreach (var raw in events)
        {
            var parsed = parser.Parse(raw, time.GetUtcNow());
            if (parsed.Event is not { } e)
            {
                problems.Add($"{raw.Type}: {parsed.Reason}");
                continue;
            }
            if (e is CaseProgressed step && (!projection.TryGetCase(step.ReportId, out var c) || !CasePolicy.Check(c, step.Stage).IsAllowed))
            {
                problems.Add($"{raw.Type} by {raw.Src} on {step.ReportId} not allowed when it arrived");
            }
            projection.AdvanceTo(e.Meta.Ts > projection.Now ? e.Meta.Ts : projection.Now);
            if (projection.Apply(e) is { Outcome: ApplyOutcome.Rejected } rejected)
            {
                problems.Add($"{raw.Type}: {rejected.Reason}");
            }
        }
        return (projection, problems);
    }

    /// <summary>The simulator service on the fake clock: started (seeded or recalled), moved on in ten-second ticks, stopped.</summary>
    private sealed class RunningService : IAsyncDisposable
    {
        private readonly IEventLog _log;
        private readonly FakeTimeProvider _time;
        private readonly SimulatorService _service;

        private RunningService(IEventLog log, FakeTimeProvider time, SimulatorService service)
        {
            _log = log;
            _time = time;
            _service = service;
        }

        public static async Task<RunningService> StartAsync(IEventLog log, DashboardOptions options, FakeTimeProvider time)
        {
            var gate = new StartupGate(options);
            var service = new SimulatorService(log, Geography.Catalog, options, gate, time, NullLogger<SimulatorService>.Instance);
            await service.StartAsync(CancellationToken.None);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (gate.Seeding && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.False(gate.Seeding);
            return new RunningService(log, time, service);
        }

        public async Task AdvanceAsync(TimeSpan span)
        {
            var step = TimeSpan.FromSeconds(10);
            for (var moved = TimeSpan.Zero; moved < span; moved += step)
            {
                var count = await _log.CountAsync();
                _time.Advance(step);
                // Let the service's tick run and append before the clock moves on.
                for (var i = 0; i < 50 && await _log.CountAsync() == count; i++)
                {
                    await Task.Delay(1);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
        }
    }
}
