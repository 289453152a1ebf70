using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Pages;

/// <summary>The operations page: indicators, the map and the open-case queue, live from the store.</summary>
public sealed partial class Operations : IDisposable
{
    private IDisposable? _subscription;
    private IReadOnlyDictionary<string, RegionDto>? _regions;
    private bool _geoError;
    private bool _regionsRequested;
    private (IReadOnlyList<TownshipFiguresDto>? Townships, IReadOnlyDictionary<string, RegionDto>? Regions, IReadOnlyList<HeatPoint> Heat) _heat;

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required GeoService Geo { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(StateHasChanged));
        _ = Store.StartAsync();
    }

    /// <summary>
    /// Region names (township names, township points for the heat layer) load once the map has drawn the data:
    /// parsing the list holds the browser's only .NET thread for half a second or more on a slow machine, and the
    /// map and the figures come first; until then the case list shows township codes. The map loads the county
    /// borders itself, in the browser (OpsMap).
    /// </summary>
    private async Task LoadRegionsAsync()
    {
        if (_regionsRequested)
        {
            return;
        }
        _regionsRequested = true;
        // Let the browser paint the map first.
        await Task.Delay(1);
        try
        {
            _regions = await Geo.GetRegionsAsync();
        }
        catch (Exception)
        {
            // Township names fall back to codes; the rest of the page works.
            _geoError = true;
        }
    }

    /// <summary>Recomputed only when the township list or the region names change (the store hands out new lists on change).</summary>
    private IReadOnlyList<HeatPoint> HeatOf(IReadOnlyList<TownshipFiguresDto> townships)
    {
        if (!ReferenceEquals(_heat.Townships, townships) || !ReferenceEquals(_heat.Regions, _regions))
        {
            _heat = (townships, _regions, OverdueHeat.From(townships, _regions));
        }
        return _heat.Heat;
    }

    public void Dispose() => _subscription?.Dispose();
}
