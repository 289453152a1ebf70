using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Controls;

/// <summary>
/// The duty officer's incident queue: open cases most urgent first (<see cref="CaseRules.Order"/>: a missing child being
/// searched for pinned on top, then priority, breached, oldest), each with the clock of its current stage (green, amber in
/// the last fifth, red once breached) counting down every second. Filters by category, stage and breached. Keyboard:
/// up/down moves, Enter opens, the first letter of a step records it (<see cref="s_keys"/>).
/// </summary>
public sealed partial class CaseList : IDisposable
{
    private static int s_nextId;

    private static readonly string[] s_categories =
        ["missing", "domestic_violence", "unlawful_harm", "injury", "living_alone", "guardian_incapable", "guardian_neglect"];

    private static readonly string[] s_stages =
        ["received", "acknowledged", "dispatched", "on_scene", "parents_contacted", "search_started", "child_found", "child_escorted", "township_notified"];

    /// <summary>Steps recorded from the queue by their first letter; steps that need a choice open the case view.</summary>
    internal static readonly IReadOnlyDictionary<char, string> s_keys = new Dictionary<char, string>
    {
        ['a'] = "case.acknowledged",
        ['d'] = "case.dispatched",
        ['s'] = "case.on_scene",
        ['r'] = "case.search_started",
        ['f'] = "case.child_found",
        ['n'] = "case.township_notified",
    };

    private readonly string _queueId = $"case-queue-{Interlocked.Increment(ref s_nextId)}";
    private IReadOnlyList<CaseDto> _rows = [];
    private ITimer? _timer;
    private string? _selected;
    private bool _preventKey;
    private string _categoryFilter = "";
    private string _stageFilter = "";
    private bool _breachedOnly;

    [Parameter, EditorRequired] public required IReadOnlyList<CaseDto> Cases { get; set; }

    /// <summary>Region names by code, for the township column; null until loaded.</summary>
    [Parameter] public IReadOnlyDictionary<string, RegionDto>? Regions { get; set; }

    /// <summary>The rules in force (clock colours); project defaults until the snapshot brings them.</summary>
    [Parameter] public RuleSettingsDto? Rules { get; set; }

    /// <summary>The new-report alarm: unseen rows are highlighted until opened.</summary>
    [Parameter] public ReportAlarm? Alarm { get; set; }

    /// <summary>Who said they handle which case.</summary>
    [Parameter] public IReadOnlyDictionary<string, CaseHandlingNotice>? Handling { get; set; }

    /// <summary>Opens the case view.</summary>
    [Parameter] public EventCallback<string> OnOpen { get; set; }

    /// <summary>Records a step on a case (the event type) from the keyboard.</summary>
    [Parameter] public EventCallback<(string CaseId, string Type)> OnAction { get; set; }

    [Inject] public required IStringLocalizer<Strings> L { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    private string CategoryFilter
    {
        get => _categoryFilter;
        set { _categoryFilter = value; Filter(); }
    }

    private string StageFilter
    {
        get => _stageFilter;
        set { _stageFilter = value; Filter(); }
    }

    private bool BreachedOnly
    {
        get => _breachedOnly;
        set { _breachedOnly = value; Filter(); }
    }

    protected override void OnInitialized()
    {
        _timer = Time.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    protected override void OnParametersSet() => Filter();

    private void Filter()
    {
        var now = Now;
        _rows = [.. CaseRules.Order(Cases, now).Where(c =>
            (_categoryFilter.Length == 0 || c.Category == _categoryFilter)
            && (_stageFilter.Length == 0 || c.Stage == _stageFilter)
            && (!_breachedOnly || CaseRules.IsBreached(c, now)))];
        if (_selected is not null && !_rows.Any(r => r.CaseId == _selected))
        {
            _selected = null;
        }
    }

    private DateTimeOffset Now => Time.GetUtcNow();

    private string RowId(string caseId) => _queueId + "-" + caseId;

    private void Select(string caseId) => _selected = caseId;

    private Task OpenAsync(string caseId) => OnOpen.InvokeAsync(caseId);

    private async Task OnKeyDown(KeyboardEventArgs e)
    {
        _preventKey = e.Key is "ArrowUp" or "ArrowDown" or "Enter";
        if (_rows.Count == 0)
        {
            return;
        }
        var index = _selected is null ? -1 : IndexOf(_selected);
        switch (e.Key)
        {
            case "ArrowDown":
                _selected = _rows[Math.Min(_rows.Count - 1, index + 1)].CaseId;
                return;
            case "ArrowUp":
                _selected = _rows[Math.Max(0, index - 1)].CaseId;
                return;
            case "Enter" when _selected is not null:
                await OpenAsync(_selected);
                return;
        }
        if (_selected is not null && e.Key.Length == 1 && !e.CtrlKey && !e.AltKey && !e.MetaKey
            && s_keys.TryGetValue(char.ToLowerInvariant(e.Key[0]), out var type))
        {
            await OnAction.InvokeAsync((_selected, type));
        }
    }

    private int IndexOf(string caseId)
    {
        for (var i = 0; i < _rows.Count; i++)
        {
            if (_rows[i].CaseId == caseId)
            {
                return i;
            }
        }
        return -1;
    }

    private string TownshipName(string code) =>
        Regions is not null && Regions.TryGetValue(code, out var r) ? r.Name : code;

    private string? HandlerOf(string caseId) =>
        Handling is not null && Handling.TryGetValue(caseId, out var n) ? n.DisplayName : null;

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
        return breached && Now > clock.Due ? $"{stage} {L["Clock_Overdue"]} {span}" : $"{stage} {L["Clock_Remaining"]} {span}";
    }

    public void Dispose() => _timer?.Dispose();
}
