using System.Globalization;
using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Lbc.Web.Components.Controls;

/// <summary>
/// The drill-down map (wwwroot/js/ops-map.js, choropleth part): the regions one level below coloured by overdue-visit
/// rate with a legend of its classes (cities and counties as county polygons, townships as circles at their points),
/// the overdue and stale heat layers weighted by counts per township, a tooltip with the region's figures on hover, and a
/// click that drills in.
/// </summary>
public sealed partial class RegionMap : IAsyncDisposable
{
    private static int s_nextId;
    private readonly string _elementId = $"region-map-{Interlocked.Increment(ref s_nextId)}";
    private IJSObjectReference? _module;
    private DotNetObjectReference<Callbacks>? _callbacks;
    private bool _initialized;
    private bool _disposed;
    private RegionDrillDto? _sentDrill;
    private IReadOnlyList<RegionRowDto>? _sentTownships;
    private string? _sentHeat = "";

    [Parameter, EditorRequired] public required RegionDrillDto Drill { get; set; }

    /// <summary>Every township of the region (suppressed for the leading group), for the heat layers; null until loaded.</summary>
    [Parameter] public IReadOnlyList<RegionRowDto>? Townships { get; set; }

    [Parameter] public EventCallback<string> OnRegionClicked { get; set; }

    [Parameter] public string? TileUrl { get; set; }

    /// <summary>Which heat layer shows: "overdue", "stale" or none.</summary>
    [Parameter] public string? Heat { get; set; }

    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            if (firstRender)
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", OpsMap.ModulePath);
                _callbacks = DotNetObjectReference.Create(new Callbacks(this));
                await _module.InvokeAsync<bool>("initChoropleth", _elementId,
                    new { tileUrl = TileUrl, labels = new { regions = L["Drill_MapRegions"].Value, heatOverdue = L["Map_Heat"].Value, heatStale = L["Drill_HeatStale"].Value } },
                    _callbacks);
                _initialized = true;
            }
            if (!_initialized || _module is null)
            {
                return;
            }
            if (!ReferenceEquals(_sentDrill, Drill))
            {
                _sentDrill = Drill;
                var level = Drill.SubRegions.FirstOrDefault()?.Level ?? Drill.Level;
                await _module.InvokeVoidAsync("setChoropleth", _elementId, level, Drill.Code,
                    Drill.SubRegions.Select(ToRegion).ToArray(), Legend());
            }
            if (!ReferenceEquals(_sentTownships, Townships) && Townships is not null)
            {
                _sentTownships = Townships;
                await _module.InvokeVoidAsync("setHeatLayers", _elementId,
                    HeatPoints(Figure.VisitOverdue), HeatPoints(Figure.StaleRecords));
            }
            if (_sentHeat != Heat)
            {
                _sentHeat = Heat;
                await _module.InvokeVoidAsync("showHeat", _elementId, Heat);
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private object ToRegion(RegionRowDto r)
    {
        var rate = RegionRates.OverdueRate(r.Figures);
        return new
        {
            code = r.Code,
            name = r.Name,
            lat = r.Lat,
            lon = r.Lon,
            color = RegionRates.ColorOf(rate),
            tooltip = new[]
            {
                new[] { L["Rate_overdue"].Value, rate is { } v ? v.ToString("P1", CultureInfo.CurrentCulture) : SmallCounts.SuppressedText },
                new[] { L.Label(Figure.Children), FigureText.Show(r.Figures, Figure.Children) },
                new[] { L.Label(Figure.VisitOverdue), FigureText.Show(r.Figures, Figure.VisitOverdue) },
                new[] { L.Label(Figure.StaleRecords), FigureText.Show(r.Figures, Figure.StaleRecords) },
                new[] { L.Label(Figure.OpenCases), FigureText.Show(r.Figures, Figure.OpenCases) },
            },
        };
    }

    /// <summary>Heat weighted by the number of children (not their share): where the work is, in the region's townships.</summary>
    private double[][] HeatPoints(Figure figure) =>
        [.. (Townships ?? []).Where(t => t.Figures[figure] is > 0).Select(t => new[] { t.Lat, t.Lon, (double)t.Figures[figure]!.Value })];

    private string[][] Legend()
    {
        var rows = new List<string[]>();
        var from = 0.0;
        foreach (var (upTo, color) in RegionRates.OverdueClasses)
        {
            var text = upTo == double.MaxValue
                ? $"≥ {from.ToString("P0", CultureInfo.CurrentCulture)}"
                : $"{from.ToString("P0", CultureInfo.CurrentCulture)} – {upTo.ToString("P0", CultureInfo.CurrentCulture)}";
            rows.Add([color, text]);
            from = upTo;
        }
        rows.Add([RegionRates.HiddenColor, L["Drill_LegendHidden"]]);
        rows.Insert(0, ["transparent", L["Rate_overdue"]]);
        return [.. rows];
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        try
        {
            if (_module is not null)
            {
                await _module.InvokeVoidAsync("disposeChoropleth", _elementId);
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
        }
        _callbacks?.Dispose();
    }

    /// <summary>What the map calls back: a click on a region.</summary>
    private sealed class Callbacks(RegionMap map)
    {
        [JSInvokable]
        public Task OnRegionClicked(string code) => map.OnRegionClicked.InvokeAsync(code);
    }
}
