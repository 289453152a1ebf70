using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;

namespace Lbc.Domain.Care;

/// <summary>A place of care and its live figures.</summary>
public sealed class InstitutionState(string id, string name, InstitutionKind kind, string regionCode, GeoPoint location)
{
    public string Id { get; } = id;
    public string Name { get; set; } = name;
    public InstitutionKind Kind { get; set; } = kind;
    public string RegionCode { get; set; } = regionCode;
    public GeoPoint Location { get; set; } = location;
    public int Capacity { get; set; }
    public int Occupied { get; set; }
    public int Reserved { get; set; }
    public bool Accepting { get; set; } = true;
    public int StaffOnDuty { get; set; }
    public int Free => Math.Max(0, Capacity - Occupied - Reserved);
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
    public PlacementStage Stage { get; set; }
    public string? InstitutionId { get; set; }
    public DateTimeOffset? AdmittedAt { get; set; }
}

/// <summary>
/// The civil-affairs board: institutions with capacity and the placements that reserve and fill it.
/// Between an institution's own status reports, assignments reserve a bed and admissions occupy it; a
/// status report states the truth and overrides.
/// </summary>
internal sealed partial class CareBoard(Action<string> institutionChanged)
{
    private readonly Dictionary<string, InstitutionState> _institutions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlacementState> _placements = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);

    public IReadOnlyCollection<InstitutionState> Institutions => _institutions.Values;

    public IReadOnlyCollection<PlacementState> Placements => _placements.Values;

    public bool TryGetInstitution(string id, out InstitutionState state) => _institutions.TryGetValue(id, out state!);

    /// <summary>The township of a placement on the board, or null (unknown or ended).</summary>
    public string? TownshipOf(string placementId) => _placements.GetValueOrDefault(placementId)?.TownshipCode;

    public ApplyResult Register(InstitutionRegistered e, GeoPoint location)
    {
        if (!_institutions.TryGetValue(e.InstitutionId, out var state))
        {
            state = new InstitutionState(e.InstitutionId, e.Name, e.Kind, e.RegionCode, location);
            _institutions.Add(e.InstitutionId, state);
        }
        state.Name = e.Name;
        state.Kind = e.Kind;
        state.RegionCode = e.RegionCode;
        state.Location = location;
        state.Capacity = e.Capacity;
        institutionChanged(state.Id);
        return ApplyResult.Applied;
    }

    public ApplyResult Status(InstitutionStatusReported e)
    {
        if (!_institutions.TryGetValue(e.InstitutionId, out var state))
        {
            return ApplyResult.Reject("data.institution_id: not a registered institution");
        }
        state.Capacity = e.Capacity ?? state.Capacity;
        state.Occupied = e.Occupied ?? state.Occupied;
        state.Reserved = e.Reserved ?? state.Reserved;
        state.Accepting = e.Accepting ?? state.Accepting;
        state.StaffOnDuty = e.StaffOnDuty ?? state.StaffOnDuty;
        institutionChanged(state.Id);
        return ApplyResult.Applied;
    }

    public ApplyResult Request(PlacementRequested e)
    {
        if (_placements.ContainsKey(e.PlacementId) || _ended.Contains(e.PlacementId))
        {
            return ApplyResult.NoChange;
        }
        _placements.Add(e.PlacementId, new PlacementState(e.PlacementId, e.ReportId, e.TownshipCode, e.Meta.Ts));
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
        placement.Stage = PlacementStage.Assigned;
        placement.InstitutionId = institution.Id;
        institution.Reserved++;
        institutionChanged(institution.Id);
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
            institution.Reserved = Math.Max(0, institution.Reserved - 1);
            institution.Occupied++;
            institutionChanged(institution.Id);
        }
        return ApplyResult.Applied;
    }

    public ApplyResult End(PlacementEnded e)
    {
        if (!_placements.TryGetValue(e.PlacementId, out var placement))
        {
            return UnknownPlacement(e.PlacementId);
        }
        if (placement.Stage == PlacementStage.Ended)
        {
            return ApplyResult.NoChange;
        }
        if (placement.InstitutionId is not null && _institutions.TryGetValue(placement.InstitutionId, out var institution))
        {
            if (placement.Stage == PlacementStage.Admitted)
            {
                institution.Occupied = Math.Max(0, institution.Occupied - 1);
            }
            else
            {
                institution.Reserved = Math.Max(0, institution.Reserved - 1);
            }
            institutionChanged(institution.Id);
        }
        // Ended placements leave memory: the history of stays belongs to InfluxDB, not to the live view.
        _placements.Remove(e.PlacementId);
        _ended.Add(e.PlacementId);
        return ApplyResult.Applied;
    }

    private ApplyResult UnknownPlacement(string id) => _ended.Contains(id)
        ? ApplyResult.NoChange
        : ApplyResult.Reject("data.placement_id: not a requested placement");
}
