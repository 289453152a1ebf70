using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;

namespace Lbc.Domain.Projection;

/// <summary>
/// The township's part of a case (assessment and services, emergency chain step 8), which goes on after the police
/// close: applying its events, and the follow-up list of the civil-affairs board.
/// </summary>
public sealed partial class CommandCenterProjection
{
    /// <summary>
    /// The township follow-ups of a jurisdiction: cases (open, or closed by police within
    /// <see cref="Rules.RuleSettings.FollowUpRetention"/>) whose township was notified and whose assessment is not
    /// completed or whose asked-for services are not all arranged. Overdue first, then by the next due instant.
    /// </summary>
    public IReadOnlyList<FollowUpDto> FollowUps(string jurisdiction)
    {
        var list = new List<FollowUpDto>();
        foreach (var c in _cases.FollowUps)
        {
            if (RegionCodes.Contains(jurisdiction, c.TownshipCode))
            {
                list.Add(ToFollowUp(c));
            }
        }
        list.Sort(CompareFollowUps);
        return list;
    }

    /// <summary>The township's part of one case (findable: open, recently closed or followed up), finished or not; null when unknown.</summary>
    public FollowUpDto? FollowUp(string caseId) => _cases.TryGetCase(caseId, out var c) ? ToFollowUp(c) : null;

    private ApplyResult ProgressCase(CaseProgressed e)
    {
        var result = _cases.Progress(e);
        if (result.Outcome == ApplyOutcome.Applied && e.Stage == CaseStage.Closed
            && CareVocabulary.LeadingWord(e.Outcome) == CareVocabulary.SeriousHarmByGuardian
            && _cases.TryGetCase(e.ReportId, out var c))
        {
            _interventions.Flag(RevocationReason.ClosedSeriousHarmByGuardian, e.Meta.Ts, c.ReportId, c.ChildId,
                CaseVocabulary.Categories.WordOf(c.Category));
        }
        return result;
    }

    private ApplyResult CompleteAssessment(AssessmentCompleted a)
    {
        CaseState? assessed = null;
        var result = _cases.ApplyAfterClose(a, a.ReportId, c =>
        {
            if (c.DoneAt(CaseStage.AssessmentCompleted) is not null)
            {
                return false; // the first assessment stands: its risk and services are what the timeline shows
            }
            c.MarkDone(CaseStage.AssessmentOpened, a.Meta.Ts);
            c.Risk = a.Risk;
            foreach (var service in a.Services)
            {
                if (!c.ServicesAsked.Contains(service))
                {
                    c.ServicesAsked.Add(service);
                }
            }
            assessed = c;
            return c.MarkDone(CaseStage.AssessmentCompleted, a.Meta.Ts);
        });
        if (assessed is not null && a.Risk == RiskLevel.High
            && assessed.Category is ReportCategory.DomesticViolence or ReportCategory.UnlawfulHarm or ReportCategory.Injury)
        {
            _interventions.Flag(RevocationReason.HighRiskAssessment, a.Meta.Ts, assessed.ReportId, assessed.ChildId,
                CaseVocabulary.Categories.WordOf(assessed.Category));
        }
        return result;
    }

    private ApplyResult ArrangeService(ServiceArranged s) => _cases.ApplyAfterClose(s, s.ReportId, c =>
    {
        if (c.Services.Contains(s.Service))
        {
            return false;
        }
        c.Services.Add(s.Service);
        if (s.Service == ServiceKind.SocialAssistance && _regions.TryGetTownship(c.TownshipCode, out var t))
        {
            // Families brought into social assistance: once per case, where the case is.
            _socialAssistance[t.Index]++;
            _changes.TownshipChanged(t.Index);
        }
        return true;
    });

