using Lbc.Domain.Events;
using Lbc.Domain.Projection;

namespace Lbc.Domain.Alerts;

/// <summary>
/// Open alerts, and resolved ones for <see cref="AlertSettings.Retention"/> (the leading group's figures), with what users
/// did about them. Raising is idempotent by id: an open alert is never raised twice, a resolved one is reopened (its
/// acknowledgement and mute start over). Time-driven work goes through priority queues (escalation, mute expiry, the
/// end of the retention), so a tick costs only what came due. The rules themselves live with the projection's state
/// (<see cref="CommandCenterProjection"/>, Alerts part); this holds the alerts and their lifecycle. Single writer.
/// </summary>
internal sealed partial class AlertBook(AlertSettings settings, Action<AlertState> changed, Action<AlertState> ended)
{
    /// <summary>Days of overdue-rate samples kept per township (enough for a rise over up to this many days less one).</summary>
    public const int RateHistoryDays = 32;

    private readonly Dictionary<string, AlertState> _alerts = new(StringComparer.Ordinal);

    // Open SLA alerts by case: a case event looks up its own alerts without building ids.
    private readonly Dictionary<string, List<AlertState>> _openByCase = new(StringComparer.Ordinal);

    // Acknowledgements and mutes that arrived before this instance raised the alert (another instance's clock was ahead).
    private readonly Dictionary<string, List<DomainEvent>> _early = new(StringComparer.Ordinal);

    private readonly PriorityQueue<AlertState, DateTimeOffset> _escalations = new();
    private readonly PriorityQueue<AlertState, DateTimeOffset> _muteEnds = new();
    private readonly PriorityQueue<AlertState, DateTimeOffset> _forget = new();

    public AlertSettings Settings => settings;

    public IReadOnlyCollection<AlertState> All => _alerts.Values;

    /// <summary>Set whenever the leading group's figures may have moved (raised, acknowledged, forgotten).</summary>
    public bool FiguresMoved { get; set; }

    public bool TryGet(string id, out AlertState alert) => _alerts.TryGetValue(id, out alert!);

    public IReadOnlyList<AlertState> OpenOfCase(string caseId) =>
        _openByCase.TryGetValue(caseId, out var list) ? list : [];

    /// <summary>
    /// Raises alert <paramref name="id"/> at <paramref name="at"/>, or reopens it when resolved; null when it is open
    /// already (raised once). Acknowledgements and mutes that came early are applied now.
    /// </summary>
    public AlertState? Raise(string id, AlertRule rule, string regionCode, string ownerRegion, DateTimeOffset at,
        Func<AlertState> create)
    {
        if (_alerts.TryGetValue(id, out var alert))
        {
            if (alert.IsOpen)
            {
                return null;
            }
            alert.ResolvedAt = null;
            alert.RaisedAt = at;
            alert.Level = 0;
            alert.AcknowledgedAt = null;
            alert.AcknowledgedBy = null;
            alert.MutedUntil = null;
            alert.MutedBy = null;
            alert.MuteReason = null;
            alert.Version++;
        }
        else
        {
            alert = create();
            _alerts.Add(id, alert);
        }
        Track(alert);
        if (_early.Remove(id, out var early))
        {
            foreach (var e in early)
            {
                Act(alert, e);
            }
        }
        FiguresMoved = true;
        changed(alert);
        return alert;
    }

    /// <summary>
    /// The condition ended: the alert leaves every bell; kept for the figures until the retention ends. Ended at or before
    /// it was raised (a stage done on time, a report that was in) means the condition never held in the log's time: the
    /// clock had run ahead of the events, as while the log replays at start. Such an alert is forgotten at once, so a
    /// restarted instance counts what a live one counted.
    /// </summary>
    public void Resolve(AlertState alert, DateTimeOffset at)
    {
        if (!alert.IsOpen)
        {
            return;
        }
        alert.ResolvedAt = at;
        alert.Version++;
        if (alert.CaseId is not null && _openByCase.TryGetValue(alert.CaseId, out var list))
        {
            list.Remove(alert);
            if (list.Count == 0)
            {
                _openByCase.Remove(alert.CaseId);
            }
        }
        if (at <= alert.RaisedAt)
        {
            _alerts.Remove(alert.Id);
            FiguresMoved = true;
        }
        else
        {
            _forget.Enqueue(alert, at + settings.Retention);
        }
        ended(alert);
    }

