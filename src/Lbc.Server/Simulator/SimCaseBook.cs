using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Server.Simulator;

/// <summary>
/// The cases as the simulator knows them: its own reports and every step it recorded on them, applied by the
/// domain's own rules to a private read model, so <see cref="CasePolicy.Check(CaseState, string)"/> judges a
/// simulated officer's next step against exactly the <see cref="CaseState"/> a dashboard command would be judged
/// against. Every event is parsed by the same <see cref="EventParser"/> as the consumer's before it is kept: a step
/// that would not parse or apply never reaches the log.
/// </summary>
internal sealed class SimCaseBook(RegionCatalog regions, DateTimeOffset now)
{
    // Only the cases matter here: closed ones are kept a day (a late placement end or petition may still name them).
    private readonly CommandCenterProjection _cases = new(regions, RuleSettings.Default with { ClosedCaseRetention = TimeSpan.FromDays(1) },
        now, expectedChildren: 16, duplicateWindow: 4_096);

    private readonly EventParser _parser = new(regions);

    /// <summary>The parser the book checks with (also for events that do not belong to a case).</summary>
    public EventParser Parser => _parser;

    /// <summary>The case, open or closed within a day; null when unknown.</summary>
    public CaseState? Find(string reportId) => _cases.TryGetCase(reportId, out var c) ? c : null;

    /// <summary>Whether a police step of <paramref name="type"/> may be recorded on the case now; refused for an unknown case.</summary>
    public PolicyDecision Check(string reportId, string type) =>
        Find(reportId) is { } c
            ? CasePolicy.Check(c, type)
            : new PolicyDecision(CaseStage.Received, PolicyVerdict.NotValidInState, "unknown-case", $"{reportId} is not a known case", null);

    /// <summary>Parses an event; null with the reason when it would be dead-lettered by the consumer.</summary>
    public DomainEvent? Parse(RawEvent e, out string? reason)
    {
        var parsed = _parser.Parse(e, EventTimestamps.TryParse(e.Ts, out var ts) ? ts : now);
        reason = parsed.IsValid ? null : parsed.Reason;
        return parsed.Event;
    }

    /// <summary>
    /// Applies an event about a case (a report, a step, an assessment, a placement request naming it); other events,
    /// placement requests that name no case among them (they would only pile up here), are ignored. Returns the reason
    /// when the event would be rejected.
    /// </summary>
    public string? Record(DomainEvent e)
    {
        if (e is not (ReportFiled or CaseProgressed or AssessmentOpened or AssessmentCompleted or ServiceArranged
            or InterventionRecorded or PlacementRequested { ReportId: not null }))
        {
            return null;
        }
        if (e.Meta.Ts > _cases.Now)
        {
            _cases.AdvanceTo(e.Meta.Ts);
        }
        var result = _cases.Apply(e);
        return result.Outcome == ApplyOutcome.Rejected ? result.Reason : null;
    }

    /// <summary>
    /// Another producer's event (a duty officer's step on a simulated case, the placement it brought): applied when it is
    /// about a case the book knows, ignored otherwise.
    /// </summary>
    public void Observe(RawEvent e)
    {
        if ((e.Type.StartsWith("case.", StringComparison.Ordinal) || e.Type == EventTypes.PlacementRequested) && Parse(e, out _) is { } parsed)
        {
            Record(parsed);
        }
    }

    /// <summary>Lets closed cases go after the retention.</summary>
    public void AdvanceTo(DateTimeOffset at) => _cases.AdvanceTo(at);
}
