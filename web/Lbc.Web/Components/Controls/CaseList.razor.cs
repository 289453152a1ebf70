using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Controls;

/// <summary>
/// The duty officer's queue: open cases by priority then report time, each with the clock of its
/// next stage counting down (or up, in red, once breached). Re-renders every second for the clocks.
/// </summary>
public sealed partial class CaseList : IDisposable
{
    private IReadOnlyList<CaseDto> _rows = [];
    private ITimer? _timer;

    [Parameter, EditorRequired] public required IReadOnlyList<CaseDto> Cases { get; set; }

    /// <summary>Region names by code, for the township column; null until loaded.</summary>
    [Parameter] public IReadOnlyDictionary<string, RegionDto>? Regions { get; set; }

    [Inject] public required IStringLocalizer<Strings> L { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    protected override void OnInitialized()
    {
        _timer = Time.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    protected override void OnParametersSet() => _rows = CaseRules.Order(Cases);

    private DateTimeOffset Now => Time.GetUtcNow();

    private string TownshipName(string code) =>
        Regions is not null && Regions.TryGetValue(code, out var r) ? r.Name : code;

    private string FormatReceived(DateTimeOffset receivedAt)
    {
        var local = ChinaTime.Of(receivedAt);
        return local.Date == ChinaTime.Of(Time.GetUtcNow()).Date ? local.ToString("HH:mm:ss") : local.ToString("MM-dd HH:mm");
    }

    private string ClockText(StageClockDto? clock, bool breached)
    {
        if (clock is null)
        {
            return L["Clock_None"];
        }
        var stage = L.Stage(clock.Stage);
        var span = Labels.FormatSpan(clock.Due - Now, L["Clock_DaySuffix"]);
        return breached ? $"{stage} {L["Clock_Overdue"]} {span}" : $"{stage} {L["Clock_Remaining"]} {span}";
    }

    public void Dispose() => _timer?.Dispose();
}
