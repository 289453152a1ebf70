using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Care;

/// <summary>
/// A place of care and its live figures. <see cref="Occupied"/> and <see cref="Reserved"/> are computed from the
/// placements on the board alone (assigned = reserved, admitted = occupied, ended = freed). What the institution
/// itself reported is kept apart (<see cref="ReportedOccupied"/>, <see cref="ReportedReserved"/>) and compared, never
/// copied over the computed figures.
/// </summary>
public sealed class InstitutionState(string id, string name, InstitutionKind kind, string regionCode, GeoPoint location)
{
    public string Id { get; } = id;
    public string Name { get; internal set; } = name;
    public InstitutionKind Kind { get; internal set; } = kind;
    public string RegionCode { get; internal set; } = regionCode;
    public GeoPoint Location { get; internal set; } = location;
    public int Capacity { get; internal set; }

    /// <summary>Children admitted here whose placement has not ended.</summary>
    public int Occupied { get; internal set; }

    /// <summary>Children assigned here and not yet admitted.</summary>
    public int Reserved { get; internal set; }

    public bool Accepting { get; internal set; } = true;
    public int StaffOnDuty { get; internal set; }

    /// <summary>Children waiting for a place (requested, not assigned) whose township lies in this institution's region.</summary>
    public int Waiting { get; internal set; }

    /// <summary>When the institution was first registered: staleness runs from here until its first status report.</summary>
    public DateTimeOffset RegisteredAt { get; internal set; }

    /// <summary>The newest <c>institution.status</c> time, null when it never reported.</summary>
    public DateTimeOffset? LastStatusAt { get; internal set; }

    /// <summary>The occupancy the institution last reported, null when it never reported one.</summary>
    public int? ReportedOccupied { get; internal set; }

    /// <summary>The reservations the institution last reported, null when it never reported them.</summary>
    public int? ReportedReserved { get; internal set; }

    // When each reported field was last set (event time), so reports applied in any order end the same: the newest wins.
    internal DateTimeOffset CapacityAt { get; set; }
    internal DateTimeOffset AcceptingAt { get; set; }
    internal DateTimeOffset StaffAt { get; set; }
    internal DateTimeOffset ReportedOccupiedAt { get; set; }
    internal DateTimeOffset ReportedReservedAt { get; set; }

    // One entry per institution in the board's stale queue at most: a newer report moves it when it comes due.
    internal bool StaleQueued { get; set; }

    public int Free => Math.Max(0, Capacity - Occupied - Reserved);

    /// <summary>The institution's own last figures disagree with the placements on the log.</summary>
    public bool Disputed =>
        (ReportedOccupied is int o && o != Occupied) || (ReportedReserved is int r && r != Reserved);

    /// <summary>The instant after which the institution is stale without a new status report.</summary>
    public DateTimeOffset StaleAfter(RuleSettings rules) => (LastStatusAt ?? RegisteredAt) + rules.InstitutionStaleAfter;

    /// <summary>No status report for <see cref="RuleSettings.InstitutionStaleAfter"/> (from registration when it never reported).</summary>
    public bool IsStale(RuleSettings rules, DateTimeOffset now) => now > StaleAfter(rules);
}

public enum PlacementStage : byte
{
    Requested,
    Assigned,
    Admitted,
    Ended,
}

/// <summary>A child waiting for, or in, temporary care.</summary>
public sealed class PlacementState(string id, string? reportId, string townshipCode, DateTimeOffset requestedAt)
{
    public string Id { get; } = id;
    public string? ReportId { get; } = reportId;
    public string TownshipCode { get; } = townshipCode;
    public DateTimeOffset RequestedAt { get; } = requestedAt;
    public PlacementStage Stage { get; internal set; }
    public string? InstitutionId { get; internal set; }
    public DateTimeOffset? AssignedAt { get; internal set; }
    public DateTimeOffset? AdmittedAt { get; internal set; }

    /// <summary>The requesting case's category as known when the request was applied (the case may leave memory first).</summary>
    public ReportCategory? Category { get; internal set; }

