using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Controls;

public sealed partial class AggregateView
{
    private IReadOnlyList<string> _categories = [];
    private IReadOnlyList<(string Region, Dictionary<string, int?> Counts)> _caseRows = [];
    private IReadOnlyList<CaseCountDto>? _shapedFrom;

    // Virtualize wants an ICollection; the model hands out a new list whenever a township changed.
    private ICollection<RegionFiguresDto> TownshipRows =>
        Model.Townships as ICollection<RegionFiguresDto> ?? [.. Model.Townships];

    [Parameter, EditorRequired] public required AggregateModel Model { get; set; }

    /// <summary>Region names by code; codes show as themselves until loaded.</summary>
    [Parameter] public IReadOnlyDictionary<string, RegionDto>? Regions { get; set; }

    /// <summary>Raised once the heatmap exists (the page then loads the region names it needs for the heat points).</summary>
    [Parameter] public EventCallback OnMapDrawn { get; set; }

    /// <summary>The township table's columns: the registry figures a township keeps in its ledger.</summary>
    private static readonly Figure[] s_townshipColumns =
        [Figure.Children, Figure.VisitedOnTime, Figure.VisitDueSoon, Figure.VisitOverdue, Figure.StaleRecords,
         Figure.SchoolAge, Figure.Paired, Figure.OpenDropouts];

    // The leading group's map carries no cases and no institutions: only the township heat.
    private static readonly IReadOnlyList<CaseDto> s_noCases = [];
    private static readonly IReadOnlyList<InstitutionDto> s_noInstitutions = [];

    private (IReadOnlyList<RegionFiguresDto>? Townships, IReadOnlyDictionary<string, RegionDto>? Regions, IReadOnlyList<HeatPoint> Points) _heat;

    /// <summary>Recomputed only when the township list or region names change, so the map is not re-sent every render.</summary>
    private IReadOnlyList<HeatPoint> Heat
    {
        get
        {
            if (!ReferenceEquals(_heat.Townships, Model.Townships) || !ReferenceEquals(_heat.Regions, Regions))
            {
                _heat = (Model.Townships, Regions, OverdueHeat.From(Model.Townships, Regions));
            }
            return _heat.Points;
        }
    }

    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    protected override void OnParametersSet()
    {
        // Reshape only when the counts changed (a new list reference), not on every render.
        if (!ReferenceEquals(_shapedFrom, Model.CaseCounts))
        {
            _shapedFrom = Model.CaseCounts;
            _categories = [.. Model.CaseCounts.Select(c => c.Category).Distinct()];
            _caseRows = [.. Model.CaseCounts.GroupBy(c => c.RegionCode)
                .Select(g => (g.Key, g.ToDictionary(c => c.Category, c => c.Open)))];
        }
    }

    private string NameOf(string code) => Regions?.GetValueOrDefault(code)?.Name ?? code;
}
