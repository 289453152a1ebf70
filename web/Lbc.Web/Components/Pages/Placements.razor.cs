using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Pages;

/// <summary>
/// The civil-affairs board (<c>/placements</c>, the coordinator's home): where can this child sleep safely tonight. The
/// placement queue with each child's wait against the target, the ranked suggestions with their reasons and one-click
/// assignment, admission and ending; every place of care with its live beds (from the placements alone, a contradicting
/// status report shown as such), staleness flagged; the map of places sized by capacity and coloured by free beds with
/// the waiting children at their townships; and the townships' follow-ups (assessment clocks, services).
/// </summary>
public sealed partial class Placements : IDisposable
{
    private const string EventTypesAdmitted = "placement.admitted";
    private static readonly string[] s_endReasons = ["returned_to_parents", "returned_to_relatives", "new_guardian_appointed", "other"];
    private static readonly string[] s_kinds = ["relief_station", "protection_centre", "welfare_institution", "temporary_shelter", "boarding_school"];
    private static readonly IReadOnlyList<CaseDto> s_noCases = [];

    private IDisposable? _subscription;
    private ITimer? _timer;
    private IReadOnlyDictionary<string, RegionDto>? _regions;
    private bool _regionsRequested;
    private string? _selected;
    private PlacementSuggestionsDto? _suggestions;
    private bool _busy;
    private (string Text, bool Ok)? _message;
    private string _kindFilter = "";
    private string _regionFilter = "";
    private bool _freeDescending = true;
    private (IReadOnlyList<PlacementDto>? From, IReadOnlyDictionary<string, RegionDto>? Regions, IReadOnlyList<WaitingMarker> Markers) _waiting;

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required HttpClient Http { get; init; }
    [Inject] public required CommandClient Commands { get; init; }
    [Inject] public required GeoService Geo { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    private TimeSpan WaitTarget => TimeSpan.FromMinutes(Store.Cases.Rules?.PlacementWaitTargetMinutes ?? 120);

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(StateHasChanged));
        _ = Store.StartAsync();
        // Waits count up every minute.
        _timer = Time.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    private async Task LoadRegionsAsync()
    {
        if (!_regionsRequested)
        {
            _regionsRequested = true;
            _regions = await Geo.GetRegionsAfterPaintAsync();
        }
    }

    private async Task SuggestAsync(string placementId)
    {
        _selected = placementId;
        _suggestions = null;
        try
        {
            using var response = await Http.GetAsync(CommandRoutes.SuggestionsOf(placementId));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                _message = (L["Care_PlacementGone"], false);
                return;
            }
            response.EnsureSuccessStatusCode();
            _suggestions = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.PlacementSuggestionsDto);
        }
        catch (HttpRequestException)
        {
            _message = (L["Drill_LoadFailed"], false);
        }
    }

    private Task AssignAsync(string placementId, string institutionId) =>
        SendAsync(placementId, "placement.assigned", new Dictionary<string, object?> { ["institution_id"] = institutionId });

    private Task EndAsync(string placementId, string? reason) => string.IsNullOrEmpty(reason)
        ? Task.CompletedTask
        : SendAsync(placementId, "placement.ended", new Dictionary<string, object?> { ["reason"] = reason });

    private async Task SendAsync(string placementId, string type, IReadOnlyDictionary<string, object?>? data)
    {
        if (_busy)
        {
            return;
        }
        _busy = true;
        try
        {
            var result = await Commands.SendPlacementStepAsync(type, placementId, data ?? new Dictionary<string, object?>());
            _message = CommandMessages.Describe(result, L, L.Action(type));
            if (result is CommandResult.Accepted && type == "placement.assigned")
            {
                _selected = null;
                _suggestions = null;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private IEnumerable<InstitutionDto> FilteredInstitutions =>
        Store.Cases.Institutions
            .Where(i => _kindFilter.Length == 0 || i.Kind == _kindFilter)
            .Where(i => _regionFilter.Length == 0 || i.RegionCode.StartsWith(_regionFilter, StringComparison.Ordinal))
            .OrderBy(i => (_freeDescending ? -1 : 1) * i.Free)
            .ThenBy(i => i.InstitutionId, StringComparer.Ordinal);

    private void ToggleFreeSort() => _freeDescending = !_freeDescending;

    private IEnumerable<RegionDto> Cities() =>
        _regions is null ? [] : _regions.Values.Where(r => r.Level == "city" && Store.Cases.Institutions.Any(i => i.RegionCode.StartsWith(r.Code, StringComparison.Ordinal)))
            .OrderBy(r => r.Code, StringComparer.Ordinal);

    /// <summary>One marker per township with waiting children (late when any waits past the target).</summary>
    private IReadOnlyList<WaitingMarker> WaitingMarkers()
    {
        var placements = Store.Cases.Placements;
        if (!ReferenceEquals(_waiting.From, placements) || !ReferenceEquals(_waiting.Regions, _regions))
        {
            var markers = placements.Where(p => p.Stage == PlacementStages.Requested)
                .GroupBy(p => p.TownshipCode)
                .Select(g => _regions?.GetValueOrDefault(g.Key) is { } r
                    ? new WaitingMarker(r.Lat, r.Lon, g.Count(), g.Any(p => p.Late), $"{r.Name}: {g.Count()} {L["Care_Waiting"]}")
                    : null)
                .OfType<WaitingMarker>()
                .ToList();
            _waiting = (placements, _regions, markers);
        }
        return _waiting.Markers;
    }

    private string WaitedText(PlacementDto p)
    {
        var waited = p.Stage == PlacementStages.Requested ? Time.GetUtcNow() - p.RequestedAt : TimeSpan.FromSeconds(p.WaitedSeconds);
        return Labels.FormatSpan(waited, L["Clock_DaySuffix"]);
    }

    private string ReasonText(SuggestionReason reason)
    {
        var s = L["Reason_" + reason.Code];
        return s.ResourceNotFound ? reason.ToString() : string.Format(CultureInfo.CurrentCulture, s.Value, [.. reason.Args]);
    }

    private string ClockText(StageClockDto clock) => clock.DoneAt is { } done
        ? $"{L["Clock_Done"]} {ChinaTime.Of(done):MM-dd}"
        : $"{(Time.GetUtcNow() > clock.Due ? L["Clock_Overdue"] : L["CaseView_Due"])} {ChinaTime.Of(clock.Due):MM-dd HH:mm}";

    private string ClockClass(StageClockDto clock) => CaseRules.Colour(clock, Time.GetUtcNow(), Store.Cases.Rules).ToString().ToLowerInvariant();

    private string TownshipName(string code) => _regions?.GetValueOrDefault(code)?.Name ?? code;

    private string RegionName(string code) => _regions?.GetValueOrDefault(code)?.Name ?? code;

    private string InstitutionName(string id) => Store.Cases.Institutions.FirstOrDefault(i => i.InstitutionId == id)?.Name ?? id;

    public void Dispose()
    {
        _subscription?.Dispose();
        _timer?.Dispose();
    }
}
