using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Pages;

/// <summary>
/// The township ledger import (<c>/ledger</c>, township staff and county civil affairs): choose a CSV or XLSX, see what it would
/// change (counts, the rows with problems by row and column, the children it would register or update, the children missing
/// from it with a reason to pick), choose to leave the bad rows out, commit and follow the progress; the figures above change
/// live as the events apply. The preview stays on the server; the page holds only what it shows.
/// </summary>
public sealed partial class Ledger : IDisposable
{
    // How often the page asks for a running commit's progress.
    internal static TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    private readonly Dictionary<string, string> _exits = new(StringComparer.Ordinal);
    private IDisposable? _subscription;
    private IBrowserFile? _file;
    private LedgerPreviewDto? _preview;
    private LedgerProgressDto? _progress;
    private IReadOnlyDictionary<string, RegionDto>? _regions;
    private string? _error;
    private string? _exportTownship;
    private bool _skipBadRows;
    private bool _uploading;
    private bool _committing;

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required LedgerClient Ledgers { get; init; }
    [Inject] public required GeoService Geo { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    private bool Busy => _uploading || _committing;

    private bool CanCommit => _preview is { Blocked: false } p && !Busy && _progress?.State != LedgerRoutes.Done
        && (p.Counts.BadRows == 0 || _skipBadRows) && p.Counts.ValidRows + _exits.Count > 0;

    /// <summary>The townships the user may export: their own, or those of their county (names once the regions loaded).</summary>
    private IReadOnlyList<RegionDto> ExportTownships
    {
        get
        {
            if (Store.User is not { } user)
            {
                return [];
            }
            if (user.Jurisdiction.Length == 9)
            {
                return [_regions?.GetValueOrDefault(user.Jurisdiction) ?? new RegionDto(user.Jurisdiction, user.JurisdictionName, null, "township", 0, 0, true)];
            }
            return _regions is null ? [] : [.. _regions.Values.Where(r => r.Parent == user.Jurisdiction && r.Code.Length == 9).OrderBy(r => r.Code, StringComparer.Ordinal)];
        }
    }

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(StateHasChanged));
        _ = Store.StartAsync();
    }

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _regions = await Geo.GetRegionsAsync();
        }
        catch (HttpRequestException)
        {
            // Codes stand in for names.
        }
    }

    private static string ExportUrl(string township) => $"{LedgerRoutes.Export.TrimStart('/')}?township={Uri.EscapeDataString(township)}";

    private void OnFileChosen(InputFileChangeEventArgs e)
    {
        _file = e.File;
        _error = null;
    }

    private async Task UploadAsync()
    {
        if (_file is not { } file)
        {
            return;
        }
        if (file.Size > LedgerClient.MaxFileBytes)
        {
            _error = L["Ledger_TooLarge"];
            return;
        }
        (_uploading, _error, _preview, _progress, _skipBadRows) = (true, null, null, null, false);
        _exits.Clear();
        try
        {
            switch (await Ledgers.UploadAsync(file))
            {
                case LedgerResult<LedgerPreviewDto>.Ok ok:
                    _preview = ok.Value;
                    // turned_16 is evident from the birth date; every other exit the user must choose.
                    foreach (var exit in ok.Value.ExitList.Where(x => x.SuggestedReason is not null))
                    {
                        _exits[exit.ChildId] = exit.SuggestedReason!;
                    }
                    break;
                case LedgerResult<LedgerPreviewDto>.Refused refused:
                    _error = refused.TooLarge ? $"{L["Ledger_TooLarge"]} {refused.Reason}" : refused.Reason;
                    break;
            }
        }
        catch (HttpRequestException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _uploading = false;
        }
    }

    private string ExitChoice(string childId) => _exits.GetValueOrDefault(childId, "");

    private void ChooseExit(string childId, string? word)
    {
        if (string.IsNullOrEmpty(word))
        {
            _exits.Remove(childId);
        }
        else
        {
            _exits[childId] = word;
        }
    }

    private async Task CommitAsync()
    {
        if (_preview is not { } preview || !CanCommit)
        {
            return;
        }
        _committing = true;
        _error = null;
        try
        {
            var result = await Ledgers.CommitAsync(preview.ImportId, new LedgerCommitRequest(_skipBadRows, new Dictionary<string, string>(_exits)));
            if (result is LedgerResult<LedgerProgressDto>.Refused refused)
            {
                _error = refused.Reason;
                return;
            }
            _progress = ((LedgerResult<LedgerProgressDto>.Ok)result).Value;
            StateHasChanged();
            while (_progress.State == LedgerRoutes.Running)
            {
                await Task.Delay(PollInterval, Time);
                _progress = await Ledgers.ProgressAsync(preview.ImportId) ?? _progress with { State = LedgerRoutes.Failed, Error = L["Ledger_Expired"] };
                StateHasChanged();
            }
            if (_progress.Error is { } failed)
            {
                _error = failed;
            }
        }
        catch (HttpRequestException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _committing = false;
        }
    }

    private string ProgressText(LedgerProgressDto p) => p.State switch
    {
        LedgerRoutes.Done => string.Format(L["Ledger_Done"], p.Appended, p.Skipped),
        LedgerRoutes.Failed => string.Format(L["Ledger_Failed"], p.Appended),
        _ => string.Format(L["Ledger_Running"], p.Appended, p.Total),
    };

    private string RegionName(string code) => _regions?.GetValueOrDefault(code)?.Name ?? code;

    private string ExitText(string word) => L["Ledger_Exit_" + word] is { ResourceNotFound: false } s ? s.Value : word;

    private string FieldText(string field) => L["Ledger_Field_" + field] is { ResourceNotFound: false } s ? s.Value : field;

    public void Dispose() => _subscription?.Dispose();
}
