using System.Globalization;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.EventLog;

namespace Lbc.Server.Simulator;

/// <summary>
/// Rebuilds what the simulator knows from the log after a restart and picks its work up again: its active children,
/// its institutions and their beds, guardians who had criticism and education, its cases still open (replayed into
/// its case book, so the remaining steps are checked against the state the log holds), its placements not ended (the
/// institutions' own children among them, whose beds the board counts as the simulator does) and the townships'
/// assessments still running.
/// </summary>
internal sealed class SimulatorMemory(SimulationWorld world, string source, DateTimeOffset now)
{
    private readonly Dictionary<string, SimChild> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReportFiled> _reports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _notified = new(StringComparer.Ordinal);
    private readonly HashSet<string> _opened = new(StringComparer.Ordinal);
    private readonly HashSet<string> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _criticised = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimPlacement> _placements = new(StringComparer.Ordinal);
    private int _maxChild;
    private int _maxReport;
    private int _maxPlacement;

    /// <summary>Reads the whole log, resumes the work, and returns the position of the last event read.</summary>
    public static async Task<LogPosition> RecallAsync(IEventLog log, SimulationWorld world, LiveTraffic traffic, string source,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var memory = new SimulatorMemory(world, source, now);
        var position = LogPosition.Start;
        while (true)
        {
            var batch = await log.ReadAfterAsync(position, 10_000, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var logged in batch)
            {
                position = logged.Position;
                memory.Remember(logged.Event);
            }
        }
        memory.Resume(traffic);
        return position;
    }

    /// <summary>Takes in one event of the log, in log order.</summary>
    public void Remember(RawEvent raw)
    {
        // Visits, ledger updates, pairings and dropouts are most of the log and change nothing the simulator plans.
        if (raw.Type is EventTypes.VisitRecorded or EventTypes.ChildUpdated or EventTypes.PairingAssigned
            or EventTypes.DropoutReported or EventTypes.DropoutReturned or EventTypes.LedgerSubmitted)
        {
            return;
        }
        if (raw.Src != source)
        {
            // Another producer: only its steps on our cases (and the placement an escort brought) matter to what we do next.
            world.Book.Observe(raw);
            return;
        }
        if (world.Book.Parse(raw, out _) is not { } e)
        {
            return;
        }
        world.Book.Record(e);
        switch (e)
        {
            case ChildRegistered r when world.Regions.TryGetTownship(r.TownshipCode, out var t):
                var schoolAge = DateOnly.FromDateTime(now.UtcDateTime).DayNumber - r.BirthDate.DayNumber >= 6 * 365;
                _children[r.ChildId] = new SimChild(r.ChildId, t.Index, r.VillageCode, schoolAge);
                _maxChild = Math.Max(_maxChild, TrailingNumber(r.ChildId, r.ChildId.Length - 7));
                break;
            case ChildExited x:
                _children.Remove(x.ChildId);
                break;
            case InstitutionRegistered r when !world.InstitutionsById.ContainsKey(r.InstitutionId):
                world.AddInstitution(new SimInstitution(r.InstitutionId, CareVocabulary.InstitutionKinds.WordOf(r.Kind), r.RegionCode, r.Capacity));
                break;
            case InstitutionStatusReported s when world.InstitutionsById.TryGetValue(s.InstitutionId, out var i):
                i.Accepting = s.Accepting ?? i.Accepting;
                i.Staff = s.StaffOnDuty ?? i.Staff;
                i.LastStatusAt = e.Meta.Ts;
                break;
            case ReportFiled f:
                _reports[f.ReportId] = f;
                if (f.ChildId is { } reported && _criticised.TryGetValue(reported, out var last))
                {
                    _criticised[reported] = Latest(last, f.ReceivedAt);
                }
                _maxReport = Math.Max(_maxReport, TrailingNumber(f.ReportId, f.ReportId.LastIndexOf('-') + 1));
                break;
            case CaseProgressed { Stage: CaseStage.TownshipNotified } n when _reports.ContainsKey(n.ReportId):
                _notified.TryAdd(n.ReportId, e.Meta.Ts);
                break;
            case AssessmentOpened a:
                _opened.Add(a.ReportId);
                break;
            case AssessmentCompleted a:
                _completed.Add(a.ReportId);
                break;
            case InterventionRecorded { Measure: InterventionMeasure.Criticism, ChildId: { } child }:
                _criticised[child] = Latest(_criticised.GetValueOrDefault(child), e.Meta.Ts);
                break;
            case PlacementRequested p:
                var protective = p.ReportId is not null && _reports.TryGetValue(p.ReportId, out var report)
                    && report.Category is ReportCategory.DomesticViolence or ReportCategory.UnlawfulHarm;
                _placements.TryAdd(p.PlacementId, new SimPlacement(p.PlacementId, p.ReportId, p.TownshipCode, e.Meta.Ts)
                {
                    Protective = protective,
                    Resident = p.ReportId is null && CareWork.IsResident(p.PlacementId),
                });
                _maxPlacement = Math.Max(_maxPlacement, TrailingNumber(p.PlacementId, p.PlacementId.LastIndexOf('-') + 1));
                break;
            case PlacementAssigned p when _placements.TryGetValue(p.PlacementId, out var placement):
                placement.Stage = PlacementStage.Assigned;
                placement.InstitutionId = p.InstitutionId;
                break;
            case PlacementAdmitted p when _placements.TryGetValue(p.PlacementId, out var placement):
                placement.Stage = PlacementStage.Admitted;
                placement.AdmittedAt = e.Meta.Ts;
                break;
            case PlacementEnded p:
                _placements.Remove(p.PlacementId);
                break;
        }
    }

