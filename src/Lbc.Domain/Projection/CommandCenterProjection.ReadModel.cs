using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Regions;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Projection;

public sealed partial class CommandCenterProjection
{
    /// <summary>The read model of one jurisdiction (a region code at any level; "21" is the province).</summary>
    public DashboardSnapshot Snapshot(string jurisdiction, ReplayProgress progress)
    {
        var cases = _cases.Open.Where(c => RegionCodes.Contains(jurisdiction, c.TownshipCode))
            .OrderBy(c => c.Priority).ThenBy(c => c.ReceivedAt)
            .Select(ToDto).ToList();
        var institutions = _care.Institutions.Where(i => InJurisdiction(jurisdiction, i.RegionCode))
            .OrderBy(i => i.RegionCode, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(ToDto).ToList();
        var townships = new List<TownshipStatsDto>();
        var counters = _children.Counters;
        foreach (var t in _regions.Townships)
        {
            if (RegionCodes.Contains(jurisdiction, t.Code))
            {
                townships.Add(ToDto(t.Code, counters[t.Index]));
            }
        }
        return new DashboardSnapshot(Sequence, Now, jurisdiction, progress, IndicatorsFor(jurisdiction),
            cases, institutions, townships, RulesDto());
    }

    /// <summary>
    /// What changed since the last call, province-wide, as the next numbered batch; null when nothing
    /// changed. A batch holds at most <paramref name="maxWeight"/> items (a case weighs
    /// <see cref="CaseWeight"/>) so one hub message stays well under 32 KB; call again for the rest.
    /// The hub scopes a batch per jurisdiction before sending it.
    /// </summary>
    public DeltaBatch? DrainDelta(ReplayProgress? progress = null, int maxWeight = 120)
    {
        if (_delta.IsEmpty && progress is null)
        {
            return null;
        }
        var budget = maxWeight;
        var removed = DeltaTracker.Take(_delta.CasesRemoved, budget);
        budget -= removed.Count;
        var cases = new List<CaseDto>();
        // At least one case per batch, so a budget below one case's weight still makes progress.
        foreach (var id in DeltaTracker.Take(_delta.Cases, Math.Max(removed.Count == 0 ? 1 : 0, budget / CaseWeight)))
        {
            if (_cases.TryGetOpen(id, out var state))
            {
                cases.Add(ToDto(state));
            }
        }
        budget -= cases.Count * CaseWeight;
        var institutions = new List<InstitutionDto>();
        foreach (var id in DeltaTracker.Take(_delta.Institutions, Math.Max(0, budget)))
        {
            if (_care.TryGetInstitution(id, out var state))
            {
                institutions.Add(ToDto(state));
            }
        }
        budget -= institutions.Count;
        var counters = _children.Counters;
        var townships = new List<TownshipStatsDto>();
        foreach (var i in _delta.TakeTownships(Math.Max(0, budget)))
        {
            townships.Add(ToDto(_regions.Townships[i].Code, counters[i]));
        }
        IndicatorsDto? indicators = null;
        if (_delta.IndicatorsDirty)
        {
            indicators = IndicatorsFor(RegionCodes.Liaoning);
            _delta.IndicatorsDirty = !_delta.IsEmptyOfItems;
        }
        Sequence++;
        return new DeltaBatch(Sequence, Sequence, Now, cases, removed, institutions, townships, indicators, progress);
    }

    /// <summary>
    /// Forgets the pending changes without turning them into DTOs: while the log replays nobody is sent
    /// content (clients resynchronise from a snapshot once live), and building deltas of a replay, with the
    /// province's indicators recomputed per batch over every open case, cost more than applying the events.
    /// </summary>
    public void DiscardDelta() => _delta.Clear();

    /// <summary>Every open case's id, township and category (what a host needs to route removals and count cases).</summary>
    public IEnumerable<(string CaseId, string TownshipCode, string Category)> OpenCaseKeys()
    {
        foreach (var c in _cases.Open)
        {
            yield return (c.ReportId, c.TownshipCode, CaseVocabulary.Categories.WordOf(c.Category));
        }
    }

    /// <summary>Weight of one case in a delta budget: a case with its clocks is about eight townships of JSON.</summary>
    public const int CaseWeight = 8;

    /// <summary>Headline figures of one jurisdiction, summed from the township counters.</summary>
    public IndicatorsDto IndicatorsFor(string jurisdiction)
    {
        var total = new TownshipCounters();
        var late = 0;
        var counters = _children.Counters;
        var lateBefore = LateQuarterThreshold();
        foreach (var t in _regions.Townships)
        {
            if (!RegionCodes.Contains(jurisdiction, t.Code))
            {
                continue;
            }
            total.Add(counters[t.Index]);
            if (lateBefore is int q && counters[t.Index].Children > 0 && _ledgerQuarter[t.Index] < q)
            {
                late++;
            }
        }
        int openCases = 0, breached = 0;
        foreach (var c in _cases.Open)
        {
            if (RegionCodes.Contains(jurisdiction, c.TownshipCode))
            {
                openCases++;
                if (StageClocks.IsBreached(c, _rules, Now))
                {
                    breached++;
                }
            }
        }
        int waiting = 0, active = 0;
        foreach (var p in _care.Placements)
        {
            if (RegionCodes.Contains(jurisdiction, p.TownshipCode))
            {
                if (p.Stage == PlacementStage.Requested) waiting++;
                else active++;
            }
        }
        var freeBeds = _care.Institutions
            .Where(i => i.Accepting && InJurisdiction(jurisdiction, i.RegionCode)).Sum(i => i.Free);
        // Exits are counted province-wide for now; per-region exits arrive with the leading group's view.
        var exits = RegistryVocabulary.ExitReasons.Words
            .Select((word, i) => (word, count: _children.ExitsByReason[i]))
            .ToDictionary(x => x.word, x => x.count);
        return new IndicatorsDto(total.Children, total.VisitedOnTime, total.VisitDueSoon, total.VisitOverdue,
            total.StaleRecords, total.SchoolAge, total.Paired, total.OpenDropouts, openCases, breached,
            waiting, active, freeBeds, late, exits);
    }

    /// <summary>
    /// The quarter every township must have reported by today, or null while the previous quarter is
    /// still within its grace period... in which case the one before it is the requirement.
    /// </summary>
    private int? LateQuarterThreshold()
    {
        var today = DayNumber.ToDate(DayNumber.Of(Now));
        var currentQuarter = today.Year * 4 + (today.Month - 1) / 3;
        var previous = currentQuarter - 1;
        var previousEnd = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddDays(-1);
        var required = today > previousEnd.AddDays(_rules.LedgerGraceDays) ? previous : previous - 1;
        return required;
    }

    private bool InJurisdiction(string jurisdiction, string regionCode) =>
        RegionCodes.Contains(jurisdiction, regionCode) || RegionCodes.Contains(regionCode, jurisdiction);

    private CaseDto ToDto(CaseState c)
    {
        var clocks = StageClocks.EvaluateAll(c, _rules, Now);
        var breached = clocks.Any(k => k.State == ClockState.Breached);
        return new CaseDto(c.ReportId, CaseVocabulary.Categories.WordOf(c.Category), c.Priority, c.TownshipCode,
            c.VillageCode, c.Location.Lon, c.Location.Lat, c.LocationApproximate,
            CaseVocabulary.Reporters.WordOf(c.Reporter), c.ReceivedAt,
            CaseVocabulary.Stages.WordOf(c.CurrentStage), breached ? SlaStates.Breached : SlaStates.OnTrack,
            [.. clocks.Select(k => new StageClockDto(CaseVocabulary.Stages.WordOf(k.Stage), k.Due, k.DoneAt, StateWord(k.State)))],
            c.IsClosed);
    }

    private static InstitutionDto ToDto(InstitutionState i) =>
        new(i.Id, i.Name, CareVocabulary.InstitutionKinds.WordOf(i.Kind), i.RegionCode, i.Location.Lon, i.Location.Lat,
            i.Capacity, i.Occupied, i.Reserved, i.Accepting, i.StaffOnDuty);

    private static TownshipStatsDto ToDto(string code, in TownshipCounters c) =>
        new(code, c.Children, c.VisitedOnTime, c.VisitDueSoon, c.VisitOverdue, c.StaleRecords, c.SchoolAge,
            c.Paired, c.OpenDropouts);

    private static string StateWord(ClockState state) => state switch
    {
        ClockState.Done => SlaStates.Done,
        ClockState.DoneLate => SlaStates.DoneLate,
        ClockState.Breached => SlaStates.Breached,
        _ => SlaStates.Pending,
    };

    private RuleSettingsDto RulesDto()
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
            _rules.LedgerGraceDays, stages);
    }
}
