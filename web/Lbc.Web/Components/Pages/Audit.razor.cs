using System.Net;
using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Pages;

/// <summary>
/// The audit trail (<c>/audit</c>, administrators): who signed in and out, who was refused what, every command and every
/// reveal of personal data, newest first, filtered by user, case and time, a page at a time, and the same filters as a
/// CSV file. The server decides what an administrator may read (their jurisdiction); this page only asks.
/// </summary>
public sealed partial class Audit : IDisposable
{
    private IDisposable? _subscription;
    private List<AuditEntryDto>? _lines;
    private long? _next;
    private string? _error;
    private string? _user;
    private string? _caseId;
    private DateTime? _from;
    private DateTime? _to;
    private IReadOnlyDictionary<string, RegionDto>? _regions;
    private bool _loaded;

    [SupplyParameterFromQuery(Name = "user")] public string? UserFilter { get; set; }
    [SupplyParameterFromQuery(Name = "caseId")] public string? CaseFilter { get; set; }

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required HttpClient Http { get; init; }
    [Inject] public required GeoService Geo { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    private AuditQuery Query => new(_user, _caseId, _from, _to);

    protected override void OnInitialized()
    {
        _user = UserFilter;
        _caseId = CaseFilter;
        _subscription = Store.Subscribe(() => InvokeAsync(OnStoreChangedAsync));
        _ = Store.StartAsync();
    }

    protected override async Task OnInitializedAsync()
    {
        await LoadFirstAsync();
        try
        {
            _regions = await Geo.GetRegionsAsync();
        }
        catch (HttpRequestException)
        {
            // Regions fall back to codes.
        }
    }

    /// <summary>The user arrives with the session: load once they are known to be an administrator.</summary>
    private async Task OnStoreChangedAsync()
    {
        if (!_loaded)
        {
            await LoadFirstAsync();
        }
        StateHasChanged();
    }

    private async Task LoadFirstAsync()
    {
        if (Store.User is not { Role: Roles.Administrator } || _loaded)
        {
            return;
        }
        _loaded = true;
        await SearchAsync();
    }

    private async Task SearchAsync()
    {
        _lines = null;
        _next = null;
        await LoadAsync(before: null);
    }

    private Task MoreAsync() => LoadAsync(_next);

    private async Task LoadAsync(long? before)
    {
        _error = null;
        try
        {
            using var response = await Http.GetAsync(Query.Url(before));
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                _error = L["Audit_BadFilter"];
                _lines ??= [];
                return;
            }
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.AuditPageDto);
            _lines = before is null ? [] : _lines ?? [];
            _lines.AddRange(page?.Entries ?? []);
            _next = page?.Next;
        }
        catch (HttpRequestException)
        {
            _error = L["Audit_LoadFailed"];
            _lines ??= [];
        }
    }

    /// <summary>An audit word (sign-in, refusal…) or a command's event type, in words.</summary>
    private string ActionText(string action)
    {
        var audit = L["Audit_Action_" + action];
        return audit.ResourceNotFound ? L.Action(action) : audit.Value;
    }

    private string RoleText(string? role)
    {
        if (role is null)
        {
            return "";
        }
        var s = L["Role_" + role];
        return s.ResourceNotFound ? role : s.Value;
    }

    private string RegionName(string code) => _regions?.GetValueOrDefault(code)?.Name ?? code;

    public void Dispose() => _subscription?.Dispose();
}
