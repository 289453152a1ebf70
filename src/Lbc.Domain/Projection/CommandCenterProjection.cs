using Lbc.Domain.Alerts;
using Lbc.Domain.Audit;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Projection;

/// <summary>
/// The read model of the whole log: applying events in log order gives the same state on every
/// instance. Deterministic (time comes only from <see cref="AdvanceTo"/>), idempotent by event id, and
/// time-driven states move with the clock, not with requests. Not thread-safe: one writer; readers
/// take <see cref="Snapshot"/> under the host's lock.
/// </summary>
public sealed partial class CommandCenterProjection
{
    private readonly RegionCatalog _regions;
    private readonly RuleSettings _rules;
    private readonly ChildRegistry _children;
    private readonly CaseBook _cases;
    private readonly CareBoard _care;
    private readonly InterventionBook _interventions;
    private readonly ChangeTracker _changes;
    private readonly RecentEventIds _recentIds;
    private readonly int[] _ledgerQuarter;   // per township: last quarter reported (year*4 + q - 1), 0 = never
    private readonly ReportWindow _reports;
    private readonly int[] _socialAssistance; // per township: cases whose family was brought into social assistance
    private readonly AuditIndex _audit;

    public CommandCenterProjection(RegionCatalog regions, RuleSettings rules, DateTimeOffset now,
        int expectedChildren = 1024, int duplicateWindow = 200_000, int auditLines = DefaultAuditLines, AlertSettings? alerts = null)
    {
        _regions = regions;
        _rules = rules;
        Now = now;
        _changes = new ChangeTracker(regions.Townships.Count, code => regions.TryGetTownship(code, out var t) ? t.Index : -1);
        _children = new ChildRegistry(rules, regions.Townships.Count, DayNumber.Of(now), _changes.TownshipChanged, expectedChildren);
        // The books report changes to the feed's tracker and, for the alert rules, the subjects to re-check.
        _alerts = new AlertBook(alerts ?? AlertSettings.Default, _changes.AlertChanged, _changes.AlertEnded);
        _cases = new CaseBook(rules, () => Now,
            c => { _changes.CaseChanged(c); TouchCase(c); },
            c => { _changes.CaseRemoved(c); TouchCase(c); },
            _changes.FollowUpChanged, _changes.FollowUpRemoved);
        _care = new CareBoard(rules,
            id => { _changes.InstitutionChanged(id); TouchInstitution(id); },
            p => { _changes.PlacementChanged(p); TouchPlacement(p, ended: false); },
            (p, reason) => { _changes.PlacementEnded(p, reason); TouchPlacement(p, ended: true); });
        _interventions = new InterventionBook(rules);
        _recentIds = new RecentEventIds(duplicateWindow);
        _ledgerQuarter = new int[regions.Townships.Count];
        _reports = new ReportWindow(regions.Townships.Count, rules.ReportWindowDays);
        _socialAssistance = new int[regions.Townships.Count];
        _audit = new AuditIndex(auditLines);
        _overdueRate = new float[regions.Townships.Count * AlertBook.RateHistoryDays];
        _overdueRateDay = new int[regions.Townships.Count * AlertBook.RateHistoryDays];
        Array.Fill(_overdueRateDay, int.MinValue);
        _overdueOpen = new AlertState?[regions.Townships.Count];
        _ledgerOpen = new AlertState?[regions.Townships.Count];
        _reporterLastDay = new int[regions.Counties.Count * MandatedReporterTypes];
        Array.Fill(_reporterLastDay, int.MinValue);
        _silentOpen = new AlertState?[_reporterLastDay.Length];
        _countyIndex = regions.Counties.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
    }

    public RegionCatalog Regions => _regions;

    public RuleSettings Rules => _rules;

    /// <summary>The projection's clock: the last instant passed to <see cref="AdvanceTo"/>.</summary>
    public DateTimeOffset Now { get; private set; }

    public long EventsApplied { get; private set; }

    public long DuplicatesIgnored { get; private set; }

    public long EventsRejected { get; private set; }

    public int ActiveChildren => _children.ActiveCount;

    public int RegisteredChildren => _children.Count;

    internal long EstimatedRegistryBytes => _children.EstimatedBytes;

    /// <summary>
    /// A case for the case view and for checking a command: open, or closed within
    /// <see cref="RuleSettings.ClosedCaseRetention"/>. Read under the host's lock, like <see cref="Snapshot"/>.
    /// </summary>
    public bool TryGetCase(string caseId, out CaseState state) => _cases.TryGetCase(caseId, out state);

    /// <summary>Whether (producer, id) was seen, and with the same content (ingest answers 409 to a conflict).</summary>
    public IdCheck CheckId(EventMeta meta) => _recentIds.Check(meta);

