using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Lbc.Web.Components.Controls;

/// <summary>
/// The Leaflet map through wwwroot/js/ops-map.js: county borders, open cases (clustered, colored by
/// SLA state and priority) and places of care as a layer the user can switch off. The module loads the
/// county GeoJSON itself (it never passes through .NET), creates the map, and then gets the data; later
/// data changes are sent at most every <see cref="DashboardTimings.MapUpdateInterval"/>.
/// When index.html painted the page before the runtime booted (js/early.js), the module adopts that Leaflet map
/// instead of making one, and the first render with the data drawn hands over: the early page goes, the map moves in.
/// </summary>
public sealed partial class OpsMap : IAsyncDisposable
{
    internal const string ModulePath = "./js/ops-map.js";


    private static int s_nextId;

    private readonly string _elementId = $"ops-map-{Interlocked.Increment(ref s_nextId)}";
    private IJSObjectReference? _module;
    private CallbackThrottler? _throttler;
    private bool _initializing;
    private bool _initialized;
    private bool _handedOver;
    private bool _bordersMissing;
    private bool _disposed;
    private IReadOnlyList<CaseDto>? _sentCases;
    private IReadOnlyList<InstitutionDto>? _sentInstitutions;
    private IReadOnlyDictionary<string, RegionDto>? _sentRegions;
    private IReadOnlyList<HeatPoint>? _sentHeat;
    private IReadOnlyList<SearchArea>? _sentSearches;
    private IReadOnlyList<WaitingMarker>? _sentWaiting;
    private (double Lat, double Lon)? _sentCentre;

    [Parameter, EditorRequired] public required IReadOnlyList<CaseDto> Cases { get; set; }
    [Parameter, EditorRequired] public required IReadOnlyList<InstitutionDto> Institutions { get; set; }
    [Parameter] public IReadOnlyDictionary<string, RegionDto>? Regions { get; set; }

    /// <summary>The overdue-visit heatmap's points; a layer the user can switch on and off.</summary>
    [Parameter] public IReadOnlyList<HeatPoint>? Heat { get; set; }

    /// <summary>Whether the heat layer starts switched on (the leading group's map) or off (the duty officer's).</summary>
    [Parameter] public bool HeatVisible { get; set; }

    /// <summary>The user's jurisdiction (region code): the map opens on it and outlines it.</summary>
    [Parameter] public string? Focus { get; set; }

    /// <summary>A heatmap-only map (the leading group's): no case or institution layers offered.</summary>
    [Parameter] public bool HeatOnly { get; set; }

    /// <summary>Raised once, after the map first drew the data it was given.</summary>
    [Parameter] public EventCallback OnDrawn { get; set; }

    /// <summary>Optional XYZ tile URL (intranet or 天地图); no tiles by default: no internet at run time.</summary>
    [Parameter] public string? TileUrl { get; set; }

    /// <summary>Missing-child search circles (a new list when they changed; they grow with time).</summary>
    [Parameter] public IReadOnlyList<SearchArea>? Searches { get; set; }

    /// <summary>Children waiting for temporary care, per township (the civil-affairs board).</summary>
    [Parameter] public IReadOnlyList<WaitingMarker>? Waiting { get; set; }

    /// <summary>When set, the map centres here (the case view) instead of the whole jurisdiction.</summary>
    [Parameter] public (double Lat, double Lon)? Centre { get; set; }

    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required DashboardTimings Timings { get; init; }

    internal string ElementId => _elementId;

