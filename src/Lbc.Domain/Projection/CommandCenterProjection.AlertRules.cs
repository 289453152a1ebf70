using System.Globalization;
using Lbc.Domain.Alerts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Projection;

/// <summary>
/// The alert rules (issue 16), evaluated on the projection's own state so every instance raises the same alerts with the
/// same ids and times. Cheap by construction: an event re-checks only the subjects it touched (its case, placement,
/// places of care), collected by the books' change callbacks; clocks come through the books' own queues (a breach, a wait
/// turning late); the township and county rules run every 10 minutes, over arrays. Raise times come from the rule (a clock's
/// due instant, the event's time, the start of the day), never from when this instance happened to look.
/// </summary>
public sealed partial class CommandCenterProjection
{
    private const int MandatedReporterTypes = (int)ReporterType.WelfareInstitution + 1;

    // The police stages with a clock (StageClocks.ClockedStages without the township's), without an iterator per check.
    private static readonly CaseStage[] s_policeStages =
        [CaseStage.Acknowledged, CaseStage.Dispatched, CaseStage.OnScene, CaseStage.ParentsContacted, CaseStage.TownshipNotified];

    private readonly AlertBook _alerts;
    private readonly List<CaseState> _touchedCases = [];
    private readonly List<(PlacementState Placement, bool Ended)> _touchedPlacements = [];
    private readonly List<string> _touchedInstitutions = [];

    // Overdue-visit rate per township, one sample a day, the last RateHistoryDays days (ring by day number).
    private readonly float[] _overdueRate;
    private readonly int[] _overdueRateDay;
    private readonly AlertState?[] _overdueOpen;
    private readonly AlertState?[] _ledgerOpen;

    // Last day a mandated reporter type filed in a county (county index x type); the log's first day until then.
    private readonly int[] _reporterLastDay;
    private readonly AlertState?[] _silentOpen;
    private readonly Dictionary<string, int> _countyIndex;
    private int _alertBaselineDay = -1;
    private long _alertSlot = long.MinValue;

    public AlertSettings AlertSettings => _alerts.Settings;

    private bool AlertsOn => _alerts.Settings.Enabled;

    private void TouchCase(CaseState c)
    {
        // A step often reports its case twice (the case and its follow-up): checked once.
        if (AlertsOn && (_touchedCases.Count == 0 || !ReferenceEquals(_touchedCases[^1], c)))
        {
            _touchedCases.Add(c);
        }
    }

    private void TouchPlacement(PlacementState p, bool ended)
    {
        if (AlertsOn)
        {
            _touchedPlacements.Add((p, ended));
        }
    }

    private void TouchInstitution(string id)
    {
        if (AlertsOn)
        {
            _touchedInstitutions.Add(id);
        }
    }

    /// <summary>After an event: re-checks what it touched; <paramref name="at"/> (the event's time) dates what it raises or ends.</summary>
    private void EvaluateTouched(DateTimeOffset at)
    {
        for (var i = 0; i < _touchedCases.Count; i++)
        {
            EvaluateSla(_touchedCases[i]);
        }
        for (var i = 0; i < _touchedPlacements.Count; i++)
        {
            EvaluatePlacement(_touchedPlacements[i].Placement, _touchedPlacements[i].Ended, at);
        }
        for (var i = 0; i < _touchedInstitutions.Count; i++)
        {
            EvaluateInstitution(_touchedInstitutions[i], at);
        }
        _touchedCases.Clear();
        _touchedPlacements.Clear();
        _touchedInstitutions.Clear();
    }

    /// <summary>An alert per breached police stage (the assessment clocks are the township's, followed on the board).</summary>
    private void EvaluateSla(CaseState c)
    {
        var open = _alerts.OpenOfCase(c.ReportId);
        if (c.IsClosed)
        {
            var closedAt = c.DoneAt(CaseStage.Closed) ?? Now;
            foreach (var alert in open.ToList())
            {
                _alerts.Resolve(alert, closedAt);
            }
            return;
        }
        foreach (var stage in s_policeStages)
        {
            // Most steps touch a case with nothing open and nothing late: decided on two instants, no words, no lookups.
            var done = c.DoneAt(stage);
            if ((done is not null && open.Count == 0)
                || (stage == CaseStage.ParentsContacted && !CaseVocabulary.NeedsParentsContacted(c.Category)))
            {
                continue;
            }
            var due = StageClocks.DueOf(c, stage, _rules);
            var breached = done is null && Now > due;
            if (!breached && open.Count == 0)
            {
                continue;
            }
            var word = CaseVocabulary.Stages.WordOf(stage);
            var existing = FindStageAlert(open, word);
            if (breached)
            {
                if (existing is null)
                {
                    var county = RegionCodes.CountyOf(c.TownshipCode);
                    var id = $"sla_breached:{c.ReportId}:{word}";
                    _alerts.Raise(id, AlertRule.SlaBreached, c.TownshipCode, county, due,
                        () => new AlertState(id, AlertRule.SlaBreached, c.TownshipCode, county, due)
                        {
                            CaseId = c.ReportId,
                            Detail = word,
                        });
                    open = _alerts.OpenOfCase(c.ReportId);
                }
            }
            else if (existing is not null)
            {
                _alerts.Resolve(existing, done ?? Now);
            }
        }
    }

