using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Ledger.Commit;
using Lbc.Ledger.Preview;

namespace Lbc.Server.Ledger;

/// <summary>
/// One uploaded ledger between its preview and its commit, held in this instance's memory for its uploader only (the
/// personal values of the file with it: they never go anywhere else unsealed). The commit's events are built once and
/// kept, so a commit that failed half way (the log went away) is repeated with the very same events: what was appended
/// is recognised by id and content and skipped.
/// </summary>
/// <param name="confirmedThisQuarter">Children whose record was confirmed (registered or updated) in the import date's quarter.</param>
public sealed class LedgerImport(string id, string username, string jurisdiction, LedgerPreview preview, DateTimeOffset expiresAt,
    IReadOnlySet<string> confirmedThisQuarter)
{
    private readonly Lock _gate = new();
    private string _state = LedgerRoutes.Previewed;
    private int _total;
    private int _appended;
    private int _skipped;
    private bool _applied;
    private string? _error;

    public string Id { get; } = id;

    public string Username { get; } = username;

    /// <summary>The uploader's region when the file was read: the preview was validated against it.</summary>
    public string Jurisdiction { get; } = jurisdiction;

    public LedgerPreview Preview { get; } = preview;

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

    public IReadOnlySet<string> ConfirmedThisQuarter { get; } = confirmedThisQuarter;

    /// <summary>The events with their personal data sealed, once a commit built them (null before).</summary>
    public IReadOnlyList<RawEvent>? Events { get; set; }

    /// <summary>The user's choices of the first commit: a repeated commit must not change them.</summary>
    public LedgerCommitOptions? Options { get; set; }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _state == LedgerRoutes.Running;
            }
        }
    }

    public bool IsDone
    {
        get
        {
            lock (_gate)
            {
                return _state == LedgerRoutes.Done;
            }
        }
    }

    /// <summary>Marks the commit running; false when one already runs (a second click).</summary>
    public bool TryStart()
    {
        lock (_gate)
        {
            if (_state == LedgerRoutes.Running)
            {
                return false;
            }
            (_state, _appended, _skipped, _applied, _error) = (LedgerRoutes.Running, 0, 0, false, null);
            return true;
        }
    }

    public void Planned(int total, int skipped)
    {
        lock (_gate)
        {
            (_total, _skipped) = (total, skipped);
        }
    }

    public void Appended(int count)
    {
        lock (_gate)
        {
            _appended += count;
        }
    }

    public void Finish(bool applied)
    {
        lock (_gate)
        {
            (_state, _applied) = (LedgerRoutes.Done, applied);
        }
    }

    /// <param name="error">Why, in words for the page (zh-CN), never a value of the file.</param>
    public void Fail(string error)
    {
        lock (_gate)
        {
            (_state, _error) = (LedgerRoutes.Failed, error);
        }
    }

    public LedgerProgressDto Progress()
    {
        lock (_gate)
        {
            return new LedgerProgressDto(Id, _state, _total, _appended, _skipped, _applied, _error);
        }
    }
}
