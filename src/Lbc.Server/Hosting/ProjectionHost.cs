using Lbc.Contracts;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;
using Lbc.Server.Access;

namespace Lbc.Server.Hosting;

/// <summary>
/// Owns this instance's projection of the whole log and serialises access to it: the consumer writes,
/// requests and the publisher read under the same lock. Holds the replay progress the UI shows.
/// </summary>
public sealed partial class ProjectionHost(RegionCatalog regions, RuleSettings rules, TimeProvider time)
{
    private readonly Lock _gate = new();
    private CommandCenterProjection _projection = NewProjection(regions, rules, time);
    private volatile ReplayProgress _progress = new(false, "starting", 0, 0);
    // Township and category of every open case a client could hold (seen in a drained delta or a snapshot),
    // so a removal goes only to the scopes that had the case, and the leading group's counts need no CaseDto.
    private readonly Dictionary<string, (string TownshipCode, string Category)> _openCases = new(StringComparer.Ordinal);
    // Set when changes were discarded during a replay: _openCases then misses cases, and is rebuilt from the projection once.
    private bool _openCasesStale;

    public RegionCatalog Regions => regions;

    public EventParser Parser { get; } = new(regions);

    public ReplayProgress Progress => _progress;

    /// <summary>Position of the last event applied from the log.</summary>
    public LogPosition Position { get; private set; }

    public void SetProgress(ReplayProgress progress) => _progress = progress;

    /// <summary>Durations ended by applied events, for the history writer (Metrics/DurationTap.cs).</summary>
    public Metrics.DurationTap Durations { get; } = new();

    /// <summary>All township figures and institutions in one pass, for the per-minute history writer.</summary>
    public FiguresCapture CaptureFigures()
    {
        lock (_gate)
        {
            _projection.AdvanceTo(time.GetUtcNow());
            return _projection.CaptureFigures();
        }
    }

