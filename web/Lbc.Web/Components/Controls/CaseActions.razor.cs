using Lbc.Contracts;
using Lbc.Web.Components.Pages;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Controls;

/// <summary>
/// The step buttons of a case (<c>data-action</c> = the event type each sends), with the choices some steps need:
/// parents reached or not, where the child is escorted (an institution from the list with live free beds and distance),
/// the outcome of a closed case, and, for domestic violence, serious harm or no carer (which asks civil affairs for a
/// place in the same step).
/// </summary>
public sealed partial class CaseActions
{
    private string _escortTo = "relatives";
    private string? _institutionId;
    private string? _outcome;
    private bool _seriousHarm;
    private bool _noCarer;
    private string? _shownSteps;
    private int _changes;
    private bool _arming;

    /// <summary>
    /// How long freshly changed buttons ignore clicks. When a colleague records the step an officer is about to click,
    /// the next step's button takes its place under the cursor; without the pause, that click would record a step the
    /// officer never chose (a dispatch instead of an acknowledgement).
    /// </summary>
    internal static readonly TimeSpan ArmingDelay = TimeSpan.FromMilliseconds(700);

    [Parameter, EditorRequired] public required CaseDetailDto Detail { get; set; }

    [Parameter, EditorRequired] public required IReadOnlyList<InstitutionChoice> Institutions { get; set; }

    [Parameter] public bool Busy { get; set; }

    /// <summary>The user's role records case steps (the police); otherwise the steps asked next are shown without buttons.</summary>
    [Parameter] public bool MayRecord { get; set; } = true;

    [Parameter] public EventCallback<(string Type, IReadOnlyDictionary<string, object?> Data)> OnSend { get; set; }

    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    /// <summary>Buttons are held while a command is on its way or the steps have just changed.</summary>
    private bool Held => Busy || _arming;

    protected override void OnParametersSet()
    {
        var steps = string.Join(',', Detail.NextSteps.Select(s => s.Type));
        if (_shownSteps is not null && _shownSteps != steps)
        {
            _ = ArmAfterDelayAsync();
        }
        _shownSteps = steps;
    }

    private async Task ArmAfterDelayAsync()
    {
        // A second change within the pause restarts it; only the last change's timer re-arms the buttons.
        var change = ++_changes;
        _arming = true;
        await Task.Delay(ArmingDelay);
        if (change == _changes)
        {
            _arming = false;
            await InvokeAsync(StateHasChanged);
        }
    }

    private bool IsViolence => Detail.Case.Category == "domestic_violence";

    private bool EscortReady => _escortTo != "institution" || !string.IsNullOrEmpty(_institutionId);

    private static string? KeyOf(string type) =>
        CaseList.s_keys.FirstOrDefault(k => k.Value == type) is { Value: not null } k ? k.Key.ToString().ToUpperInvariant() : null;

    private Task SendAsync(string type, params (string Key, object? Value)[] fields)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            data[key] = value;
        }
        if (IsViolence && _seriousHarm)
        {
            data["serious_harm"] = true;
        }
        if (IsViolence && _noCarer)
        {
            data["no_carer"] = true;
        }
        return OnSend.InvokeAsync((type, data));
    }

    private Task ParentsAsync(bool reached) => SendAsync("case.parents_contacted", ("reached", reached));

    private Task CloseAsync() => SendAsync("case.closed", ("outcome", _outcome?.Trim()));

    private Task EscortAsync() => _escortTo == "institution"
        ? SendAsync("case.child_escorted", ("to", _escortTo), ("institution_id", _institutionId))
        : SendAsync("case.child_escorted", ("to", _escortTo));
}