    /// <summary><c>alert.acknowledged</c>: the first one stands (a second changes nothing; the command answers 409 before).</summary>
    public ApplyResult Apply(DomainEvent e, string alertId)
    {
        if (!_alerts.TryGetValue(alertId, out var alert))
        {
            // Valid and on the log: kept until this instance raises the alert (its clock may be behind the sender's).
            if (!_early.TryGetValue(alertId, out var list))
            {
                _early[alertId] = list = [];
            }
            list.Add(e);
            return ApplyResult.Applied;
        }
        return Act(alert, e) ? ApplyResult.Applied : ApplyResult.NoChange;
    }

    private bool Act(AlertState alert, DomainEvent e)
    {
        switch (e)
        {
            case AlertAcknowledged a:
                if (alert.AcknowledgedAt is not null)
                {
                    return false;
                }
                alert.AcknowledgedAt = a.Meta.Ts;
                alert.AcknowledgedBy = a.Meta.Actor;
                // The level is what it had reached when acknowledged in the log's time: an instance whose clock ran ahead
                // of the events (replaying at start) escalated too far and comes back to what a live instance shows.
                alert.Level = Math.Min(alert.Level, LevelAt(alert, a.Meta.Ts));
                FiguresMoved = true;
                break;
            case AlertMuted m:
                alert.MutedUntil = m.Until;
                alert.MutedBy = m.Meta.Actor;
                alert.MuteReason = m.Reason;
                _muteEnds.Enqueue(alert, m.Until);
                break;
            default:
                return false;
        }
        alert.Version++;
        if (alert.IsOpen)
        {
            changed(alert);
        }
        return true;
    }

    /// <summary>Escalates what stayed unacknowledged, lifts mutes that ran out, forgets what is past the retention.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        while (_escalations.TryPeek(out var alert, out var due) && due <= now)
        {
            _escalations.Dequeue();
            if (alert.IsOpen && alert.AcknowledgedAt is null && alert.CanEscalate && EscalationDue(alert) == due)
            {
                alert.Level++;
                alert.Version++;
                changed(alert);
                if (alert.CanEscalate)
                {
                    _escalations.Enqueue(alert, EscalationDue(alert));
                }
            }
        }
        while (_muteEnds.TryPeek(out var alert, out var until) && until <= now)
        {
            _muteEnds.Dequeue();
            if (alert.IsOpen && alert.MutedUntil == until)
            {
                changed(alert); // back on the bell
            }
        }
        while (_forget.TryPeek(out var alert, out var at) && at <= now)
        {
            _forget.Dequeue();
            if (!alert.IsOpen && alert.ResolvedAt + settings.Retention == at)
            {
                _alerts.Remove(alert.Id);
                FiguresMoved = true;
            }
        }
    }

    /// <summary>How many escalation intervals had passed since the raise at <paramref name="at"/> (0 before the first).</summary>
    private int LevelAt(AlertState alert, DateTimeOffset at) =>
        at <= alert.RaisedAt ? 0 : (int)Math.Min(int.MaxValue, (at - alert.RaisedAt).Ticks / settings.EscalateAfter.Ticks);

    /// <summary>The next level is due one escalation interval per level after the raise (30 min: city, 60 min: province).</summary>
    private DateTimeOffset EscalationDue(AlertState alert) => alert.RaisedAt + settings.EscalateAfter * (alert.Level + 1);

    /// <summary>Indexes an open alert and queues its time-driven changes (also after a snapshot is restored).</summary>
    private void Track(AlertState alert)
    {
        if (alert.CaseId is not null)
        {
            if (!_openByCase.TryGetValue(alert.CaseId, out var list))
            {
                _openByCase[alert.CaseId] = list = [];
            }
            list.Add(alert);
        }
        if (alert.AcknowledgedAt is null && alert.CanEscalate)
        {
            _escalations.Enqueue(alert, EscalationDue(alert));
        }
        if (alert.MutedUntil is { } until)
        {
            _muteEnds.Enqueue(alert, until);
        }
    }
}