    /// <summary>
    /// Parses and validates a batch read from the log. Needs no projection state and no lock (EventParser is
    /// stateless), so a large page is parsed on all cores, and the consumer parses the next page while it
    /// applies the current one.
    /// </summary>
    public ParseResult[] ParseBatch(IReadOnlyList<LoggedEvent> batch)
    {
        var now = time.GetUtcNow();
        var parsed = new ParseResult[batch.Count];
        const int Chunk = 512;
        if (batch.Count < 2 * Chunk)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                parsed[i] = ParseOne(batch[i].Event, now);
            }
            return parsed;
        }
        Parallel.For(0, (batch.Count + Chunk - 1) / Chunk, chunk =>
        {
            var end = Math.Min(batch.Count, (chunk + 1) * Chunk);
            for (var i = chunk * Chunk; i < end; i++)
            {
                parsed[i] = ParseOne(batch[i].Event, now);
            }
        });
        return parsed;
    }

    /// <summary>
    /// The parser reports bad input as reasons and should never throw; if a bug makes it throw on some event,
    /// that event is dead-lettered with the exception's type instead of stopping the consumer for every event after it.
    /// </summary>
    private ParseResult ParseOne(RawEvent raw, DateTimeOffset now)
    {
        try
        {
            return Parser.Parse(raw, now);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ParseResult.Invalid($"could not be validated ({ex.GetType().Name}); kept for inspection");
        }
    }

    /// <summary>Applies a batch parsed by <see cref="ParseBatch"/>, in log order; returns the rejected ones with their reasons.</summary>
    public IReadOnlyList<(RawEvent Event, string Reason)> ApplyParsed(IReadOnlyList<LoggedEvent> batch, ParseResult[] parsedBatch, out bool reportFiled)
    {
        List<(RawEvent, string)>? rejected = null;
        reportFiled = false;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _projection.AdvanceTo(now);
            for (var i = 0; i < batch.Count; i++)
            {
                var logged = batch[i];
                var parsed = parsedBatch[i];
                // History: read the duration this event ends before applying it; keep it only if it applied.
                var duration = parsed.IsValid ? _projection.DurationEndedBy(parsed.Event!) : null;
                var applied = parsed.IsValid ? _projection.Apply(parsed.Event!) : (ApplyResult?)null;
                var reason = applied is { Outcome: ApplyOutcome.Rejected } r ? r.Reason : parsed.IsValid ? null : parsed.Reason;
                if (duration is not null && applied is { Outcome: ApplyOutcome.Applied })
                {
                    Durations.Publish(duration);
                }
                if (reason is not null)
                {
                    (rejected ??= []).Add((logged.Event, reason));
                }
                else if (parsed.Event is ReportFiled)
                {
                    reportFiled = true;
                }
                Position = logged.Position;
            }
        }
        return rejected ?? (IReadOnlyList<(RawEvent, string)>)[];
    }

    public void Tick()
    {
        lock (_gate)
        {
            _projection.AdvanceTo(time.GetUtcNow());
        }
    }

    /// <summary>
    /// During a replay: drops the pending changes instead of draining them (nobody is sent content before
    /// the replay is done; every client resynchronises from a snapshot then). Returns the projection's clock.
    /// </summary>
    public DateTimeOffset DiscardChanges()
    {
        lock (_gate)
        {
            _projection.DiscardDelta();
            _openCasesStale = true;
            return _projection.Now;
        }
    }

    private void RebuildOpenCasesIfStale()
    {
        if (!_openCasesStale)
        {
            return;
        }
        // A superset of what clients hold is harmless: a removal for a case a scope never had is ignored.
        _openCases.Clear();
        foreach (var (caseId, townshipCode, category) in _projection.OpenCaseKeys())
        {
            _openCases[caseId] = (townshipCode, category);
        }
        _openCasesStale = false;
    }

    /// <summary>Drains the pending changes as hub-sized batches (each its own sequence number).</summary>
    public IReadOnlyList<DeltaBatch> DrainDeltas(bool includeProgress)
    {
        var batches = new List<DeltaBatch>();
        lock (_gate)
        {
            var progress = includeProgress ? _progress : null;
            while (_projection.DrainDelta(progress) is { } batch)
            {
                batches.Add(batch);
                progress = null;
            }
        }
        return batches;
    }

    public DashboardSnapshot Snapshot(string jurisdiction)
    {
        lock (_gate)
        {
            _projection.AdvanceTo(time.GetUtcNow());
            var snapshot = _projection.Snapshot(jurisdiction, _progress);
            foreach (var c in snapshot.OpenCases)
            {
                _openCases[c.CaseId] = (c.TownshipCode, c.Category);
            }
            return snapshot;
        }
    }

    /// <summary>The leading group's read model of a jurisdiction: counters and case counts, no identities.</summary>
    public AggregateSnapshot AggregateSnapshot(string jurisdiction)
    {
        lock (_gate)
        {
            var snapshot = Snapshot(jurisdiction);
            return ScopePolicy.ToAggregate(snapshot, CaseCountsLocked(jurisdiction));
        }
    }

    /// <summary>Where an open case is, for hub methods that act on a case id.</summary>
    public bool TryGetOpenCase(string caseId, out string townshipCode)
    {
        lock (_gate)
        {
            RebuildOpenCasesIfStale();
            var found = _openCases.TryGetValue(caseId, out var c);
            townshipCode = c.TownshipCode;
            return found;
        }
    }

    /// <summary>
    /// Drains every pending change as one province-wide <see cref="ChangeSet"/> and computes, under the same
    /// lock, what <paramref name="scopes"/> need beyond it: indicators per jurisdiction (when they moved) and
    /// the leading group's case counts (when a case changed).
    /// </summary>
    public ChangeSet DrainChanges(bool includeProgress, IReadOnlyCollection<Scope> scopes)
    {
        var cases = new Dictionary<string, CaseDto>(StringComparer.Ordinal);
        var removed = new Dictionary<string, RemovedCase>(StringComparer.Ordinal);
        var institutions = new Dictionary<string, InstitutionDto>(StringComparer.Ordinal);
        var townships = new Dictionary<string, TownshipStatsDto>(StringComparer.Ordinal);
        var indicatorsMoved = false;
        ReplayProgress? progress = null;
        lock (_gate)
        {
            RebuildOpenCasesIfStale();
            var pendingProgress = includeProgress ? _progress : null;
            progress = pendingProgress;
            while (_projection.DrainDelta(pendingProgress) is { } batch)
            {
                pendingProgress = null;
                foreach (var c in batch.Cases)
                {
                    cases[c.CaseId] = c;
                    removed.Remove(c.CaseId);
                    _openCases[c.CaseId] = (c.TownshipCode, c.Category);
                }
                foreach (var id in batch.CasesRemoved)
                {
                    cases.Remove(id);
                    // A case opened and closed between two drains was never sent anywhere: nobody needs its removal.
                    if (_openCases.Remove(id, out var where))
                    {
                        removed[id] = new RemovedCase(id, where.TownshipCode);
                    }
                }
                foreach (var i in batch.Institutions)
                {
                    institutions[i.InstitutionId] = i;
                }
                foreach (var t in batch.Townships)
                {
                    townships[t.Code] = t;
                }
                indicatorsMoved |= batch.Indicators is not null;
            }
            var indicators = new Dictionary<string, IndicatorsDto>(StringComparer.Ordinal);
            var caseCounts = new Dictionary<string, IReadOnlyList<CaseCountDto>>(StringComparer.Ordinal);
            var casesMoved = cases.Count > 0 || removed.Count > 0;
            foreach (var scope in scopes)
            {
                if (indicatorsMoved && !indicators.ContainsKey(scope.Jurisdiction))
                {
                    indicators[scope.Jurisdiction] = _projection.IndicatorsFor(scope.Jurisdiction);
                }
                if (casesMoved && scope.View == ScopeView.Aggregates && !caseCounts.ContainsKey(scope.Jurisdiction))
                {
                    caseCounts[scope.Jurisdiction] = CaseCountsLocked(scope.Jurisdiction);
                }
            }
            return new ChangeSet(_projection.Now, [.. cases.Values], [.. removed.Values], [.. institutions.Values],
                [.. townships.Values], indicators, caseCounts, progress);
        }
    }

    private IReadOnlyList<CaseCountDto> CaseCountsLocked(string jurisdiction)
    {
        RebuildOpenCasesIfStale();
        return ScopePolicy.CaseCounts(jurisdiction, _openCases.Values, regions, CaseVocabulary.Categories.Words);
    }

    public ProjectionCounters Counters()
    {
        lock (_gate)
        {
            return new ProjectionCounters(_projection.EventsApplied, _projection.DuplicatesIgnored,
                _projection.EventsRejected, _projection.ActiveChildren, _projection.Sequence);
        }
    }
}

public sealed record ProjectionCounters(long Applied, long Duplicates, long Rejected, int ActiveChildren, long Sequence);
