using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Lbc.Web.Components.Pages;

/// <summary>
/// The drill-down (<c>/province?region=CODE</c>): the leading group's home, and a second page for every other role (their
/// own jurisdiction, the same aggregates). Province > city > county > township by clicking the map or a row, a breadcrumb
/// back up; every figure of DOMAIN.md at each level; the sub-region table sortable by any column (worst overdue rate
/// first); a choropleth of the level below and heat layers; mandatory-reporting accountability. Refreshed from the server
/// when the live feed moves (at most every <see cref="s_refresh"/>). Wall mode rotates every 30 s between the region, its
/// five worst sub-regions and the overdue heat map.
/// </summary>
public sealed partial class Province : IDisposable
{
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_wallRotation = TimeSpan.FromSeconds(30);

    private static readonly Figure[] s_childrenFigures =
    [
        Figure.Children, Figure.KindBothParentsAway, Figure.KindOneParentAway, Figure.GuardianParentAtHome,
        Figure.GuardianEntrusted, Figure.GuardianNone, Figure.SchoolAge, Figure.Paired, Figure.OpenDropouts,
        Figure.VisitedOnTime, Figure.VisitDueSoon, Figure.VisitOverdue, Figure.StaleRecords, Figure.LateTownships,
    ];

    private static readonly Figure[] s_careFigures =
        [Figure.PlacementsWaiting, Figure.PlacementsActive, Figure.Capacity, Figure.Occupied, Figure.FreeBeds];

    private IDisposable? _subscription;
    private ITimer? _timer;
    private RegionDrillDto? _drill;
    private IReadOnlyList<RegionRowDto>? _townships;
    private string? _loadedRegion;
    private string? _error;
    private string _sortKey = "overdueRate";
    private bool _sortDescending = true;
    private string? _heat;
    private DateTimeOffset _lastLoad;
    private int _wallPanel;
    private DateTimeOffset _wallSince;
    private int _loading;
    private bool _dirty;

