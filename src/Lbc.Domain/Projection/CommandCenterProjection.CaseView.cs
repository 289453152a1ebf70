using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;

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

    /// <summary>
    /// The region an event is about (its township, or an institution's region), read from the event or from what it
    /// refers to (a case, a child, a placement, an institution); null when it refers to something unknown. Producers
    /// limited to regions are checked against it.
    /// </summary>
    public string? RegionOf(DomainEvent e) => e switch
    {
        ReportFiled r => r.TownshipCode,
        ChildRegistered r => r.TownshipCode,
        ChildUpdated u when u.TownshipCode is not null => u.TownshipCode,
        LedgerSubmitted l => l.TownshipCode,
        InstitutionRegistered i => i.RegionCode,
        InstitutionStatusReported i => _care.TryGetInstitution(i.InstitutionId, out var inst) ? inst.RegionCode : null,
        PlacementRequested p => p.TownshipCode,
        PlacementAssigned p => _care.TownshipOf(p.PlacementId),
        PlacementAdmitted p => _care.TownshipOf(p.PlacementId),
        PlacementEnded p => _care.TownshipOf(p.PlacementId),
        CaseProgressed c => CaseTownship(c.ReportId),
        AssessmentOpened a => CaseTownship(a.ReportId),
        AssessmentCompleted a => CaseTownship(a.ReportId),
        ServiceArranged a => CaseTownship(a.ReportId),
        InterventionRecorded i => i.ReportId is { } id ? CaseTownship(id) : i.ChildId is { } child ? ChildTownship(child) : null,
        ChildUpdated u => ChildTownship(u.ChildId),
        ChildExited x => ChildTownship(x.ChildId),
        VisitRecorded v => ChildTownship(v.ChildId),
        PairingAssigned p => ChildTownship(p.ChildId),
        DropoutReported d => ChildTownship(d.ChildId),
        DropoutReturned d => ChildTownship(d.ChildId),
        AlertAcknowledged a => _alerts.TryGet(a.AlertId, out var alert) ? alert.RegionCode : null,
        AlertMuted m => _alerts.TryGet(m.AlertId, out var muted) ? muted.RegionCode : null,
        _ => null,
    };

    private string? CaseTownship(string caseId) => _cases.TryGetCase(caseId, out var c) ? c.TownshipCode : null;

    private string? ChildTownship(string childId) =>
        _children.TownshipOf(childId) is var i and >= 0 ? _regions.Townships[i].Code : null;

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