    /// <summary>From the request to the assignment, or to <paramref name="now"/> while still waiting.</summary>
    public TimeSpan Waited(DateTimeOffset now)
    {
        var until = AssignedAt ?? now;
        return until > RequestedAt ? until - RequestedAt : TimeSpan.Zero;
    }

    /// <summary>Waited longer than <see cref="RuleSettings.PlacementWaitTarget"/>.</summary>
    public bool IsLate(RuleSettings rules, DateTimeOffset now) => Waited(now) > rules.PlacementWaitTarget;
}

/// <summary>
/// The civil-affairs board: institutions with capacity and the placements that reserve and fill it. Occupancy follows
/// from the placement events alone, so it is the same whatever the order the events of different placements and the
/// status reports arrive in; a status report sets capacity, accepting and staff on duty (the newest report of each
/// field wins) and records the institution's own occupancy for comparison. Two queues by due time make a placement
/// late and an institution stale with no event, as the case clocks breach. Single writer.
/// </summary>
internal sealed partial class CareBoard(
    RuleSettings rules,
    Action<string> institutionChanged,
    Action<PlacementState> placementChanged,
    Action<PlacementState, PlacementEndReason> placementEnded)
{
    private readonly Dictionary<string, InstitutionState> _institutions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlacementState> _placements = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);

    // Institutions by their own region code: the ones whose region contains a township are found with three lookups.
    private readonly Dictionary<string, List<InstitutionState>> _byRegion = new(StringComparer.Ordinal);

    // Hints, not promises: an entry is checked against the state when it comes due.
    private readonly PriorityQueue<InstitutionState, DateTimeOffset> _staleAt = new();
    private readonly PriorityQueue<PlacementState, DateTimeOffset> _lateAt = new();

    public Dictionary<string, InstitutionState>.ValueCollection Institutions => _institutions.Values;

    public Dictionary<string, PlacementState>.ValueCollection Placements => _placements.Values;

    public bool TryGetInstitution(string id, out InstitutionState state) => _institutions.TryGetValue(id, out state!);

    public bool TryGetPlacement(string id, out PlacementState state) => _placements.TryGetValue(id, out state!);

    /// <summary>The township of a placement on the board, or null (unknown or ended).</summary>
    public string? TownshipOf(string placementId) => _placements.GetValueOrDefault(placementId)?.TownshipCode;

    public ApplyResult Register(InstitutionRegistered e, GeoPoint location)
    {
        var ts = e.Meta.Ts;
        if (!_institutions.TryGetValue(e.InstitutionId, out var state))
        {
            state = new InstitutionState(e.InstitutionId, e.Name, e.Kind, e.RegionCode, location) { RegisteredAt = ts };
            _institutions.Add(e.InstitutionId, state);
            Index(state);
            ScheduleStale(state);
        }
        else if (state.RegionCode != e.RegionCode)
        {
            Unindex(state);
            state.RegionCode = e.RegionCode;
            Index(state);
        }
        state.Name = e.Name;
        state.Kind = e.Kind;
        state.Location = location;
        if (ts >= state.CapacityAt)
        {
            state.Capacity = e.Capacity;
            state.CapacityAt = ts;
        }
        state.Waiting = CountWaiting(state.RegionCode);
        institutionChanged(state.Id);
        return ApplyResult.Applied;
    }

    /// <summary>
    /// Capacity, accepting and staff on duty as reported (each field only when this report is not older than the one
    /// that last set it); occupied and reserved are recorded as the institution's own figures, never as the board's.
    /// </summary>
    public ApplyResult Status(InstitutionStatusReported e)
    {
        if (!_institutions.TryGetValue(e.InstitutionId, out var state))
        {
            return ApplyResult.Reject("data.institution_id: not a registered institution");
        }
        var ts = e.Meta.Ts;
        if (e.Capacity is int capacity && ts >= state.CapacityAt)
        {
            (state.Capacity, state.CapacityAt) = (capacity, ts);
        }
        if (e.Accepting is bool accepting && ts >= state.AcceptingAt)
        {
            (state.Accepting, state.AcceptingAt) = (accepting, ts);
        }
        if (e.StaffOnDuty is int staff && ts >= state.StaffAt)
        {
            (state.StaffOnDuty, state.StaffAt) = (staff, ts);
        }
        if (e.Occupied is int occupied && ts >= state.ReportedOccupiedAt)
        {
            (state.ReportedOccupied, state.ReportedOccupiedAt) = (occupied, ts);
        }
        if (e.Reserved is int reserved && ts >= state.ReportedReservedAt)
        {
            (state.ReportedReserved, state.ReportedReservedAt) = (reserved, ts);
        }
        if (state.LastStatusAt is not DateTimeOffset last || ts > last)
        {
            state.LastStatusAt = ts;
            ScheduleStale(state);
        }
        institutionChanged(state.Id);
        return ApplyResult.Applied;
    }

    /// <summary>Opens a placement; <paramref name="category"/> is the requesting case's, when known.</summary>
    public ApplyResult Request(PlacementRequested e, ReportCategory? category)
    {
        if (_placements.ContainsKey(e.PlacementId) || _ended.Contains(e.PlacementId))
        {
            return ApplyResult.NoChange;
        }
        var placement = new PlacementState(e.PlacementId, e.ReportId, e.TownshipCode, e.Meta.Ts) { Category = category };
        _placements.Add(e.PlacementId, placement);
        WaitingMoved(placement, +1);
        _lateAt.Enqueue(placement, placement.RequestedAt + rules.PlacementWaitTarget);
        placementChanged(placement);
        return ApplyResult.Applied;
    }

    public ApplyResult Assign(PlacementAssigned e)
    {
        if (!_placements.TryGetValue(e.PlacementId, out var placement))
        {
            return UnknownPlacement(e.PlacementId);
        }
        if (!_institutions.TryGetValue(e.InstitutionId, out var institution))
        {
            return ApplyResult.Reject("data.institution_id: not a registered institution");
        }
        if (placement.Stage != PlacementStage.Requested)
        {
            return placement.InstitutionId == e.InstitutionId ? ApplyResult.NoChange
                : ApplyResult.Reject($"data.placement_id: already {placement.Stage.ToString().ToLowerInvariant()}");
        }
        WaitingMoved(placement, -1);
        placement.Stage = PlacementStage.Assigned;
        placement.InstitutionId = institution.Id;
        placement.AssignedAt = e.Meta.Ts;
        institution.Reserved++;
        institutionChanged(institution.Id);
        placementChanged(placement);
        return ApplyResult.Applied;
    }

    public ApplyResult Admit(PlacementAdmitted e)
    {
        if (!_placements.TryGetValue(e.PlacementId, out var placement))
        {
            return UnknownPlacement(e.PlacementId);
        }
        if (placement.Stage != PlacementStage.Assigned)
        {
            return placement.Stage == PlacementStage.Requested
                ? ApplyResult.Reject("data.placement_id: no institution assigned")
                : ApplyResult.NoChange;
        }
        placement.Stage = PlacementStage.Admitted;
        placement.AdmittedAt = e.Meta.Ts;
        if (_institutions.TryGetValue(placement.InstitutionId!, out var institution))
        {
            institution.Reserved--;
            institution.Occupied++;
            institutionChanged(institution.Id);
        }
        placementChanged(placement);
        return ApplyResult.Applied;
    }

    public ApplyResult End(PlacementEnded e)
    {
        if (!_placements.TryGetValue(e.PlacementId, out var placement))
        {
            return UnknownPlacement(e.PlacementId);
        }
        switch (placement.Stage)
        {
            case PlacementStage.Requested:
                WaitingMoved(placement, -1);
                break;
            case PlacementStage.Assigned or PlacementStage.Admitted
                when _institutions.TryGetValue(placement.InstitutionId!, out var institution):
                if (placement.Stage == PlacementStage.Admitted)
                {
                    institution.Occupied--;
                }
                else
                {
                    institution.Reserved--;
                }
                institutionChanged(institution.Id);
                break;
        }
        placement.Stage = PlacementStage.Ended;
        // Ended placements leave memory: the history of stays belongs to InfluxDB, not to the live view.
        _placements.Remove(e.PlacementId);
        _ended.Add(e.PlacementId);
        placementEnded(placement, CareVocabulary.EndReasonOf(e.Reason));
        return ApplyResult.Applied;
    }

    /// <summary>Marks every placement that turned late and every institution that went stale up to <paramref name="now"/>.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        while (_lateAt.TryPeek(out var placement, out var due) && due < now)
        {
            _lateAt.Dequeue();
            if (placement.Stage == PlacementStage.Requested && _placements.ContainsKey(placement.Id))
            {
                placementChanged(placement);
            }
        }
        while (_staleAt.TryPeek(out var institution, out var due) && due < now)
        {
            _staleAt.Dequeue();
            institution.StaleQueued = false;
            var staleAfter = institution.StaleAfter(rules);
            if (staleAfter < now)
            {
                institutionChanged(institution.Id);
            }
            else
            {
                ScheduleStale(institution); // a newer status report moved the instant since this entry was queued
            }
        }
    }

    private void ScheduleStale(InstitutionState state)
    {
        if (!state.StaleQueued)
        {
            _staleAt.Enqueue(state, state.StaleAfter(rules));
            state.StaleQueued = true;
        }
    }

    private ApplyResult UnknownPlacement(string id) => _ended.Contains(id)
        ? ApplyResult.NoChange
        : ApplyResult.Reject("data.placement_id: not a requested placement");

    /// <summary>A child starts or stops waiting: every institution whose region holds the child's township counts it.</summary>
    private void WaitingMoved(PlacementState placement, int by)
    {
        foreach (var institution in InstitutionsServing(placement.TownshipCode))
        {
            institution.Waiting += by;
            institutionChanged(institution.Id);
        }
    }

    /// <summary>Institutions registered at the township, its county or its city.</summary>
    private IEnumerable<InstitutionState> InstitutionsServing(string townshipCode)
    {
        foreach (var level in s_servingLevels)
        {
            var code = RegionCodes.AncestorAt(townshipCode, level);
            if (code is not null && _byRegion.TryGetValue(code, out var list))
            {
                foreach (var institution in list)
                {
                    yield return institution;
                }
            }
        }
    }

    private static readonly RegionLevel[] s_servingLevels = [RegionLevel.Township, RegionLevel.County, RegionLevel.City];

    private int CountWaiting(string regionCode)
    {
        var waiting = 0;
        foreach (var p in _placements.Values)
        {
            if (p.Stage == PlacementStage.Requested && RegionCodes.Contains(regionCode, p.TownshipCode))
            {
                waiting++;
            }
        }
        return waiting;
    }

    private void Index(InstitutionState state)
    {
        if (!_byRegion.TryGetValue(state.RegionCode, out var list))
        {
            _byRegion[state.RegionCode] = list = [];
        }
        list.Add(state);
    }

    private void Unindex(InstitutionState state)
    {
        if (_byRegion.TryGetValue(state.RegionCode, out var list))
        {
            list.Remove(state);
        }
    }

    /// <summary>Recomputes what follows from the placements (occupancy, waiting) and the queues: after a restore.</summary>
    private void Rebuild(DateTimeOffset now)
    {
        _byRegion.Clear();
        _staleAt.Clear();
        _lateAt.Clear();
        foreach (var institution in _institutions.Values)
        {
            institution.Occupied = 0;
            institution.Reserved = 0;
            institution.StaleQueued = false;
            Index(institution);
            if (!institution.IsStale(rules, now))
            {
                ScheduleStale(institution);
            }
        }
        foreach (var placement in _placements.Values)
        {
            if (placement.Stage == PlacementStage.Requested)
            {
                if (!placement.IsLate(rules, now))
                {
                    _lateAt.Enqueue(placement, placement.RequestedAt + rules.PlacementWaitTarget);
                }
            }
            else if (placement.InstitutionId is not null && _institutions.TryGetValue(placement.InstitutionId, out var institution))
            {
                if (placement.Stage == PlacementStage.Admitted)
                {
                    institution.Occupied++;
                }
                else
                {
                    institution.Reserved++;
                }
            }
        }
        foreach (var institution in _institutions.Values)
        {
            institution.Waiting = CountWaiting(institution.RegionCode);
        }
    }
}