    private static AlertState? FindStageAlert(IReadOnlyList<AlertState> open, string stageWord)
    {
        for (var i = 0; i < open.Count; i++)
        {
            if (open[i].Rule == AlertRule.SlaBreached && open[i].Detail == stageWord)
            {
                return open[i];
            }
        }
        return null;
    }

    /// <summary>A child waiting for temporary care beyond the target, until assigned or ended.</summary>
    private void EvaluatePlacement(PlacementState p, bool ended, DateTimeOffset at)
    {
        var id = "placement_late:" + p.Id;
        if (!ended && p.Stage == PlacementStage.Requested && p.IsLate(_rules, Now))
        {
            var due = p.RequestedAt + _rules.PlacementWaitTarget;
            var county = RegionCodes.CountyOf(p.TownshipCode);
            _alerts.Raise(id, AlertRule.PlacementLate, p.TownshipCode, county, due,
                () => new AlertState(id, AlertRule.PlacementLate, p.TownshipCode, county, due) { PlacementId = p.Id });
        }
        else if (_alerts.TryGet(id, out var alert) && alert.IsOpen)
        {
            _alerts.Resolve(alert, p.AssignedAt ?? at);
        }
    }

    /// <summary>A place of care full or not accepting while children of its region wait (DOMAIN.md: an institution full while a child waits).</summary>
    private void EvaluateInstitution(string institutionId, DateTimeOffset at)
    {
        if (!_care.TryGetInstitution(institutionId, out var i))
        {
            return;
        }
        var id = "institution_full:" + i.Id;
        if ((!i.Accepting || i.Free == 0) && i.Waiting > 0)
        {
            var alert = _alerts.Raise(id, AlertRule.InstitutionFull, i.RegionCode, i.RegionCode, at,
                () => new AlertState(id, AlertRule.InstitutionFull, i.RegionCode, i.RegionCode, at) { InstitutionId = i.Id });
            if (alert is not null)
            {
                alert.Detail = i.Accepting ? "full" : "not_accepting";
            }
        }
        else if (_alerts.TryGet(id, out var alert) && alert.IsOpen)
        {
            _alerts.Resolve(alert, at);
        }
    }

    /// <summary>How often the township and county rules run (a pass over 1,406 townships costs well under a millisecond).</summary>
    private static readonly TimeSpan s_periodicCheck = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The township and county rules, every 10 minutes (and at the first tick). Often rather than daily so that a check made
    /// while the log was still replaying (the registry half loaded), or before a fresh log was seeded, is redone soon; what
    /// such a check raised wrongly is undone by the replay itself (<see cref="AlertBook.Resolve"/>: ended before it was
    /// raised is forgotten).
    /// </summary>
    private void EvaluatePeriodic()
    {
        var slot = Now.UtcTicks / s_periodicCheck.Ticks;
        if (slot == _alertSlot || !AlertsOn)
        {
            return;
        }
        _alertSlot = slot;
        var today = DayNumber.Of(Now);
        var checkStart = new DateTimeOffset(slot * s_periodicCheck.Ticks, TimeSpan.Zero);
        var late = LateQuarterThreshold();
        var counters = _children.Counters;
        for (var t = 0; t < counters.Length; t++)
        {
            ref readonly var c = ref counters[t];
            EvaluateOverdueRise(t, today, checkStart, c.Children > 0 ? 100f * c.VisitOverdue / c.Children : 0f);
            EvaluateLedger(t, c.Children > 0 && _ledgerQuarter[t] < late, late, checkStart);
        }
        EvaluateSilentReporters(today);
    }

