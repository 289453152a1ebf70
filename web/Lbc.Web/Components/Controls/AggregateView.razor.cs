using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Controls;

public sealed partial class AggregateView
{
    /// <summary>The overview table's columns: the ledger figures and the open emergencies.</summary>
    private static readonly Figure[] s_columns =
        [Figure.Children, Figure.VisitedOnTime, Figure.VisitDueSoon, Figure.VisitOverdue, Figure.StaleRecords,
         Figure.SchoolAge, Figure.Paired, Figure.OpenDropouts, Figure.OpenCases, Figure.BreachedCases];

    [Parameter, EditorRequired] public required AggregateModel Model { get; set; }

    /// <summary>Region names by code; codes show as themselves until loaded.</summary>
    [Parameter] public IReadOnlyDictionary<string, RegionDto>? Regions { get; set; }

    /// <summary>Raised once when the view has drawn (the page then loads the region names).</summary>
    [Parameter] public EventCallback OnMapDrawn { get; set; }

    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    protected override Task OnAfterRenderAsync(bool firstRender) => firstRender ? OnMapDrawn.InvokeAsync() : Task.CompletedTask;

    private string NameOf(string code) => Regions?.GetValueOrDefault(code)?.Name ?? code;
}
