using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Projection;

/// <summary>
/// The civil-affairs board read by the server (under the projection's lock, like <see cref="Snapshot"/>): the
/// placement queue, one placement, ranked suggestions of where to place a child, and the states
/// <see cref="CarePolicy"/> decides commands on.
/// </summary>
public sealed partial class CommandCenterProjection
{
    /// <summary>
    /// Every placement not ended whose child's township lies in <paramref name="jurisdiction"/>: waiting ones first,
    /// then assigned, then admitted; within a stage by the requesting case's priority (none last), then by request time.
    /// </summary>
    public IReadOnlyList<PlacementDto> Placements(string jurisdiction)
    {
        var list = new List<PlacementState>();
        foreach (var p in _care.Placements)
        {
            if (RegionCodes.Contains(jurisdiction, p.TownshipCode))
            {
                list.Add(p);
            }
        }
        var dtos = list.ConvertAll(ToDto);
        dtos.Sort(ComparePlacements);
        return dtos;
    }

    /// <summary>One placement not ended (for a command or a suggestion request: its township decides who may see it), or null.</summary>
    public PlacementDto? Placement(string placementId) => _care.TryGetPlacement(placementId, out var p) ? ToDto(p) : null;

    /// <summary>A placement not ended, for <see cref="CarePolicy.CanAssign(PlacementState, InstitutionState)"/>.</summary>
    public bool TryGetPlacement(string placementId, out PlacementState placement) => _care.TryGetPlacement(placementId, out placement);

    /// <summary>A registered institution, for <see cref="CarePolicy.CanAssign(InstitutionState)"/>.</summary>
    public bool TryGetInstitution(string institutionId, out InstitutionState institution) => _care.TryGetInstitution(institutionId, out institution);

    /// <summary>
    /// Where to place the child of <paramref name="placementId"/>: at most <paramref name="max"/> accepting places with a
    /// free bed, best first, each with its reasons (<see cref="RuleSettings.PlacementSuggestionOrder"/>); null when the
    /// placement is not on the board (unknown or ended). The child's age is known when the requesting case names a
    /// registered child.
    /// </summary>
    public PlacementSuggestionsDto? Suggest(string placementId, int max = 10)
    {
        if (!_care.TryGetPlacement(placementId, out var p))
        {
            return null;
        }
        CaseState? c = p.ReportId is not null && _cases.TryGetCase(p.ReportId, out var found) ? found : null;
        var point = _regions.TryGetTownship(p.TownshipCode, out var township) ? township.Point : default;
        var subject = new SuggestionSubject(p.TownshipCode, point, c?.Category ?? p.Category, AgeOf(c?.ChildId));
        return PlacementSuggester.Suggest(p.Id, subject, _care.Institutions, _rules, Now, max);
    }

    /// <summary>Whole years of a registered child today (China calendar), or null when the child is not in the registry.</summary>
    private int? AgeOf(string? childId)
    {
        if (childId is null || _children.BirthDayOf(childId) is not int birthDay)
        {
            return null;
        }
        var birth = DayNumber.ToDate(birthDay);
        var today = DayNumber.ToDate(DayNumber.Of(Now));
        var age = today.Year - birth.Year;
        return birth.AddYears(age) > today ? age - 1 : age;
    }

    internal PlacementDto ToDto(PlacementState p)
    {
        var category = p.ReportId is not null && _cases.TryGetCase(p.ReportId, out var c) ? c.Category : p.Category;
        return new PlacementDto(p.Id, p.ReportId,
            category is { } known ? CaseVocabulary.Categories.WordOf(known) : null,
            category is { } k ? CaseVocabulary.PriorityOf(k) : null,
            p.TownshipCode, p.RequestedAt, StageWord(p.Stage), p.InstitutionId, p.AssignedAt, p.AdmittedAt,
            (long)p.Waited(Now).TotalSeconds, p.IsLate(_rules, Now));
    }

    private InstitutionDto ToDto(InstitutionState i)
    {
        var disputed = i.Disputed;
        return new InstitutionDto(i.Id, i.Name, CareVocabulary.InstitutionKinds.WordOf(i.Kind), i.RegionCode, i.Location.Lon, i.Location.Lat,
            i.Capacity, i.Occupied, i.Reserved, i.Accepting, i.StaffOnDuty, i.LastStatusAt, i.IsStale(_rules, Now),
            disputed ? i.ReportedOccupied : null, disputed ? i.ReportedReserved : null, i.Waiting);
    }

    private static string StageWord(PlacementStage stage) => stage switch
    {
        PlacementStage.Requested => PlacementStages.Requested,
        PlacementStage.Assigned => PlacementStages.Assigned,
        _ => PlacementStages.Admitted,
    };

    private static int ComparePlacements(PlacementDto a, PlacementDto b)
    {
        var stage = StageOrder(a.Stage).CompareTo(StageOrder(b.Stage));
        if (stage != 0)
        {
            return stage;
        }
        var priority = (a.Priority ?? int.MaxValue).CompareTo(b.Priority ?? int.MaxValue);
        if (priority != 0)
        {
            return priority;
        }
        var requested = a.RequestedAt.CompareTo(b.RequestedAt);
        return requested != 0 ? requested : string.CompareOrdinal(a.PlacementId, b.PlacementId);
    }

    private static int StageOrder(string stage) => stage switch
    {
        PlacementStages.Requested => 0,
        PlacementStages.Assigned => 1,
        _ => 2,
    };
}
