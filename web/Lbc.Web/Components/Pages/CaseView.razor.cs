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
/// One case (<c>/cases/{caseId}</c>): who did what and when, every stage clock, what the policy asks next as the buttons
/// valid now, the escort choice with live free beds, the search area of a missing child, and who is handling it. The view
/// reloads when the case's version in the live store moves, so a step recorded anywhere shows here within a second.
/// </summary>
public sealed partial class CaseView : IDisposable
{
    private IDisposable? _subscription;
    private ITimer? _timer;
    private CaseDetailDto? _detail;
    private bool _notFound;
    private bool _busy;
    private int _loading;
    private (string Text, bool Ok)? _message;
    private IReadOnlyList<CaseDto> _mapCase = [];
    private IReadOnlyList<SearchArea>? _searchAreas;
    private IReadOnlyDictionary<string, RegionDto>? _regions;
    private InterventionRecordDto? _interventions;

    // The revealed record lives in this component only: never in the store, never in browser storage, gone with the page.
    private PersonalDataDto? _personal;
    private bool _askingReason;
    private bool _revealing;
    private string _reason = "";
    private string? _personalMessage;

    [Parameter] public required string CaseId { get; set; }

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required HttpClient Http { get; init; }
    [Inject] public required CommandClient Commands { get; init; }
    [Inject] public required GeoService Geo { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    private DateTimeOffset Now => Clock.GetUtcNow();

    private RuleSettingsDto? Rules => Store.Cases.Rules;

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(OnStoreChangedAsync));
        _ = Store.StartAsync();
        _timer = Clock.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    protected override async Task OnParametersSetAsync()
    {
        Store.Alarm.MarkSeen(CaseId);
        _detail = null;
        _message = null;
        HidePersonal();
        await LoadAsync();
        try
        {
            _regions ??= await Geo.GetRegionsAsync();
            StateHasChanged();
        }
        catch (Exception)
        {
            // Names fall back to codes.
        }
    }

