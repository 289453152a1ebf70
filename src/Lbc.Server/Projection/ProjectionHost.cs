using Lbc.Contracts;
using Lbc.Domain.Alerts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;
using Lbc.EventLog;

namespace Lbc.Server.Projection;

/// <summary>
/// Owns this instance's projection of the whole log and serialises access to it: the consumer applies, every
/// reader (the feed, the APIs, the hub, the history writer) reads under the same lock through <see cref="Read"/>.
/// Holds the read position and the replay progress the UI shows. Knows nothing of scopes or clients.
/// </summary>
public sealed partial class ProjectionHost(RegionCatalog regions, RuleSettings rules, TimeProvider time,
    int auditLines = CommandCenterProjection.DefaultAuditLines, AlertSettings? alerts = null)
{
    private readonly Lock _gate = new();
    private CommandCenterProjection _projection = NewProjection(regions, rules, time, auditLines, alerts);
    private volatile ReplayProgress _progress = new(false, "starting", 0, 0);
    private readonly List<(LogPosition Position, TaskCompletionSource Applied)> _waiters = [];

    public RegionCatalog Regions => regions;

    public RuleSettings Rules => rules;

    public ReplayProgress Progress => _progress;

    /// <summary>Position of the last event applied from the log.</summary>
    public LogPosition Position { get; private set; }

    public void SetProgress(ReplayProgress progress) => _progress = progress;

    /// <summary>
    /// Raised (on the consumer's thread, after the lock is released) when something must reach the screens at once:
    /// a report was filed, or the replay just finished. The feed listens; the projection knows nothing of it.
    /// </summary>
    public event Action? Urgent;

    public void RaiseUrgent() => Urgent?.Invoke();

    /// <summary>Durations ended by applied events, for the history writer.</summary>
    public DurationTap Durations { get; } = new();

    /// <summary>Personal-data keys to keep or to start expiring, for the retention service.</summary>
    public PersonalTap Personal { get; } = new();

    /// <summary>Reads the projection under the lock, its clock first moved to now (breaches and overdue visits are current).</summary>
    public T Read<T>(Func<CommandCenterProjection, T> read)
    {
        lock (_gate)
        {
            _projection.AdvanceTo(time.GetUtcNow());
            return read(_projection);
        }
    }

    /// <summary>
    /// Applies a batch parsed by <see cref="EventValidator.ParseBatch"/>, in log order; returns the rejected ones with their
    /// reasons. <paramref name="urgent"/> says the batch holds something screens must show at once: a new report, or a
    /// step a user just recorded (every instance applies it, so each pushes it to its own connections).
    /// </summary>
    public IReadOnlyList<(RawEvent Event, string Reason)> ApplyParsed(IReadOnlyList<LoggedEvent> batch, ParseResult[] parsedBatch, out bool urgent)
    {
        List<(RawEvent, string)>? rejected = null;
        urgent = false;
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
                if (applied is { Outcome: ApplyOutcome.Applied } && _projection.PersonalLifecycle(parsed.Event!) is { } personal)
                {
                    Personal.Publish(personal);
                }
                if (reason is not null)
                {
                    (rejected ??= []).Add((logged.Event, reason));
                }
                else if (parsed.Event is ReportFiled || IsUserStep(logged.Event))
                {
                    urgent = true;
                }
                Position = logged.Position;
            }
            ReleaseWaiters();
        }
        return rejected ?? (IReadOnlyList<(RawEvent, string)>)[];
    }

    /// <summary>A command's event (case and placement steps); audit lines are the dashboard's too but change no screen.</summary>
    private static bool IsUserStep(RawEvent e) =>
        e.Src == CommandRoutes.DashboardSource && e.Type != EventTypes.AuditRecorded;

    /// <summary>
    /// Completes once the projection has applied the log up to <paramref name="position"/> (a command waits for its own
    /// event, so its answer carries the version the screens will show); false when that took longer than <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitUntilAppliedAsync(LogPosition position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource applied;
        lock (_gate)
        {
            if (Position >= position)
            {
                return true;
            }
            applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((position, applied));
        }
        try
        {
            await applied.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Applied == applied);
            }
            return false;
        }
    }

    private void ReleaseWaiters()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (Position >= _waiters[i].Position)
            {
                _waiters[i].Applied.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// During a replay: drops the pending changes instead of draining them (nobody is sent content before the
    /// replay is done; every client resynchronises from a snapshot then). Returns the projection's clock.
    /// </summary>
    public DateTimeOffset DiscardChanges() => Read(p =>
    {
        p.DiscardChanges();
        return p.Now;
    });

    /// <summary>The case-level read model of a jurisdiction, unnumbered (the caller sets the scope's sequence).</summary>
    public DashboardSnapshot Snapshot(string jurisdiction) => Read(p => p.Snapshot(jurisdiction, _progress));

    public ProjectionCounters Counters()
    {
        lock (_gate)
        {
            return new ProjectionCounters(_projection.EventsApplied, _projection.DuplicatesIgnored,
                _projection.EventsRejected, _projection.ActiveChildren);
        }
    }
}

public sealed record ProjectionCounters(long Applied, long Duplicates, long Rejected, int ActiveChildren);
