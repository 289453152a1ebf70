using System.Globalization;
using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Controls;

/// <summary>
/// The bell: counts and lists the signed-in user's open alerts from the live store (one feed per jurisdiction; the role
/// picks its own, <see cref="AlertRules"/>), and sends acknowledge and mute as commands. The list changes from the
/// resulting delta, here and on every other screen that holds the alert, not from the command's answer.
/// </summary>
public sealed partial class AlertBell : IDisposable
{
    /// <summary>The mute durations offered (minutes); the server allows up to <c>Dashboard:Alerts:MaxMute</c>.</summary>
    private static readonly int[] s_muteMinutes = [30, 120, 480, 1440];

    private readonly Dictionary<string, string> _reasons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _minutes = new(StringComparer.Ordinal);
    private IDisposable? _subscription;
    private ITimer? _ageTimer;
    private IReadOnlyDictionary<string, RegionDto>? _regions;
    private bool _open;
    private bool _busy;
    private string? _message;

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required CommandClient Commands { get; init; }
    [Inject] public required GeoService Geo { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    private bool IsLeadingGroup => Store.User is { } u && Roles.SeesAggregatesOnly(u.Role);

    private IReadOnlyList<AlertDto> MyAlerts => Store.User is { } u ? AlertRules.For(Store.Cases.Alerts, u.Role) : [];

    /// <summary>The leading group is told figures, not alerts: its bell counts nothing.</summary>
    private int Count => Store.User is { } u && !IsLeadingGroup ? AlertRules.BellCount(Store.Cases.Alerts, u.Role) : 0;

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(StateHasChanged));
        // Ages move with the clock; only an open panel shows them.
        _ageTimer = Time.CreateTimer(_ => _ = InvokeAsync(() => { if (_open) { StateHasChanged(); } }), null,
            TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Region names for the panel, fetched once the page is painted (shared with the maps: one request for both).
        if (firstRender && await Geo.GetRegionsAfterPaintAsync() is { } regions)
        {
            _regions = regions;
            if (_open)
            {
                StateHasChanged();
            }
        }
    }

    private async Task ToggleAsync()
    {
        _open = !_open;
        _message = null;
        if (_open && _regions is null)
        {
            _regions = await Geo.GetRegionsAsync();
        }
    }

    /// <summary>
    /// A region's name from the map's regions (cities, counties, townships); the province is not among them, so a province
    /// code reads "province level" rather than a bare number.
    /// </summary>
    private string RegionName(string code) =>
        _regions is not null && _regions.TryGetValue(code, out var r) ? r.Name
        : code.Length == 2 ? L["Alert_ProvinceLevel"].Value
        : code;

    private string RuleText(AlertDto a)
    {
        var detail = a.Rule switch
        {
            "sla_breached" when a.Detail is { } stage => L.Stage(stage),
            "reporter_silent" when a.Detail is { } reporter => L.Reporter(reporter),
            "institution_full" when a.Detail is { } state => L["Alert_Detail_" + state].Value,
            _ => a.Detail ?? "",
        };
        var text = L["Alert_Rule_" + a.Rule, detail];
        return text.ResourceNotFound ? a.Rule : text.Value;
    }

    private string Age(AlertDto a) => Labels.FormatSpan(Time.GetUtcNow() - a.RaisedAt, L["Clock_DaySuffix"]);

    private int MinutesOf(AlertDto a) => _minutes.GetValueOrDefault(a.AlertId, s_muteMinutes[0]);

    private string ReasonOf(AlertDto a) => _reasons.GetValueOrDefault(a.AlertId, "");

    private void SetMinutes(AlertDto a, object? value)
    {
        if (int.TryParse(value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes) && s_muteMinutes.Contains(minutes))
        {
            _minutes[a.AlertId] = minutes;
        }
    }

    private Task AcknowledgeAsync(AlertDto a) => SendAsync(AlertCommands.Acknowledged, a, new Dictionary<string, object?>());

    private Task MuteAsync(AlertDto a)
    {
        var reason = ReasonOf(a).Trim();
        if (reason.Length == 0)
        {
            _message = L["Alert_ReasonRequired"];
            return Task.CompletedTask;
        }
        return SendAsync(AlertCommands.Muted, a, new Dictionary<string, object?> { ["minutes"] = MinutesOf(a), ["reason"] = reason });
    }

    private async Task SendAsync(string type, AlertDto a, Dictionary<string, object?> data)
    {
        _busy = true;
        _message = null;
        try
        {
            var result = await Commands.SendAlertActionAsync(type, a.AlertId, data);
            _message = result switch
            {
                CommandResult.Accepted => null,
                CommandResult.Conflict c when c.Body.ActedByName.Length > 0 =>
                    L["Alert_ConflictAcknowledged", c.Body.ActedByName, ChinaTime.Of(c.Body.At).ToString("HH:mm")],
                CommandResult.Conflict => L["Alert_ConflictResolved"],
                CommandResult.Refused r => r.Reason,
                CommandResult.Failed => L["Alert_Failed"],
                _ => null,
            };
            if (result is CommandResult.Accepted)
            {
                _reasons.Remove(a.AlertId);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _ageTimer?.Dispose();
    }
}
