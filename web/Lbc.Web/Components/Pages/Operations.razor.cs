using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Lbc.Web.Components.Pages;

/// <summary>
/// The duty officer's console (police, civil affairs and administrators until their own boards exist): indicators,
/// the incident queue and the map of open cases with the missing-child search areas, live from the store. Wall mode
/// (<c>?wall=1</c> or its button): full screen, large type, the queue and the map, the clock and the data's freshness.
/// The leading group gets its aggregate view here.
/// </summary>
public sealed partial class Operations : IDisposable
{
    /// <summary>Search circles are redrawn this often: they grow 5 km an hour, a few hundred metres a minute.</summary>
    private static readonly TimeSpan s_searchRefresh = TimeSpan.FromSeconds(30);

    private IDisposable? _subscription;
    private IReadOnlyDictionary<string, RegionDto>? _regions;
    private bool _geoError;
    private bool _regionsRequested;
    private (IReadOnlyList<RegionFiguresDto>? Townships, IReadOnlyDictionary<string, RegionDto>? Regions, IReadOnlyList<HeatPoint> Heat) _heat;
    private (IReadOnlyList<CaseDto>? Cases, DateTimeOffset At, IReadOnlyList<SearchArea> Areas) _searches;
    private (string Text, bool Ok)? _message;
    private ITimer? _clock;
    private bool _homeChosen;
    // The coordinator lands on the board once per tab; the queue link brings them back here afterwards.
    private static bool s_boardShown;
    private static bool s_ledgerShown;

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required GeoService Geo { get; init; }
    [Inject] public required CommandClient Commands { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    [SupplyParameterFromQuery(Name = "wall")] public string? Wall { get; set; }

    private bool IsWall => Wall is "1" or "true";

    private string Title => Store.Alarm.UnseenCount > 0 ? $"({Store.Alarm.UnseenCount}) {L["App_Title"]}" : L["App_Title"];

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(() =>
        {
            // The leading group's home is the drill-down.
            if (Store.User is { } user && !IsWall && !_homeChosen)
            {
                _homeChosen = true;
                // Each role's home: the leading group's is the drill-down, the civil-affairs coordinator's the board.
                if (Roles.SeesAggregatesOnly(user.Role))
                {
                    Navigation.NavigateTo("province");
                    return;
                }
                // Township staff keep the ledger: their home is the import (the queue and map stay one click away).
                if (user.Role == Roles.TownshipStaff && !s_ledgerShown)
                {
                    s_ledgerShown = true;
                    Navigation.NavigateTo("ledger");
                    return;
                }
                if (user.Role == Roles.CivilAffairs && !s_boardShown)
                {
                    s_boardShown = true;
                    Navigation.NavigateTo("placements");
                    return;
                }
            }
            StateHasChanged();
        }));
        _ = Store.StartAsync();
        // The wall clock ticks; other views re-render on data.
        _clock = Time.CreateTimer(_ => { if (IsWall) { _ = InvokeAsync(StateHasChanged); } }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Region names (township names, township points for the heat layer) load once the map has drawn the data:
    /// parsing the list holds the browser's only .NET thread for half a second or more on a slow machine, and the
    /// map and the figures come first; until then the queue shows township codes.
    /// </summary>
    private async Task LoadRegionsAsync()
    {
        if (!_regionsRequested)
        {
            _regionsRequested = true;
            _regions = await Geo.GetRegionsAfterPaintAsync();
            _geoError = _regions is null;
        }
    }

    private void OpenCase(string caseId)
    {
        Store.Alarm.MarkSeen(caseId);
        Navigation.NavigateTo($"cases/{Uri.EscapeDataString(caseId)}");
    }

    /// <summary>A step recorded from the queue's keyboard; the row changes when the resulting delta arrives.</summary>
    private async Task ActAsync((string CaseId, string Type) action)
    {
        if (!Store.Cases.TryGetCase(action.CaseId, out var c))
        {
            return;
        }
        Store.Alarm.MarkSeen(action.CaseId);
        var result = await Commands.SendCaseStepAsync(action.Type, action.CaseId, c.Version, new Dictionary<string, object?>());
        _message = CommandMessages.Describe(result, L, L.Action(action.Type));
    }

    private IReadOnlyList<HeatPoint> HeatOf(IReadOnlyList<RegionFiguresDto> townships)
    {
        if (!ReferenceEquals(_heat.Townships, townships) || !ReferenceEquals(_heat.Regions, _regions))
        {
            _heat = (townships, _regions, OverdueHeat.From(townships, _regions));
        }
        return _heat.Heat;
    }

    /// <summary>The search circles, recomputed when the cases change or every <see cref="s_searchRefresh"/> (they grow with time).</summary>
    private IReadOnlyList<SearchArea> SearchesOf(IReadOnlyList<CaseDto> cases)
    {
        var now = Time.GetUtcNow();
        if (!ReferenceEquals(_searches.Cases, cases) || now - _searches.At > s_searchRefresh)
        {
            var rules = Store.Cases.Rules;
            _searches = (cases, now, [.. cases.Where(c => c.Searching).Select(c =>
            {
                var radius = CaseRules.SearchRadiusKm(c, now, rules);
                var since = Labels.FormatSpan(now - (c.LastSeenAt ?? c.ReceivedAt), L["Clock_DaySuffix"]);
                return new SearchArea(c.CaseId, c.Lat, c.Lon, radius, string.Format(System.Globalization.CultureInfo.CurrentCulture,
                    L["Search_Tooltip"], radius, since));
            })]);
        }
        return _searches.Areas;
    }

    private Task EnterWallAsync() => ConsoleModule.EnterWallAsync(Navigation, JS);

    private Task LeaveWallAsync() => ConsoleModule.LeaveWallAsync(Navigation, JS);

    public void Dispose()
    {
        _subscription?.Dispose();
        _clock?.Dispose();
    }
}