    /// <summary>Hands what was remembered to the world and schedules the work still to do from <paramref name="now"/>.</summary>
    public void Resume(LiveTraffic traffic)
    {
        world.Children.AddRange(_children.Values);
        world.NextChildNumber = _maxChild;
        world.NextReportNumber = _maxReport;
        world.NextPlacementNumber = _maxPlacement;
        foreach (var (child, lastCase) in _criticised)
        {
            if (_children.TryGetValue(child, out var c))
            {
                world.Criticised[child] = (c, lastCase);
            }
        }
        foreach (var p in _placements.Values)
        {
            if (p.InstitutionId is null || !world.InstitutionsById.TryGetValue(p.InstitutionId, out var i))
            {
                if (p.Stage == PlacementStage.Requested)
                {
                    world.Placements[p.Id] = p;
                    traffic.Care.ScheduleAssignment(p, now + world.Minutes(5, 60));
                }
                continue;
            }
            if (p.Resident && p.Stage == PlacementStage.Admitted)
            {
                // One of the institution's own children: it stays until the institution's intake drifts down.
                i.Residents.Add(p);
                i.Admitted++;
                continue;
            }
            world.Placements[p.Id] = p;
            if (p.Stage == PlacementStage.Assigned)
            {
                i.Reserved++;
                traffic.Care.ScheduleAdmission(p, now + world.Minutes(5, 45));
            }
            else
            {
                i.Admitted++;
                traffic.Care.ScheduleEnd(p, now);
            }
        }
        foreach (var i in world.Institutions)
        {
            // Not accepting with a free bed: closed to admissions for another reason, for a while yet.
            i.Paused = !i.Accepting && i.Free > 0;
            var next = i.LastStatusAt + world.Hours(2, 8);
            i.NextStatusAt = next > now ? next : now + world.Minutes(1, 60);
        }
        traffic.Care.ScheduleStatusReports();
        foreach (var (reportId, report) in _reports)
        {
            if (world.Book.Find(reportId) is { IsClosed: false } state)
            {
                var category = CaseVocabulary.Categories.WordOf(report.Category);
                var simCase = new SimCase(reportId, category, report.TownshipCode, report.VillageCode ?? "", report.ChildId, report.ReceivedAt)
                {
                    Officer = world.Random.Next(DutyRoster.OfficersPerCity),
                    Plan = CaseScripts.Remaining(state, world),
                    WaitingPlacement = _placements.Values.FirstOrDefault(p => p.ReportId == reportId && p.Stage == PlacementStage.Requested)?.Id,
                };
                traffic.Police.Take(simCase, now);
            }
        }
        foreach (var (reportId, notifiedAt) in _notified)
        {
            if (_completed.Contains(reportId) || !_reports.TryGetValue(reportId, out var report))
            {
                continue;
            }
            DateTimeOffset? openAt = _opened.Contains(reportId) ? null : Later(notifiedAt + world.Hours(3, 60), now);
            var completeAt = Later(notifiedAt + world.Hours(48, 14 * 24), (openAt ?? now) + world.Hours(4, 48));
            traffic.Township.Schedule(reportId, CaseVocabulary.Categories.WordOf(report.Category), repeat: false, openAt, completeAt);
        }
    }

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private DateTimeOffset Later(DateTimeOffset planned, DateTimeOffset notBefore) =>
        planned > notBefore ? planned : notBefore + world.Minutes(5, 120);

    private static int TrailingNumber(string id, int start) =>
        start > 0 && start < id.Length && int.TryParse(id.AsSpan(start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
