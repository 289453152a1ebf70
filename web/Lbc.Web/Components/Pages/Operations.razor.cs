using System.Text.Json;
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
    private JsonElement? _counties;
    private IReadOnlyDictionary<string, RegionDto>? _regions;
    private bool _geoError;
    private (IReadOnlyList<TownshipStatsDto>? Townships, IReadOnlyDictionary<string, RegionDto>? Regions, IReadOnlyList<HeatPoint> Heat) _heat;

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required GeoService Geo { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(StateHasChanged));
        _ = Store.StartAsync();
        await Task.WhenAll(LoadRegionsAsync(), LoadCountiesAsync());
    }

    private async Task LoadRegionsAsync()
    {
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

    private async Task LoadCountiesAsync()
    {
        try
        {
            _counties = await Geo.GetCountiesAsync();
        }
        catch (Exception)
        {
            // Show the map without borders rather than no map: cases still have coordinates.
            _geoError = true;
            _counties = JsonDocument.Parse("""{"type":"FeatureCollection","features":[]}""").RootElement.Clone();
        }
    }

    /// <summary>Recomputed only when the township list or the region names change (the store hands out new lists on change).</summary>
    private IReadOnlyList<HeatPoint> HeatOf(IReadOnlyList<TownshipStatsDto> townships)
    {
        if (!ReferenceEquals(_heat.Townships, townships) || !ReferenceEquals(_heat.Regions, _regions))
        {
            _heat = (townships, _regions, OverdueHeat.From(townships, _regions));
        }
        return _heat.Heat;
    }

    public void Dispose() => _subscription?.Dispose();
}
