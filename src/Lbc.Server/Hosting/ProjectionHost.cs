using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Server.Hosting;

/// <summary>
/// Owns this instance's projection of the whole log and serialises access to it: the consumer writes,
/// requests and the publisher read under the same lock. Holds the replay progress the UI shows.
/// </summary>
public sealed class ProjectionHost(RegionCatalog regions, RuleSettings rules, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly CommandCenterProjection _projection = new(regions, rules, time.GetUtcNow(), expectedChildren: 64 * 1024);
    private volatile ReplayProgress _progress = new(false, "starting", 0, 0);

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

    /// <summary>Validates and applies a batch read from the log; returns the rejected ones with their reasons.</summary>
    public IReadOnlyList<(RawEvent Event, string Reason)> ApplyBatch(IReadOnlyList<LoggedEvent> batch, out bool reportFiled)
    {
        List<(RawEvent, string)>? rejected = null;
        reportFiled = false;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _projection.AdvanceTo(now);
            foreach (var logged in batch)
            {
                var parsed = Parser.Parse(logged.Event, now);
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
            return _projection.Snapshot(jurisdiction, _progress);
        }
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
