using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Projection;

public sealed partial class CommandCenterProjection
{
    /// <summary>The read model of one jurisdiction (a region code at any level; "21" is the province), unnumbered.</summary>
    public DashboardSnapshot Snapshot(string jurisdiction, ReplayProgress progress)
    {
        var cases = _cases.Open.Where(c => RegionCodes.Contains(jurisdiction, c.TownshipCode))
            .OrderBy(c => c.Priority).ThenBy(c => c.ReceivedAt)
            .Select(ToDto).ToList();
        var institutions = _care.Institutions.Where(i => InJurisdiction(jurisdiction, i.RegionCode))
            .OrderBy(i => i.RegionCode, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(ToDto).ToList();
        var live = CountLive();
        var beds = BedsByTownship();
        var late = LateQuarterThreshold();
        var townships = new List<RegionFiguresDto>();
        foreach (var t in _regions.TownshipsWithin(jurisdiction))
        {
            townships.Add(new RegionFiguresDto(t.Code, TownshipFigures(t.Index, live, beds, late)));
        }
        return new DashboardSnapshot(0, Now, jurisdiction, progress, FiguresOf(jurisdiction),
            cases, institutions, townships, RulesDto())
        {
            // Long stays show as the places' occupancy; the queue carries what is moving (waiting, assigned, admitted this week).
            Placements = [.. Placements(jurisdiction).Where(p => p.AdmittedAt is not { } admitted || admitted > Now - TimeSpan.FromDays(7))],
            FollowUps = FollowUps(jurisdiction),
            Alerts = Alerts(jurisdiction),
        };
    }

    /// <summary>
    /// Everything that changed since the last call, province-wide, as one change set (full states of what changed);
    /// empty when nothing did. The feed cuts it per scope, numbers and splits it.
    /// </summary>
    public ChangeSet DrainChanges()
    {
        if (_changes.IsEmpty && !_alerts.FiguresMoved)
        {
            return ChangeSet.Empty(Now);
        }
        var cases = new List<CaseDto>(_changes.Cases.Count);
        foreach (var id in _changes.Cases)
        {
            if (_cases.TryGetOpen(id, out var state))
            {
                cases.Add(ToDto(state));
            }
        }
        var removed = _changes.CasesRemoved.Select(r => new RemovedCase(r.Key, r.Value)).ToList();
        var institutions = new List<InstitutionDto>(_changes.Institutions.Count);
        foreach (var id in _changes.Institutions)
        {
            if (_care.TryGetInstitution(id, out var state))
            {
                institutions.Add(ToDto(state));
            }
        }
        var townships = new List<RegionFiguresDto>(_changes.Townships.Count);
        if (_changes.Townships.Count > 0)
        {
            var live = CountLive();
            var beds = BedsByTownship();
            var late = LateQuarterThreshold();
            foreach (var i in _changes.Townships)
            {
                townships.Add(new RegionFiguresDto(_regions.Townships[i].Code, TownshipFigures(i, live, beds, late)));
            }
        }
        var placements = new List<PlacementDto>(_changes.Placements.Count);
        foreach (var id in _changes.Placements)
        {
            if (_care.TryGetPlacement(id, out var state))
            {
                placements.Add(ToDto(state));
            }
        }
        var followUps = new List<FollowUpDto>(_changes.FollowUps.Count);
        foreach (var id in _changes.FollowUps)
        {
            if (_cases.TryGetFollowUp(id, out var state))
            {
                followUps.Add(ToFollowUp(state));
            }
        }
        var changes = new ChangeSet(Now, cases, removed, institutions, townships, _changes.FiguresMoved)
        {
            Placements = placements,
            PlacementsEnded = [.. _changes.PlacementsEnded.Values],
            FollowUps = followUps,
            FollowUpsEnded = [.. _changes.FollowUpsEnded.Select(r => new RemovedCase(r.Key, r.Value))],
            Alerts = [.. _changes.Alerts.Values.Where(a => a.IsOpen).Select(ToDto)],
            AlertsEnded = [.. _changes.AlertsEnded.Select(r => new EndedAlert(r.Key, r.Value))],
            AlertFiguresMoved = _alerts.FiguresMoved,
        };
        _alerts.FiguresMoved = false;
        _changes.Clear();
        return changes;
    }

    /// <summary>
    /// Forgets the pending changes without turning them into DTOs: while the log replays nobody is sent
    /// content (clients resynchronise from a snapshot once live), and building the changes of a replay cost
    /// more than applying the events.
    /// </summary>
    public void DiscardChanges()
    {
        _changes.Clear();
        _alerts.FiguresMoved = false;
    }

    /// <summary>Where an open case is (its township), for actions on a case id; false when it is not open.</summary>
    public bool TryGetOpenCaseTownship(string caseId, out string townshipCode)
    {
        var found = _cases.TryGetOpen(caseId, out var state);
        townshipCode = found ? state.TownshipCode : "";
        return found;
    }

    internal CaseDto ToDto(CaseState c)
    {
        var clocks = StageClocks.EvaluateAll(c, _rules, Now);
        var breached = clocks.Any(k => k.State == ClockState.Breached);
        return new CaseDto(c.ReportId, CaseVocabulary.Categories.WordOf(c.Category), c.Priority, c.TownshipCode,
            c.VillageCode, c.Location.Lon, c.Location.Lat, c.LocationApproximate,
            CaseVocabulary.Reporters.WordOf(c.Reporter), c.ReceivedAt,
            CaseVocabulary.Stages.WordOf(c.CurrentStage), breached ? SlaStates.Breached : SlaStates.OnTrack,
            [.. clocks.Select(k => new StageClockDto(CaseVocabulary.Stages.WordOf(k.Stage), k.Due, k.DoneAt, StateWord(k.State)))],
            c.IsClosed, c.Version, SearchArea.LastSeenAt(c), SearchArea.Of(c, Now, _rules) is not null, c.ParentsReached,
            c.VillageCode is null ? null : _regions.NameOf(c.VillageCode),
            c.DisplayMask, c.AgeBand is { } band ? Personal.PersonalVocabulary.AgeBands.WordOf(band) : null, c.PersonalSealed is not null);
    }

    private static string StateWord(ClockState state) => state switch
    {
        ClockState.Done => SlaStates.Done,
        ClockState.DoneLate => SlaStates.DoneLate,
        ClockState.Breached => SlaStates.Breached,
        _ => SlaStates.Pending,
    };

    public RuleSettingsDto RulesDto()
    {
        var stages = new Dictionary<string, int>();
        foreach (var stage in Enum.GetValues<CaseStage>())
        {
            if (_rules.SlaOf(stage) is TimeSpan sla)
            {
                stages[CaseVocabulary.Stages.WordOf(stage)] = (int)sla.TotalMinutes;
            }
        }
        return new RuleSettingsDto(_rules.VisitIntervalDays, _rules.VisitDueSoonDays, _rules.LedgerStaleDays,
            _rules.LedgerGraceDays, stages, _rules.SearchBaseKm, _rules.SearchGrowthKmPerHour, _rules.SearchCapKm,
            _rules.ClockAmberFraction, (int)_rules.PlacementWaitTarget.TotalMinutes, (int)_rules.InstitutionStaleAfter.TotalHours,
            (int)_rules.FollowUpRetention.TotalDays, _rules.GuardianNoneRevocationDays);
    }
}
