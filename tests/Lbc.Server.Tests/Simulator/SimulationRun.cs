using Lbc.Contracts;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.Server.Simulator;
using Microsoft.Extensions.Time.Testing;

namespace Lbc.Server.Tests.Simulator;

/// <summary>
/// Plays the simulator as the service does (seed, warm-up, then ticks on a <see cref="FakeTimeProvider"/>) and feeds
/// every event, as it is produced, through the consumer's parser into the dashboard's projection, noting what a viewer
/// of each board would see at regular instants.
/// </summary>
internal sealed class SimulationRun
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private readonly EventParser _parser = new(Geography.Catalog);
    private readonly Dictionary<string, (PlacementStageSeen Stage, DateTimeOffset RequestedAt)> _placements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastStatus = new(StringComparer.Ordinal);

    private SimulationRun(SimulationWorld world, LiveTraffic traffic, FakeTimeProvider time)
    {
        World = world;
        Traffic = traffic;
        Time = time;
        Projection = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, time.GetUtcNow());
    }

    public SimulationWorld World { get; }
    public LiveTraffic Traffic { get; }
    public FakeTimeProvider Time { get; }
    public CommandCenterProjection Projection { get; }
    public List<RawEvent> Events { get; } = [];

    /// <summary>Events the consumer would dead-letter: unparseable, or rejected by the projection.</summary>
    public List<string> Rejected { get; } = [];

    /// <summary>Police steps the policy would not have allowed on the case as the dashboard held it when the step arrived.</summary>
    public List<string> PolicyRefusals { get; } = [];

    public List<Sample> Samples { get; } = [];

    /// <summary>
    /// Status reports (as they arrived, after the seed's) whose occupied and reserved agreed with the board's figures
    /// computed from the placements at that moment, and those that did not.
    /// </summary>
    public int StatusAgreeing { get; private set; }

    public List<string> StatusDisagreeing { get; } = [];

    /// <summary>Placements that waited longer than the 2-hour target before a place was assigned (or still wait).</summary>
    public HashSet<string> WaitedPastTarget { get; } = new(StringComparer.Ordinal);

    public static SimulationRun Play(int children, double hours, int seed = 2016, int backgroundPerTick = 2,
        TimeSpan? sampleEvery = null, SimulationRun? resumeFrom = null)
    {
        var time = new FakeTimeProvider(resumeFrom?.Time.GetUtcNow() ?? Start);
        var world = new SimulationWorld(Geography.Catalog, new Random(seed), time.GetUtcNow());
        var factory = new EventFactory(SimulatorService.Source);
        var seeder = new RegistrySeeder(world, factory, time.GetUtcNow());
        var traffic = new LiveTraffic(world, factory, seeder);
        var run = new SimulationRun(world, traffic, time);
        if (resumeFrom is null)
        {
            run.Apply(seeder.Seed(children).Concat(traffic.WarmUp(time.GetUtcNow() - RegistrySeeder.WarmUp, time.GetUtcNow())));
        }
        else
        {
            // A restart: the new simulator knows only what the log says; the dashboard keeps its projection.
            var memory = new SimulatorMemory(world, SimulatorService.Source, time.GetUtcNow());
            foreach (var e in resumeFrom.Events)
            {
                memory.Remember(e);
            }
            memory.Resume(traffic);
            run.Replay(resumeFrom);
        }
        run.Continue(hours, backgroundPerTick, sampleEvery ?? TimeSpan.FromMinutes(20));
        return run;
    }

    private void Replay(SimulationRun before)
    {
        Events.AddRange(before.Events);
        Rejected.AddRange(before.Rejected);
        PolicyRefusals.AddRange(before.PolicyRefusals);
        Samples.AddRange(before.Samples);
        foreach (var e in before.Events)
        {
            ApplyOne(e, record: false);
        }
    }

    private void Continue(double hours, int backgroundPerTick, TimeSpan sampleEvery)
    {
        var tick = TimeSpan.FromSeconds(10);
        var end = Time.GetUtcNow() + TimeSpan.FromHours(hours);
        var nextSample = Time.GetUtcNow();
        while (Time.GetUtcNow() < end)
        {
            Time.Advance(tick);
            var now = Time.GetUtcNow();
            Apply(Traffic.Tick(now, backgroundPerTick, tick));
            Projection.AdvanceTo(now);
            if (now >= nextSample)
            {
                Samples.Add(TakeSample(now));
                nextSample = now + sampleEvery;
            }
        }
    }

    private void Apply(IEnumerable<RawEvent> events)
    {
        foreach (var e in events)
        {
            ApplyOne(e, record: true);
        }
    }

    private void ApplyOne(RawEvent raw, bool record)
    {
        if (record)
        {
            Events.Add(raw);
        }
        var parsed = _parser.Parse(raw, Time.GetUtcNow());
        if (parsed.Event is not { } e)
        {
            Rejected.Add($"{raw.Type}: {parsed.Reason}");
            return;
        }
        if (e is CaseProgressed step && record)
        {
            var decision = Projection.TryGetCase(step.ReportId, out var c) ? CasePolicy.Check(c, step.Stage) : null;
            if (decision is not { IsAllowed: true })
            {
                PolicyRefusals.Add($"{raw.Type} on {step.ReportId}: {decision?.Rule ?? "unknown case"}");
            }
        }
        if (e.Meta.Ts > Projection.Now)
        {
            Projection.AdvanceTo(e.Meta.Ts);
        }
        var result = Projection.Apply(e);
        if (result.Outcome == ApplyOutcome.Rejected)
        {
            Rejected.Add($"{raw.Type}: {result.Reason}");
            return;
        }
        if (record && e is InstitutionStatusReported status && Projection.TryGetInstitution(status.InstitutionId, out var board))
        {
            if (status.Occupied == board.Occupied && status.Reserved == board.Reserved)
            {
                StatusAgreeing++;
            }
            else
            {
                StatusDisagreeing.Add($"{status.InstitutionId} at {status.Meta.Ts:u}: reported {status.Occupied}+{status.Reserved}, " +
                    $"placements {board.Occupied}+{board.Reserved}");
            }
        }
        Track(e);
    }

    private void Track(DomainEvent e)
    {
        switch (e)
        {
            case PlacementRequested p:
                _placements.TryAdd(p.PlacementId, (PlacementStageSeen.Waiting, p.Meta.Ts));
                break;
            case PlacementAssigned p when _placements.TryGetValue(p.PlacementId, out var seen) && seen.Stage == PlacementStageSeen.Waiting:
                if (p.Meta.Ts - seen.RequestedAt > RuleSettings.Default.PlacementWaitTarget)
                {
                    WaitedPastTarget.Add(p.PlacementId);
                }
                _placements[p.PlacementId] = (PlacementStageSeen.Assigned, seen.RequestedAt);
                break;
            case PlacementAdmitted p when _placements.TryGetValue(p.PlacementId, out var seen):
                _placements[p.PlacementId] = (PlacementStageSeen.Admitted, seen.RequestedAt);
                break;
            case PlacementEnded p:
                _placements.Remove(p.PlacementId);
                break;
            case InstitutionStatusReported s:
                _lastStatus[s.InstitutionId] = s.Meta.Ts > _lastStatus.GetValueOrDefault(s.InstitutionId) ? s.Meta.Ts : _lastStatus[s.InstitutionId];
                break;
        }
    }

    private Sample TakeSample(DateTimeOffset now)
    {
        var snapshot = Projection.Snapshot("21", new ReplayProgress(true, "live", 0, 0));
        var searching = 0;
        foreach (var c in snapshot.OpenCases)
        {
            if (Projection.TryGetCase(c.CaseId, out var state) && state.DoneAt(CaseStage.SearchStarted) is not null
                && state.DoneAt(CaseStage.ChildFound) is null)
            {
                searching++;
            }
        }
        var waiting = _placements.Values.Where(p => p.Stage == PlacementStageSeen.Waiting).ToList();
        foreach (var (id, p) in _placements)
        {
            if (p.Stage == PlacementStageSeen.Waiting && now - p.RequestedAt > RuleSettings.Default.PlacementWaitTarget)
            {
                WaitedPastTarget.Add(id);
            }
        }
        return new Sample(now, snapshot.OpenCases, searching,
            waiting.Count, waiting.Count(p => now - p.RequestedAt > RuleSettings.Default.PlacementWaitTarget),
            _placements.Values.Count(p => p.Stage == PlacementStageSeen.Assigned),
            _placements.Values.Count(p => p.Stage == PlacementStageSeen.Admitted),
            snapshot.Institutions.Count(i => now - _lastStatus.GetValueOrDefault(i.InstitutionId) > RuleSettings.Default.InstitutionStaleAfter),
            snapshot.Institutions.Count(i => !i.Accepting),
            snapshot.Institutions.Count(i => i.Occupied + i.Reserved >= i.Capacity),
            snapshot.Institutions.Count(i => i.Disputed));
    }

    /// <summary>A parsed view of every event of one type.</summary>
    public IEnumerable<DomainEvent> Parsed(string type) =>
        Events.Where(e => e.Type == type).Select(e => _parser.Parse(e, Time.GetUtcNow()).Event).OfType<DomainEvent>();
}

internal enum PlacementStageSeen
{
    Waiting,
    Assigned,
    Admitted,
}

/// <summary>What the boards showed at one instant.</summary>
internal sealed record Sample(DateTimeOffset At, IReadOnlyList<CaseDto> Open, int Searching, int Waiting, int WaitingLate,
    int Assigned, int Admitted, int StaleInstitutions, int NotAccepting, int Full, int Disputed);