    protected override void OnInitialized() =>
        _throttler = new CallbackThrottler(() => InvokeAsync(PushAsync), Timings.MapUpdateInterval, Time);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed)
        {
            return;
        }
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        if (!_initializing)
        {
            // Data pushes wait until the map exists: _initialized is set only once initMap has finished.
            _initializing = true;
            var hasBorders = await _module.InvokeAsync<bool?>("initMap", _elementId, new MapOptions(TileUrl, !HeatOnly, HeatVisible, HeatOnly, Focus, new MapLabels(
                L["Map_Cases"], L["Map_Institutions"], L["Cases_Stage"], L["Cases_Township"],
                L["Map_Free"], L["Map_Accepting"], L["Map_NotAccepting"], L["Map_Heat"], L["Map_Open"])));
            if (_disposed)
            {
                return;
            }
            _initialized = true;
            // Without the borders the map still shows the cases (they have coordinates); say what is missing.
            _bordersMissing = hasBorders == false;
            await PushAsync();
            StateHasChanged();
            await OnDrawn.InvokeAsync();
        }
        else if (_initialized)
        {
            if (!_handedOver)
            {
                // The first render with the data drawn (no "loading" left): the page painted before the runtime booted
                // (js/early.js) gives way to this one, and its map moves in here, in one browser task: no flicker.
                _handedOver = true;
                await _module.InvokeVoidAsync("handOver", _elementId);
            }
            if (Changed())
            {
                _ = _throttler!.Invoke();
            }
        }
    }

    private bool Changed() =>
        !ReferenceEquals(_sentCases, Cases) || !ReferenceEquals(_sentInstitutions, Institutions) || !ReferenceEquals(_sentRegions, Regions)
        || !ReferenceEquals(_sentHeat, Heat) || !ReferenceEquals(_sentSearches, Searches) || _sentCentre != Centre || !ReferenceEquals(_sentWaiting, Waiting);

    private async Task PushAsync()
    {
        if (_module is null || _disposed)
        {
            return;
        }
        try
        {
            if (!ReferenceEquals(_sentCases, Cases) || !ReferenceEquals(_sentRegions, Regions))
            {
                _sentCases = Cases;
                _sentRegions = Regions;
                await _module.InvokeVoidAsync("setCases", _elementId, Cases.Select(ToMarker).ToArray());
            }
            if (!ReferenceEquals(_sentHeat, Heat) && Heat is not null)
            {
                _sentHeat = Heat;
                await _module.InvokeVoidAsync("setHeat", _elementId, Heat.Select(h => new[] { h.Lat, h.Lon, h.Weight }).ToArray());
            }
            if (!ReferenceEquals(_sentSearches, Searches) && Searches is not null)
            {
                _sentSearches = Searches;
                await _module.InvokeVoidAsync("setSearches", _elementId, Searches.ToArray());
            }
            if (!ReferenceEquals(_sentWaiting, Waiting) && Waiting is not null)
            {
                _sentWaiting = Waiting;
                await _module.InvokeVoidAsync("setWaiting", _elementId, Waiting.ToArray());
            }
            if (_sentCentre != Centre && Centre is { } centre)
            {
                _sentCentre = Centre;
                await _module.InvokeVoidAsync("focusOn", _elementId, centre.Lat, centre.Lon, 9);
            }
            if (!ReferenceEquals(_sentInstitutions, Institutions))
            {
                _sentInstitutions = Institutions;
                await _module.InvokeVoidAsync("setInstitutions", _elementId, Institutions.Select(ToMarker).ToArray());
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private MapCase ToMarker(CaseDto c)
    {
        var breached = CaseRules.IsBreached(c, Time.GetUtcNow());
        return new MapCase(c.CaseId, c.Lat, c.Lon, ColorOf(breached, c.Priority), breached, c.Priority,
            L.Category(c.Category), L.Stage(c.Stage), c.Stage, TownshipName(c.TownshipCode));
    }

    private MapInstitution ToMarker(InstitutionDto i) =>
        new(i.InstitutionId, i.Lat, i.Lon, i.Name, L.InstitutionKind(i.Kind), i.Free, i.Capacity, i.Accepting);

    private string TownshipName(string code) =>
        Regions is not null && Regions.TryGetValue(code, out var r) ? r.Name : L["Township_Unknown"];

    /// <summary>Red when the SLA is breached; otherwise by priority (1 orange, 2 amber, 3 blue).</summary>
    internal static string ColorOf(bool breached, int priority) => breached ? "#d32f2f" : priority switch
    {
        1 => "#ef6c00",
        2 => "#f9a825",
        _ => "#1976d2",
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_module is null)
        {
            return;
        }
        try
        {
            if (_initialized)
            {
                await _module.InvokeVoidAsync("dispose", _elementId);
            }
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The page is going away: nothing left to clean up in the browser.
        }
    }

    internal sealed record MapOptions(string? TileUrl, bool ShowInstitutions, bool ShowHeat, bool HeatOnly, string? Focus, MapLabels Labels);

    internal sealed record MapLabels(string Cases, string Institutions, string Stage, string Township, string Free, string Accepting, string NotAccepting, string Heat, string Open);

    /// <summary>What the map shows of a case: no names, only category, stage and place.</summary>
    internal sealed record MapCase(string Id, double Lat, double Lon, string Color, bool Breached, int Priority, string Category, string Stage, string StageCode, string Township);

    internal sealed record MapInstitution(string Id, double Lat, double Lon, string Name, string Kind, int Free, int Capacity, bool Accepting);
}