    [SupplyParameterFromQuery(Name = "region")] public string? Region { get; set; }
    [SupplyParameterFromQuery(Name = "wall")] public string? Wall { get; set; }

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required HttpClient Http { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    private bool IsWall => Wall is "1" or "true";

    private string? _bulletinPeriod;

    /// <summary>The bulletin export's period (GET /api/bulletins for the region shown); the last finished quarter at first.</summary>
    private string BulletinPeriod
    {
        get => _bulletinPeriod ??= BulletinPeriods.Default(Time.GetUtcNow());
        set => _bulletinPeriod = value;
    }

    private (RuleSettingsDto? Rules, IReadOnlyList<TrendChartSpec>? Charts) _charts;

    /// <summary>The headline trends, made again only when the rules arrive (a new list would re-initialise every chart).</summary>
    private IReadOnlyList<TrendChartSpec> Charts
    {
        get
        {
            var rules = Store.Cases.Rules ?? Store.Aggregates.Rules;
            if (_charts.Charts is null || !ReferenceEquals(_charts.Rules, rules))
            {
                _charts = (rules, TrendCatalog.Headline(L, rules, Store.User is { } u && Roles.SeesAggregatesOnly(u.Role)));
            }
            return _charts.Charts;
        }
    }

    private string? TileUrl => Store.Live.HasData ? (Store.Cases.TileUrl ?? Store.Aggregates.TileUrl) : null;

    private string Target => string.IsNullOrWhiteSpace(Region) ? Store.User?.Jurisdiction ?? "21" : Region;

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(OnLiveChangedAsync));
        _ = Store.StartAsync();
        _timer = Time.CreateTimer(_ => _ = InvokeAsync(OnTickAsync), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Store.User is null)
        {
            // The user arrives with the session; the live-store subscription loads then.
            return;
        }
        if (_loadedRegion != Target)
        {
            await LoadAsync(Target);
        }
    }

    /// <summary>The live feed moved: the figures changed somewhere; reload at most every few seconds.</summary>
    private async Task OnLiveChangedAsync()
    {
        _dirty = true;
        if (Store.User is not null && (_loadedRegion != Target || Time.GetUtcNow() - _lastLoad > s_refresh))
        {
            await LoadAsync(Target);
        }
        StateHasChanged();
    }

    private async Task OnTickAsync()
    {
        // A change that came within the refresh interval of the last load is picked up once the interval is over.
        if (_dirty && Store.User is not null && Time.GetUtcNow() - _lastLoad > s_refresh)
        {
            await LoadAsync(Target);
            StateHasChanged();
        }
        if (IsWall && Time.GetUtcNow() - _wallSince > s_wallRotation)
        {
            _wallSince = Time.GetUtcNow();
            _wallPanel = (_wallPanel + 1) % 3;
        }
        if (IsWall)
        {
            StateHasChanged();
        }
    }

    private async Task LoadAsync(string code)
    {
        if (Interlocked.Exchange(ref _loading, 1) == 1)
        {
            return;
        }
        try
        {
            _lastLoad = Time.GetUtcNow();
            _dirty = false;
            using var response = await Http.GetAsync(RegionRoutes.FiguresOf(code));
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
            {
                _error = L["Drill_Outside"];
                return;
            }
            response.EnsureSuccessStatusCode();
            var drill = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.RegionDrillDto);
            if (_loadedRegion != code)
            {
                _townships = null;
            }
            _drill = drill;
            _loadedRegion = code;
            _error = null;
            _townships = await Http.GetFromJsonAsync(RegionRoutes.TownshipsOf(code), ContractsJsonContext.Default.IReadOnlyListRegionRowDto);
        }
        catch (HttpRequestException)
        {
            _error = L["Drill_LoadFailed"];
        }
        finally
        {
            Volatile.Write(ref _loading, 0);
        }
    }

    private void DrillInto(string code)
    {
        if (RegionCodes(code))
        {
            Navigation.NavigateTo(HrefOf(code));
        }
    }

    /// <summary>Only regions with something below them drill in further; a township is the last level.</summary>
    private static bool RegionCodes(string code) => code.Length is 2 or 4 or 6 or 9;

    private string HrefOf(string code) =>
        "province?region=" + Uri.EscapeDataString(code) + (IsWall ? "&wall=1" : "");

    private void SortBy(string key)
    {
        if (_sortKey == key)
        {
            _sortDescending = !_sortDescending;
        }
        else
        {
            _sortKey = key;
            _sortDescending = RegionRates.TableColumns.First(c => c.Key == key).HigherIsWorse;
        }
    }

    /// <summary>Sorted by the chosen column; hidden values last whichever the direction; names break ties for a stable order.</summary>
    private IEnumerable<RegionRowDto> SortedRows(RegionDrillDto drill)
    {
        var column = RegionRates.TableColumns.First(c => c.Key == _sortKey);
        var ordered = drill.SubRegions
            .OrderBy(r => column.Value(r.Figures) is null ? 1 : 0)
            .ThenBy(r => (_sortDescending ? -1 : 1) * (column.Value(r.Figures) ?? 0))
            .ThenBy(r => r.Code, StringComparer.Ordinal);
        if (IsWall && _wallPanel == 1)
        {
            // The wall's "five worst": by overdue rate, whatever the table's sort.
            return drill.SubRegions.Where(r => RegionRates.OverdueRate(r.Figures) is not null)
                .OrderByDescending(r => RegionRates.OverdueRate(r.Figures)).Take(5);
        }
        return ordered;
    }

    private IEnumerable<(string Label, string Text, bool Alert, string Key)> Headline(Figures f)
    {
        yield return (L.Label(Figure.Children), FigureText.Show(f, Figure.Children), false, "children");
        yield return (L.Label(Figure.VisitOverdue), FigureText.Show(f, Figure.VisitOverdue), f[Figure.VisitOverdue] is > 0, "visitOverdue");
        yield return (L["Rate_overdue"], Percent(RegionRates.OverdueRate(f)), RegionRates.OverdueRate(f) is > 0.1, "overdueRate");
        yield return (L.Label(Figure.StaleRecords), FigureText.Show(f, Figure.StaleRecords), false, "staleRecords");
        yield return (L["Rate_pairing"], Percent(RegionRates.PairingCoverage(f)), RegionRates.PairingCoverage(f) is < 0.95, "pairing");
        yield return (L.Label(Figure.OpenCases), FigureText.Show(f, Figure.OpenCases), false, "openCases");
        yield return (L.Label(Figure.BreachedCases), FigureText.Show(f, Figure.BreachedCases), f[Figure.BreachedCases] is > 0, "breachedCases");
        yield return (L.Label(Figure.PlacementsWaiting), FigureText.Show(f, Figure.PlacementsWaiting), f[Figure.PlacementsWaiting] is > 0, "placementsWaiting");
    }

    /// <summary>Sub-regions with children where schools, hospitals or village committees filed nothing in the report window.</summary>
    private static IReadOnlyList<(RegionRowDto Region, Figure Reporter)> SilentReporters(RegionDrillDto drill) =>
        [.. from r in drill.SubRegions
            where r.Figures[Figure.Children] is null or > 0
            from reporter in RegionRates.WatchedReporters
            where r.Figures[reporter] == 0
            select (r, reporter)];

    private string UnderSchoolAge(Figures f) =>
        f[Figure.Children] is { } c && f[Figure.SchoolAge] is { } s ? FigureText.Show(c - s) : SmallCounts.SuppressedText;

    private static string Percent(double? rate) => rate is { } r ? r.ToString("P1", CultureInfo.CurrentCulture) : "–";

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.CurrentCulture) : "–";

    private void SetHeat(string? heat) => _heat = heat;

    private Task EnterWallAsync()
    {
        _wallSince = Time.GetUtcNow();
        return ConsoleModule.EnterWallAsync(Navigation, JS);
    }

    private Task LeaveWallAsync() => ConsoleModule.LeaveWallAsync(Navigation, JS);

    public void Dispose()
    {
        _subscription?.Dispose();
        _timer?.Dispose();
    }

    /// <summary>
    /// The alerts per city for this view: every city at the province, the region's own city below it (the country's leading
    /// group has them per province: every province at the country, the region's own province below it). Only aggregate
    /// views (the leading group) receive these figures; other roles see their alerts in full in the bell.
    /// </summary>
    private IReadOnlyList<AlertCityFiguresDto> AlertRows(RegionDrillDto drill)
    {
        var all = Store.Aggregates.AlertFigures;
        return drill.Level == "country" ? all
            : [.. all.Where(r => r.CityCode.StartsWith(drill.Code, StringComparison.Ordinal) || drill.Code.StartsWith(r.CityCode, StringComparison.Ordinal))];
    }

    /// <summary>A city's name from the drill's rows or breadcrumb (the only names this page holds).</summary>
    private string CityName(string code) =>
        _drill?.SubRegions.FirstOrDefault(r => r.Code == code)?.Name
        ?? _drill?.Breadcrumb.FirstOrDefault(c => c.Code == code)?.Name
        ?? code;
}
