using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;

namespace Lbc.Domain.Projection;

/// <summary>The case view: one case, open or recently closed, with its timeline and what the policy allows next.</summary>
public sealed partial class CommandCenterProjection
{
    /// <summary>The case view, or null when the case is unknown (or closed longer ago than the retention).</summary>
    public CaseDetailDto? CaseDetail(string caseId)
    {
        if (!_cases.TryGetCase(caseId, out var c))
        {
            return null;
        }
        var search = SearchArea.Of(c, Now, _rules);
        return new CaseDetailDto(
            ToDto(c),
            c.VillageCode is null ? null : _regions.NameOf(c.VillageCode),
            c.DiscoveredAt,
            c.ParentsReached,
            c.EscortedTo is { } to ? CaseVocabulary.EscortDestinations.WordOf(to) : null,
            c.EscortInstitutionId,
            c.Outcome,
            c.PlacementRequested,
            [.. c.Timeline.Select(ToDto)],
            [.. CasePolicy.NextSteps(c).Select(n => new NextStepDto(n.EventType, CaseVocabulary.Stages.WordOf(n.Stage), n.Optional))],
            search is null ? null : new SearchCircleDto(search.Centre.Lon, search.Centre.Lat, search.CentreApproximate,
                search.LastSeenAt, search.RadiusKm));
    }

    /// <summary>A place of care with its live figures, or null when unknown.</summary>
    public InstitutionDto? Institution(string institutionId) => _care.TryGetInstitution(institutionId, out var i) ? ToDto(i) : null;

    /// <summary>The placement of a case still waiting for a place (requested, not assigned), if any: an escort fills it.</summary>
    public string? WaitingPlacementOf(string caseId) =>
        _care.Placements.FirstOrDefault(p => p.ReportId == caseId && p.Stage == PlacementStage.Requested)?.Id;

    private static TimelineEntryDto ToDto(TimelineEntry e)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.ParentsReached is bool reached) details["parents_reached"] = reached ? "yes" : "no";
        if (e.EscortedTo is { } to) details["escorted_to"] = CaseVocabulary.EscortDestinations.WordOf(to);
        if (e.InstitutionId is { } institution) details["institution_id"] = institution;
        if (e.Outcome is { } outcome) details["outcome"] = outcome;
        if (e.Risk is { } risk) details["risk"] = CareVocabulary.RiskLevels.WordOf(risk);
        if (e.Services.Count > 0) details["services"] = string.Join(",", e.Services.Select(CareVocabulary.Services.WordOf));
        if (e.Measure is { } measure) details["measure"] = CareVocabulary.Measures.WordOf(measure);
        if (e.PlacementId is { } placement) details["placement_id"] = placement;
        if (e.SeriousHarm == true) details["serious_harm"] = "yes";
        if (e.NoCarer == true) details["no_carer"] = "yes";
        return new TimelineEntryDto(e.EventId, e.Type, e.At, e.ActedBy, e.ActedByName, e.Actor is not null, details);
    }
}