    /// <summary>
    /// Today's rate (the day's latest sample) against the newest sample at least the configured days old:
    /// raised when it rose by more than the points.
    /// </summary>
    private void EvaluateOverdueRise(int township, int today, DateTimeOffset at, float rate)
    {
        const int h = AlertBook.RateHistoryDays;
        var slot = township * h;
        _overdueRate[slot + today % h] = rate;
        _overdueRateDay[slot + today % h] = today;
        var weekAgo = today - _alerts.Settings.OverdueRiseDays;
        var bestDay = int.MinValue;
        var before = 0f;
        for (var k = 0; k < h; k++)
        {
            var day = _overdueRateDay[slot + k];
            if (day > bestDay && day <= weekAgo && day > today - h)
            {
                bestDay = day;
                before = _overdueRate[slot + k];
            }
        }
        var rise = bestDay == int.MinValue ? 0 : rate - before;
        var open = _overdueOpen[township];
        if (rise > _alerts.Settings.OverdueRisePoints)
        {
            if (open is null)
            {
                var code = _regions.Townships[township].Code;
                var id = $"overdue_rise:{code}:{DayNumber.ToDate(today):yyyy-MM-dd}";
                var county = RegionCodes.CountyOf(code);
                _overdueOpen[township] = _alerts.Raise(id, AlertRule.OverdueRise, code, county, at,
                    () => new AlertState(id, AlertRule.OverdueRise, code, county, at)
                    {
                        Detail = rise.ToString("0.0", CultureInfo.InvariantCulture),
                    }) ?? _overdueOpen[township];
            }
        }
        else if (open is not null)
        {
            _alerts.Resolve(open, at);
            _overdueOpen[township] = null;
        }
    }

    /// <summary>A township late with its quarterly ledger report; one alert per overdue quarter, ended by the report.</summary>
    private void EvaluateLedger(int township, bool late, int lateQuarter, DateTimeOffset at)
    {
        var open = _ledgerOpen[township];
        if (late && open is null)
        {
            var code = _regions.Townships[township].Code;
            var quarter = $"{lateQuarter / 4}Q{lateQuarter % 4 + 1}";
            var id = $"ledger_late:{code}:{quarter}";
            var county = RegionCodes.CountyOf(code);
            _ledgerOpen[township] = _alerts.Raise(id, AlertRule.LedgerLate, code, county, at,
                () => new AlertState(id, AlertRule.LedgerLate, code, county, at) { Detail = quarter }) ?? _ledgerOpen[township];
        }
        else if (!late && open is not null)
        {
            _alerts.Resolve(open, at);
            _ledgerOpen[township] = null;
        }
    }

    /// <summary>A mandated reporter type silent in a county for the configured days, counted from the log's first day at most.</summary>
    private void EvaluateSilentReporters(int today)
    {
        if (_alertBaselineDay < 0)
        {
            return;
        }
        var silentDays = _alerts.Settings.ReporterSilentDays;
        for (var k = 0; k < _reporterLastDay.Length; k++)
        {
            var last = Math.Max(_reporterLastDay[k], _alertBaselineDay);
            if (today - last < silentDays || _silentOpen[k] is not null)
            {
                continue;
            }
            var county = _regions.Counties[k / MandatedReporterTypes].Code;
            var word = CaseVocabulary.Reporters.WordOf((ReporterType)(k % MandatedReporterTypes));
            var id = $"reporter_silent:{county}:{word}:{DayNumber.ToDate(last):yyyy-MM-dd}";
            var at = DayNumber.StartOf(last + silentDays);
            _silentOpen[k] = _alerts.Raise(id, AlertRule.ReporterSilent, county, county, at,
                () => new AlertState(id, AlertRule.ReporterSilent, county, county, at) { Detail = word }) ?? _silentOpen[k];
        }
    }

    /// <summary>A report from a mandated reporter ends its type's silence in the county.</summary>
    private void ReporterFiled(string townshipCode, ReporterType reporter, DateTimeOffset at)
    {
        if (!AlertsOn || (int)reporter >= MandatedReporterTypes || !_countyIndex.TryGetValue(RegionCodes.CountyOf(townshipCode), out var county))
        {
            return;
        }
        var k = county * MandatedReporterTypes + (int)reporter;
        _reporterLastDay[k] = Math.Max(_reporterLastDay[k], DayNumber.Of(at));
        if (_silentOpen[k] is { } open)
        {
            _alerts.Resolve(open, at);
            _silentOpen[k] = null;
        }
    }

    /// <summary>A township's report arrived: its late alert ends when it now covers the overdue quarter.</summary>
    private void LedgerArrived(int township, DateTimeOffset at)
    {
        if (!AlertsOn)
        {
            return;
        }
        var late = LateQuarterThreshold();
        EvaluateLedger(township, _children.Counters[township].Children > 0 && _ledgerQuarter[township] < late, late, at);
    }

    /// <summary>The log's first event starts the reporters' clocks: a fresh log does not find every county silent for years.</summary>
    private void NoteFirstEvent(DateTimeOffset ts)
    {
        if (_alertBaselineDay < 0)
        {
            _alertBaselineDay = DayNumber.Of(ts);
        }
    }
}
