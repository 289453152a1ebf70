using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Cases;

/// <summary>
/// Open emergency cases and their SLA clocks, recently closed cases for the case view, and the township's follow-ups.
/// A priority queue of (case, stage) by due time makes a breach appear on its own, without any event and without
/// scanning the cases; a second queue by eviction time lets closed cases go after the retention the same way.
/// Every event that changes a case adds one timeline entry (and so one version). Single writer.
/// </summary>
/// <remarks>
/// Follow-ups: the township's part of a case (assessment, services; emergency chain step 8) begins with its
/// notification (or its first assessment step or service) and ends when the assessment is completed and every
/// service it asked for is arranged. A case closed by police before that stays a follow-up, findable, its assessment
/// clocks running and its assessment and service events still applied, until the part is finished or
/// <see cref="RuleSettings.FollowUpRetention"/> after the close has passed. Open cases in that state are follow-ups
/// too: the civil-affairs board lists both.
/// </remarks>
internal sealed partial class CaseBook(
    RuleSettings rules,
    Func<DateTimeOffset> clock,
    Action<CaseState> caseChanged,
    Action<CaseState> caseClosed,
    Action<CaseState> followUpChanged,
    Action<CaseState> followUpRemoved)
{
    private readonly Dictionary<string, CaseState> _open = new(StringComparer.Ordinal);

    // Ids of every case ever closed, kept after eviction: a late step or a re-filed report must not reopen it.
    private readonly HashSet<string> _closed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CaseState> _recentlyClosed = new(StringComparer.Ordinal);
    private readonly PriorityQueue<CaseState, DateTimeOffset> _evictions = new();
    private readonly PriorityQueue<(CaseState Case, CaseStage Stage), DateTimeOffset> _clocks = new();

    // Cases whose township part is under way and not finished, open or closed (see remarks).
    private readonly Dictionary<string, CaseState> _followUps = new(StringComparer.Ordinal);
    private readonly PriorityQueue<CaseState, DateTimeOffset> _followUpExpiry = new();

    public IReadOnlyCollection<CaseState> Open => _open.Values;

    public IReadOnlyCollection<CaseState> FollowUps => _followUps.Values;

    public int ClosedCount => _closed.Count;

    public int RecentlyClosedCount => _recentlyClosed.Count;

    public bool TryGetOpen(string reportId, out CaseState state) => _open.TryGetValue(reportId, out state!);

    /// <summary>An open case, a closed one still within the retention, or a closed one still followed up.</summary>
    public bool TryGetCase(string reportId, out CaseState state) =>
        _open.TryGetValue(reportId, out state!) || _recentlyClosed.TryGetValue(reportId, out state!)
        || _followUps.TryGetValue(reportId, out state!);

    public bool TryGetFollowUp(string reportId, out CaseState state) => _followUps.TryGetValue(reportId, out state!);

    public bool IsKnown(string reportId) => _open.ContainsKey(reportId) || _closed.Contains(reportId);

    /// <summary>Opens a case from its report; false when this report id was already filed (a retried report makes no second case).</summary>
    public bool OpenCase(CaseState state, ReportFiled filed)
    {
        if (IsKnown(state.ReportId))
        {
            return false;
        }
        state.Record(TimelineEntry.Of(filed));
        _open.Add(state.ReportId, state);
        foreach (var stage in StageClocks.ClockedStages(state.Category))
        {
            _clocks.Enqueue((state, stage), StageClocks.DueOf(state, stage, rules));
        }
        caseChanged(state);
        return true;
    }

    /// <summary>
    /// Applies event <paramref name="e"/> to an open case; when <paramref name="step"/> reports a change the
    /// event joins the timeline. Steps for a closed case change nothing.
    /// </summary>
    public ApplyResult Apply(DomainEvent e, string reportId, Func<CaseState, bool> step)
    {
        if (!_open.TryGetValue(reportId, out var state))
        {
            return _closed.Contains(reportId)
                ? ApplyResult.NoChange
                : ApplyResult.Reject("data.report_id: not a known report");
        }
        if (!step(state))
        {
            return ApplyResult.NoChange;
        }
        state.Record(TimelineEntry.Of(e));
        if (state.IsClosed)
        {
            _open.Remove(reportId);
            _closed.Add(reportId);
            Retain(state);
            caseClosed(state);
            if (RefreshFollowUp(state))
            {
                _followUpExpiry.Enqueue(state, FollowUpUntil(state));
            }
        }
        else
        {
            caseChanged(state);
            RefreshFollowUp(state);
        }
        return ApplyResult.Applied;
    }

    /// <summary>
    /// Applies a township or intervention event (<c>assessment.*</c>, <c>service.arranged</c>,
    /// <c>intervention.recorded</c>): to an open case as <see cref="Apply"/>, and also to a closed case still findable
    /// (recently closed or followed up), whose timeline it joins. A case closed and gone from memory changes nothing.
    /// </summary>
    public ApplyResult ApplyAfterClose(DomainEvent e, string reportId, Func<CaseState, bool> step)
    {
        if (_open.ContainsKey(reportId))
        {
            return Apply(e, reportId, step);
        }
        if (!_recentlyClosed.TryGetValue(reportId, out var state) && !_followUps.TryGetValue(reportId, out state))
        {
            return _closed.Contains(reportId)
                ? ApplyResult.NoChange
                : ApplyResult.Reject("data.report_id: not a known report");
        }
        if (!step(state))
        {
            return ApplyResult.NoChange;
        }
        state.Record(TimelineEntry.Of(e));
        RefreshFollowUp(state);
        return ApplyResult.Applied;
    }

    /// <summary>
    /// An event about a case that is not the case's own (a placement requested for it): it joins an open
    /// case's timeline. Unknown or closed cases are not an error here; the event stands on its own.
    /// </summary>
    public void Note(DomainEvent e, string reportId)
    {
        if (_open.TryGetValue(reportId, out var state))
        {
            state.Record(TimelineEntry.Of(e));
            caseChanged(state);
            RefreshFollowUp(state);
        }
    }

    public ApplyResult Progress(CaseProgressed e) => Apply(e, e.ReportId, c =>
    {
        if (e.Stage == CaseStage.ParentsContacted)
        {
            return ContactParents(c, e);
        }
        if (!c.MarkDone(e.Stage, e.Meta.Ts))
        {
            return false; // a repeated step changes nothing, not even its details: the first one stands
        }
        switch (e.Stage)
        {
            case CaseStage.ChildEscorted:
                c.EscortedTo = e.EscortedTo;
                c.EscortInstitutionId = e.InstitutionId;
                break;
            case CaseStage.Closed:
                c.Outcome = e.Outcome;
                break;
            case CaseStage.TownshipNotified:
                // The township's clocks now run from the real notification time.
                _clocks.Enqueue((c, CaseStage.AssessmentOpened), StageClocks.DueOf(c, CaseStage.AssessmentOpened, rules));
                _clocks.Enqueue((c, CaseStage.AssessmentCompleted), StageClocks.DueOf(c, CaseStage.AssessmentCompleted, rules));
                break;
        }
        return true;
    });

    /// <summary>
    /// The first attempt stops the stage's clock. Until the parents are reached every attempt is recorded
    /// (police keep trying, emergency chain step 4, and the case view shows each try); once reached, later
    /// contacts change nothing.
    /// </summary>
    private static bool ContactParents(CaseState c, CaseProgressed e)
    {
        if (c.ParentsReached == true)
        {
            return false;
        }
        c.MarkDone(CaseStage.ParentsContacted, e.Meta.Ts);
        c.ParentsReached = e.ParentsReached == true;
        return true;
    }

    /// <summary>
    /// Reports every open case whose clock ran out up to <paramref name="now"/> (and every follow-up whose assessment
    /// clock did), forgets closed cases past the retention and ends follow-ups past theirs.
    /// </summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        while (_clocks.TryPeek(out var entry, out var due) && due < now)
        {
            _clocks.Dequeue();
            var (state, stage) = entry;
            if (StageClocks.Evaluate(state, stage, rules, now).State != ClockState.Breached)
            {
                continue;
            }
            if (!state.IsClosed && _open.ContainsKey(state.ReportId))
            {
                caseChanged(state);
            }
            if (_followUps.TryGetValue(state.ReportId, out var followed) && ReferenceEquals(followed, state))
            {
                followUpChanged(state);
            }
        }
        while (_evictions.TryPeek(out var closed, out var evictAt) && evictAt <= now)
        {
            _evictions.Dequeue();
            _recentlyClosed.Remove(closed.ReportId);
        }
        while (_followUpExpiry.TryPeek(out var closed, out var until) && until <= now)
        {
            _followUpExpiry.Dequeue();
            if (_followUps.Remove(closed.ReportId))
            {
                followUpRemoved(closed);
            }
        }
    }

    /// <summary>When a closed case stops being followed up whatever its state.</summary>
    public DateTimeOffset FollowUpUntil(CaseState closed) => closed.DoneAt(CaseStage.Closed)!.Value + rules.FollowUpRetention;

    private void Retain(CaseState closed)
    {
        _recentlyClosed[closed.ReportId] = closed;
        _evictions.Enqueue(closed, closed.DoneAt(CaseStage.Closed)!.Value + rules.ClosedCaseRetention);
    }

    /// <summary>Whether the case's township part is under way and unfinished (and, once closed, within the retention).</summary>
    private bool IsFollowUp(CaseState c) =>
        c.TownshipStarted && !c.TownshipDone && (!c.IsClosed || FollowUpUntil(c) > clock());

    /// <summary>Puts a changed case on, or takes it off, the follow-up list and reports it; true when it is on.</summary>
    private bool RefreshFollowUp(CaseState c)
    {
        if (IsFollowUp(c))
        {
            _followUps[c.ReportId] = c;
            followUpChanged(c);
            return true;
        }
        if (_followUps.Remove(c.ReportId))
        {
            followUpRemoved(c);
        }
        return false;
    }
}