    /// <summary>The live store moved: reload when this case's version changed or it left the open cases (closed).</summary>
    private async Task OnStoreChangedAsync()
    {
        if (_detail is { } d && !d.Case.Closed)
        {
            var live = Store.Cases.TryGetCase(CaseId, out var c) ? c : null;
            if (live is null || live.Version != d.Case.Version)
            {
                await LoadAsync();
            }
        }
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        if (Interlocked.Exchange(ref _loading, 1) == 1)
        {
            return;
        }
        try
        {
            using var response = await Http.GetAsync(CommandRoutes.CaseOf(CaseId));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                _notFound = true;
                return;
            }
            response.EnsureSuccessStatusCode();
            _detail = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CaseDetailDto);
            _notFound = _detail is null;
            if (_detail is { } d)
            {
                _interventions = await Http.GetFromJsonAsync(CommandRoutes.InterventionsOf(CaseId), ContractsJsonContext.Default.InterventionRecordDto);
                _mapCase = [d.Case];
                _searchAreas = d.Search is { } s
                    ? [new SearchArea(d.Case.CaseId, s.Lat, s.Lon, CaseRules.SearchRadiusKm(d.Case, Now, Rules),
                        string.Format(CultureInfo.CurrentCulture, L["Search_Tooltip"], CaseRules.SearchRadiusKm(d.Case, Now, Rules),
                            Labels.FormatSpan(Now - s.LastSeenAt, L["Clock_DaySuffix"])))]
                    : [];
            }
        }
        catch (HttpRequestException)
        {
            _message = (L["CaseView_LoadFailed"], false);
        }
        finally
        {
            Volatile.Write(ref _loading, 0);
        }
    }

    private async Task SendAsync((string Type, IReadOnlyDictionary<string, object?> Data) step)
    {
        if (_detail is not { } d || _busy)
        {
            return;
        }
        _busy = true;
        try
        {
            var result = await Commands.SendCaseStepAsync(step.Type, CaseId, d.Case.Version, step.Data);
            _message = CommandMessages.Describe(result, L, L.Action(step.Type));
            if (result is CommandResult.Conflict or CommandResult.Accepted)
            {
                // The answer is not the screen's source, but a refused officer must see the case as it is now.
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task MarkHandlingAsync()
    {
        try
        {
            await Store.MarkHandlingAsync(CaseId);
        }
        catch (Exception)
        {
            _message = (L["CaseView_HandleFailed"], false);
        }
    }

    private bool ReasonValid => _reason.Trim().Length is >= PersonalRoutes.MinReasonLength and <= PersonalRoutes.MaxReasonLength;

    private void AskReason()
    {
        _askingReason = true;
        _personalMessage = null;
    }

    private void CancelReveal()
    {
        _askingReason = false;
        _reason = "";
    }

    private void HidePersonal()
    {
        _personal = null;
        _askingReason = false;
        _reason = "";
        _personalMessage = null;
    }

    /// <summary>Asks the server with the officer's reason; the server writes the audit line before it answers.</summary>
    private async Task RevealAsync()
    {
        if (!ReasonValid || _revealing)
        {
            return;
        }
        _revealing = true;
        try
        {
            using var response = await Http.GetAsync(PersonalRoutes.PersonalOf(CaseId, _reason.Trim()));
            if (response.IsSuccessStatusCode)
            {
                _personal = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.PersonalDataDto);
                _askingReason = false;
                _reason = "";
                _personalMessage = null;
                return;
            }
            _personalMessage = response.StatusCode switch
            {
                HttpStatusCode.Gone => L["Personal_Erased"],
                HttpStatusCode.BadRequest => L["Personal_ReasonRule"],
                HttpStatusCode.ServiceUnavailable => L["Personal_Unavailable"],
                _ => L["Personal_Refused"],
            };
        }
        catch (HttpRequestException)
        {
            _personalMessage = L["Personal_Unavailable"];
        }
        finally
        {
            _revealing = false;
        }
    }

    /// <summary>The places of care the officer may escort the child to, nearest first, with their live free beds.</summary>
    private IReadOnlyList<InstitutionChoice> NearbyInstitutions(CaseDto c) =>
        [.. Store.Cases.Institutions
            .Select(i => new InstitutionChoice(i, GreatCircle.Km(c.Lat, c.Lon, i.Lat, i.Lon)))
            .OrderBy(i => i.DistanceKm)];

    private string TownshipName(string code) => _regions?.GetValueOrDefault(code)?.Name ?? code;

    private string InstitutionName(string id) => Store.Cases.Institutions.FirstOrDefault(i => i.InstitutionId == id)?.Name ?? id;

    private static string Time(DateTimeOffset at) => ChinaTime.Of(at).ToString("MM-dd HH:mm:ss", CultureInfo.CurrentCulture);

    private string ParentsText(bool? reached) => reached switch
    {
        true => L["Parents_Reached"],
        false => L["Parents_NotReached"],
        null => "–",
    };

    private string ClockState(StageClockDto clock, ClockColour colour) => colour switch
    {
        ClockColour.Done => L["Clock_Done"],
        ClockColour.DoneLate => L["Clock_DoneLate"],
        ClockColour.Red => $"{L["Clock_Overdue"]} {Labels.FormatSpan(Now - clock.Due, L["Clock_DaySuffix"])}",
        _ => $"{L["Clock_Remaining"]} {Labels.FormatSpan(clock.Due - Now, L["Clock_DaySuffix"])}",
    };

    private string DetailText(string key, string value) => key switch
    {
        "parents_reached" => value == "yes" ? L["Parents_Reached"] : L["Parents_NotReached"],
        "escorted_to" => L["Escort_" + value],
        "institution_id" => InstitutionName(value),
        "serious_harm" => L["Detail_SeriousHarm"],
        "no_carer" => L["Detail_NoCarer"],
        "placement_id" => L["CaseView_PlacementRequested"],
        _ => value,
    };

    public void Dispose()
    {
        _personal = null;
        _subscription?.Dispose();
        _timer?.Dispose();
    }
}

/// <summary>A place of care as an escort choice: its live figures and its distance from the case.</summary>
public sealed record InstitutionChoice(InstitutionDto Institution, double DistanceKm);
