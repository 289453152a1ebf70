using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Cases;

/// <summary>
/// Open emergency cases and their SLA clocks. A priority queue of (case, stage) by due time makes a
/// breach appear on its own, without any event and without scanning the cases. Single writer.
/// </summary>
internal sealed partial class CaseBook(RuleSettings rules, Action<string> caseChanged, Action<string> caseClosed)
{
    private readonly Dictionary<string, CaseState> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _closed = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(CaseState Case, CaseStage Stage), DateTimeOffset> _clocks = new();

    public IReadOnlyCollection<CaseState> Open => _open.Values;

    public int ClosedCount => _closed.Count;

    public bool TryGetOpen(string reportId, out CaseState state) => _open.TryGetValue(reportId, out state!);

    public bool IsKnown(string reportId) => _open.ContainsKey(reportId) || _closed.Contains(reportId);

    /// <summary>Opens a case; false when this report id was already filed (a retried report makes no second case).</summary>
    public bool OpenCase(CaseState state)
    {
        if (IsKnown(state.ReportId))
        {
            return false;
        }
        _open.Add(state.ReportId, state);
        foreach (var stage in StageClocks.ClockedStages(state.Category))
        {
            _clocks.Enqueue((state, stage), StageClocks.DueOf(state, stage, rules));
        }
        caseChanged(state.ReportId);
        return true;
    }

    /// <summary>Applies a step to an open case. Steps for a closed case change nothing.</summary>
    public ApplyResult Apply(string reportId, Func<CaseState, bool> step)
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
        if (state.IsClosed)
        {
            _open.Remove(reportId);
            _closed.Add(reportId);
            caseClosed(reportId);
        }
        else
        {
            caseChanged(reportId);
        }
        return ApplyResult.Applied;
    }

    public ApplyResult Progress(CaseProgressed e) => Apply(e.ReportId, c =>
    {
        var changed = c.MarkDone(e.Stage, e.Meta.Ts);
        if (e.Stage == CaseStage.ParentsContacted && e.ParentsReached is bool reached)
        {
            // A later successful contact matters even though the stage's clock stopped at the first try.
            changed |= c.ParentsReached != reached && (c.ParentsReached is null || reached);
            c.ParentsReached = c.ParentsReached == true || reached;
        }
        if (e.Stage == CaseStage.ChildEscorted)
        {
            c.EscortedTo = e.EscortedTo;
            c.EscortInstitutionId = e.InstitutionId;
        }
        if (e.Stage == CaseStage.Closed)
        {
            c.Outcome = e.Outcome;
        }
        if (changed && e.Stage == CaseStage.TownshipNotified)
        {
            // The township's clocks now run from the real notification time.
            _clocks.Enqueue((c, CaseStage.AssessmentOpened), StageClocks.DueOf(c, CaseStage.AssessmentOpened, rules));
            _clocks.Enqueue((c, CaseStage.AssessmentCompleted), StageClocks.DueOf(c, CaseStage.AssessmentCompleted, rules));
        }
        return changed;
    });

    /// <summary>Reports every open case whose clock ran out up to <paramref name="now"/>.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        while (_clocks.TryPeek(out var entry, out var due) && due < now)
        {
            _clocks.Dequeue();
            var (state, stage) = entry;
            if (!state.IsClosed && _open.ContainsKey(state.ReportId)
                && StageClocks.Evaluate(state, stage, rules, now).State == ClockState.Breached)
            {
                caseChanged(state.ReportId);
            }
        }
    }
}