    /// <summary>Applies one validated event. A duplicate id changes nothing; an impossible event is rejected with its reason.</summary>
    public ApplyResult Apply(DomainEvent e)
    {
        // The (producer, id) key once per event: checked now, remembered below once applied.
        var idKey = RecentEventIds.KeyOf(e.Meta);
        switch (_recentIds.Check(idKey, e.Meta.ContentHash))
        {
            case IdCheck.Redelivery:
                DuplicatesIgnored++;
                return ApplyResult.Duplicate;
            case IdCheck.Conflict:
                EventsRejected++;
                return ApplyResult.Reject("id: already used by this producer for a different event; send the new event with a new id");
        }
        var subject = e.Meta.Actor is null ? default : CommandSubject(e);
        NoteFirstEvent(e.Meta.Ts);
        var result = Dispatch(e);
        EvaluateTouched(e.Meta.Ts);
        if (result.Outcome == ApplyOutcome.Rejected)
        {
            // Not remembered: once its reason is fixed (say, the report arrives), the same event may be sent again.
            EventsRejected++;
        }
        else
        {
            _recentIds.Add(idKey, e.Meta.ContentHash);
            EventsApplied++;
            if (e.Meta.Actor is { } actor)
            {
                // A command by a signed-in user is its own audit line (even one that changed nothing: it was done).
                IndexCommand(e, actor, subject);
            }
        }
        return result;
    }