    /// <summary>
    /// A measure joins the intervention record, by case and by child (named by the event, or by the case), whatever
    /// the case's state; it joins the case's timeline while the case is findable. A report never filed is refused.
    /// </summary>
    private ApplyResult RecordIntervention(InterventionRecorded i)
    {
        if (i.ReportId is null)
        {
            _interventions.Record(i, i.ChildId);
            return ApplyResult.Applied;
        }
        if (!_cases.IsKnown(i.ReportId))
        {
            return ApplyResult.Reject("data.report_id: not a known report");
        }
        var childOfCase = _cases.TryGetCase(i.ReportId, out var c) ? c.ChildId : null;
        _cases.ApplyAfterClose(i, i.ReportId, state =>
        {
            state.Interventions.Add(i.Measure);
            return true;
        });
        _interventions.Record(i, i.ChildId ?? childOfCase);
        return ApplyResult.Applied;
    }

    /// <summary>Revocation ground (a): a new case of these categories for a child whose guardian already received criticism.</summary>
    private void FlagRepeatAfterCriticism(CaseState c, DateTimeOffset at)
    {
        if (c.ChildId is null
            || c.Category is not (ReportCategory.LivingAlone or ReportCategory.GuardianNeglect or ReportCategory.GuardianIncapable)
            || _interventions.CriticismOf(c.ChildId) is not { } criticism)
        {
            return;
        }
        _interventions.Flag(RevocationReason.NewCaseAfterCriticism, at, c.ReportId, c.ChildId,
            CaseVocabulary.Categories.WordOf(c.Category), criticism.At.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    internal FollowUpDto ToFollowUp(CaseState c)
    {
        var opened = StageClocks.Evaluate(c, CaseStage.AssessmentOpened, _rules, Now);
        var completed = StageClocks.Evaluate(c, CaseStage.AssessmentCompleted, _rules, Now);
        var services = new List<FollowUpServiceDto>(c.ServicesAsked.Count + c.Services.Count);
        foreach (var service in c.ServicesAsked)
        {
            services.Add(ServiceOf(c, service, asked: true));
        }
        foreach (var service in c.Services)
        {
            if (!c.ServicesAsked.Contains(service))
            {
                services.Add(ServiceOf(c, service, asked: false));
            }
        }
        var closedAt = c.DoneAt(CaseStage.Closed);
        return new FollowUpDto(c.ReportId, CaseVocabulary.Categories.WordOf(c.Category), c.Priority, c.TownshipCode, c.ReceivedAt,
            c.DoneAt(CaseStage.TownshipNotified), closedAt, closedAt is null ? null : _cases.FollowUpUntil(c),
            ClockDto(opened), ClockDto(completed), c.Risk is { } risk ? CareVocabulary.RiskLevels.WordOf(risk) : null,
            services, c.Services.Contains(ServiceKind.SocialAssistance), !c.TownshipDone, c.Version);
    }

    private static FollowUpServiceDto ServiceOf(CaseState c, ServiceKind service, bool asked)
    {
        var done = c.Services.Contains(service);
        var at = done ? c.Timeline.FirstOrDefault(e => e.Type == EventTypes.ServiceArranged && e.Services.Contains(service))?.At : null;
        return new FollowUpServiceDto(CareVocabulary.Services.WordOf(service), asked, done, at);
    }

    private static StageClockDto ClockDto(StageClock k) =>
        new(CaseVocabulary.Stages.WordOf(k.Stage), k.Due, k.DoneAt, StateWord(k.State));

    /// <summary>Overdue first, then the earliest due clock still pending, then the case id.</summary>
    private static int CompareFollowUps(FollowUpDto a, FollowUpDto b)
    {
        var overdue = IsOverdue(b).CompareTo(IsOverdue(a));
        if (overdue != 0)
        {
            return overdue;
        }
        var due = NextDue(a).CompareTo(NextDue(b));
        return due != 0 ? due : string.CompareOrdinal(a.CaseId, b.CaseId);
    }

    private static bool IsOverdue(FollowUpDto f) =>
        f.AssessmentOpened.State == SlaStates.Breached || f.AssessmentCompleted.State == SlaStates.Breached;

    private static DateTimeOffset NextDue(FollowUpDto f) =>
        f.AssessmentOpened.DoneAt is null ? f.AssessmentOpened.Due
        : f.AssessmentCompleted.DoneAt is null ? f.AssessmentCompleted.Due
        : DateTimeOffset.MaxValue;
}