    /// <summary>
    /// Moves time forward: children turn due or overdue, records go stale, SLA clocks breach (the township's after the
    /// police close too), waiting placements turn late, institutions without a status report go stale.
    /// </summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        if (now <= Now)
        {
            return;
        }
        var dayBefore = DayNumber.Of(Now);
        var lateBefore = LateQuarterThreshold();
        Now = now;
        _children.AdvanceTo(DayNumber.Of(now));
        _reports.AdvanceTo(DayNumber.Of(now), _changes.TownshipChanged);
        _cases.AdvanceTo(now);
        _care.AdvanceTo(now);
        if (AlertsOn)
        {
            _alerts.AdvanceTo(now);
            EvaluateTouched(now);
            EvaluatePeriodic();
        }
        if (DayNumber.Of(now) != dayBefore && LateQuarterThreshold() != lateBefore)
        {
            // Whether a township is late depends on the date alone: a grace period ended for all of them at once.
            _changes.AllTownshipsChanged();
        }
    }

    private ApplyResult Dispatch(DomainEvent e)
    {
        var day = DayNumber.Of(e.Meta.Ts);
        switch (e)
        {
            case ChildRegistered r:
            {
                var fresh = !_children.IsActive(r.ChildId);
                _children.Register(r.ChildId, TownshipIndex(r.TownshipCode), DayNumber.Of(r.BirthDate), day, r.Kind, r.Guardian, VillageOrdinal(r.VillageCode));
                _interventions.GuardianRecorded(r.ChildId, r.Guardian, day, fresh);
                return ApplyResult.Applied;
            }
            case ChildUpdated u:
            {
                var found = _children.Update(u.ChildId, u.TownshipCode is null ? null : TownshipIndex(u.TownshipCode), day, u.Kind, u.Guardian,
                    u.VillageCode is null ? null : VillageOrdinal(u.VillageCode));
                if (found)
                {
                    _interventions.GuardianRecorded(u.ChildId, u.Guardian, day, freshRecord: false);
                }
                return Known(found, u.ChildId);
            }
            case ChildExited x:
                if (!_children.Exit(x.ChildId, x.Reason))
                {
                    return ExitedOrUnknown(x.ChildId);
                }
                _interventions.ChildExited(x.ChildId);
                return ApplyResult.Applied;
            case VisitRecorded v:
                return Known(_children.Visit(v.ChildId, DayNumber.Of(v.VisitedAt), v.Finding == VisitFinding.Concern), v.ChildId);
            case PairingAssigned p:
                return Known(_children.SetPaired(p.ChildId), p.ChildId);
            case DropoutReported d:
                return Known(_children.SetDropout(d.ChildId, open: true), d.ChildId);
            case DropoutReturned d:
                return Known(_children.SetDropout(d.ChildId, open: false), d.ChildId);
            case LedgerSubmitted l:
                return SubmitLedger(l);
            case ReportFiled f:
                return FileReport(f);
            case CaseProgressed c:
                return ProgressCase(c);
            // The township's part goes on after the police close (CaseBook, follow-ups).
            case AssessmentOpened a:
                return _cases.ApplyAfterClose(a, a.ReportId, c => c.MarkDone(CaseStage.AssessmentOpened, a.Meta.Ts));
            case AssessmentCompleted a:
                return CompleteAssessment(a);
            case ServiceArranged s:
                return ArrangeService(s);
            case InterventionRecorded i:
                return RecordIntervention(i);
            case InstitutionRegistered r:
                return _care.Register(r, r.Lon is double lon && r.Lat is double lat ? new GeoPoint(lon, lat) : PointOf(r.RegionCode));
            case InstitutionStatusReported s:
                return _care.Status(s);
            // The township is read before the event applies (C# evaluates arguments left to right): an ended placement leaves the board.
            case PlacementRequested p:
                return RequestPlacement(p);
            case PlacementAssigned p:
                return PlacementMoved(_care.TownshipOf(p.PlacementId), _care.Assign(p));
            case PlacementAdmitted p:
                return PlacementMoved(_care.TownshipOf(p.PlacementId), _care.Admit(p));
            case PlacementEnded p:
                return PlacementMoved(_care.TownshipOf(p.PlacementId), _care.End(p));
            case AuditRecorded a:
                return RecordAudit(a);
            case AlertAcknowledged a:
                return _alerts.Apply(a, a.AlertId);
            case AlertMuted m:
                return _alerts.Apply(m, m.AlertId);
            default:
                return ApplyResult.Reject($"type: {e.Meta.Type} has no handler");
        }
    }

    private ApplyResult FileReport(ReportFiled f)
    {
        var township = _regions.TryGetTownship(f.TownshipCode, out var t) ? t : null;
        var exact = f.Lon is double lon && f.Lat is double lat;
        var location = exact ? new GeoPoint(f.Lon!.Value, f.Lat!.Value) : township?.Point ?? default;
        var state = new CaseState(f.ReportId, f.Category, f.Reporter, f.TownshipCode, f.VillageCode,
            location, !exact, f.ReceivedAt, f.DiscoveredAt, f.ChildId)
        {
            PersonalSealed = f.PersonalSealed,
            DisplayMask = f.DisplayMask,
            AgeBand = f.AgeBand,
        };
        if (!_cases.OpenCase(state, f))
        {
            return ApplyResult.NoChange;
        }
        if (township is not null)
        {
            int? delay = f.DiscoveredAt is { } discovered && discovered <= f.ReceivedAt
                ? (int)Math.Min(int.MaxValue, (f.ReceivedAt - discovered).TotalMinutes) : null;
            _reports.Add(township.Index, f.Category, f.Reporter, DayNumber.Of(f.ReceivedAt), delay, DayNumber.Of(Now));
            ReporterFiled(f.TownshipCode, f.Reporter, f.ReceivedAt);
        }
        FlagRepeatAfterCriticism(state, f.Meta.Ts);
        return ApplyResult.Applied;
    }

    private ApplyResult RequestPlacement(PlacementRequested p)
    {
        ReportCategory? category = p.ReportId is not null && _cases.TryGetCase(p.ReportId, out var c) ? c.Category : null;
        var result = PlacementMoved(p.TownshipCode, _care.Request(p, category));
        if (result.Outcome == ApplyOutcome.Applied && p.ReportId is not null)
        {
            _cases.Note(p, p.ReportId); // the case view shows that civil affairs was asked
        }
        return result;
    }

    private ApplyResult SubmitLedger(LedgerSubmitted l)
    {
        var index = TownshipIndex(l.TownshipCode);
        var quarter = l.Year * 4 + l.Quarter - 1;
        if (quarter <= _ledgerQuarter[index])
        {
            return ApplyResult.NoChange;
        }
        _ledgerQuarter[index] = quarter;
        _changes.TownshipChanged(index);
        LedgerArrived(index, l.Meta.Ts);
        return ApplyResult.Applied;
    }

    /// <summary>A placement's township figures (waiting, in care) move when one of its events applies.</summary>
    private ApplyResult PlacementMoved(string? townshipCode, ApplyResult result)
    {
        if (result.Outcome == ApplyOutcome.Applied)
        {
            if (townshipCode is not null && _regions.TryGetTownship(townshipCode, out var t))
            {
                _changes.TownshipChanged(t.Index);
            }
            _changes.FiguresMoved = true;
        }
        return result;
    }

    private int TownshipIndex(string code) =>
        _regions.TryGetTownship(code, out var t) ? t.Index
            : throw new InvalidOperationException($"Township {code} passed validation but is not in the catalog");

    private ApplyResult Known(bool found, string childId) =>
        found ? ApplyResult.Applied : ExitedOrUnknown(childId);

    private ApplyResult ExitedOrUnknown(string childId) =>
        _children.TownshipOf(childId) >= 0
            ? ApplyResult.NoChange // the child exited; late news about them changes nothing
            : ApplyResult.Reject("data.child_id: not a registered child");

    /// <summary>A representative point of any region: township point, county centre, or a city's first county.</summary>
    private GeoPoint PointOf(string code)
    {
        if (_regions.TryGetTownship(code, out var township))
        {
            return township.Point;
        }
        if (_regions.TryGetCounty(code, out var county))
        {
            return county.Centre;
        }
        var first = _regions.Counties.FirstOrDefault(c => c.CityCode == code);
        return first?.Centre ?? default;
    }
}
