using System.Collections.Concurrent;
using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Model.Live;

namespace Lbc.Server.Tests.Access;

/// <summary>
/// A client that keeps state like the web store. The browser's own model (<see cref="CaseModel"/> behind <see cref="SequencedModel{TSnapshot, TDelta}"/>) fed by a hub
/// connection, optionally dropping one delta to force a resynchronisation: what a screen would show, as text.
/// </summary>
internal sealed class FeedClientModel
{
    private readonly Lock _lock = new();
    private readonly CaseModel _view;
    private readonly SequencedModel<DashboardSnapshot, DeltaBatch> _model;

    public FeedClientModel(HttpClient http) : this(http, new CaseModel())
    {
    }

    private FeedClientModel(HttpClient http, CaseModel view)
    {
        _http = http;
        _view = view;
        _model = new(view);
    }

    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waits = new();
    private int _resyncing;

    public long? DropSequence { get; init; }
    public int Resyncs { get; private set; }

    public void OnDelta(DeltaBatch batch)
    {
        if (batch.FromSequence == DropSequence)
        {
            return;
        }
        DeltaOutcome outcome;
        lock (_lock)
        {
            outcome = _model.Offer(batch);
        }
        if (outcome == DeltaOutcome.Gap && Interlocked.Exchange(ref _resyncing, 1) == 0)
        {
            Resyncs++;
            _ = Task.Run(async () =>
            {
                await LoadAsync();
                Volatile.Write(ref _resyncing, 0);
            });
        }
        Signal();
    }

    public async Task LoadAsync()
    {
        while (true)
        {
            var snapshot = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync(_http, ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            lock (_lock)
            {
                _model.BeginResync();
                if (_model.Load(snapshot!))
                {
                    break;
                }
            }
        }
        Signal();
    }

    public async Task WaitForCaseAsync(string caseId)
    {
        var wait = _waits.GetOrAdd(caseId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Signal();
        await wait.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public string Describe()
    {
        lock (_lock)
        {
            var cases = string.Join(",", _view.OpenCases.Select(c => $"{c.CaseId}|{c.Stage}").Order(StringComparer.Ordinal));
            var townships = string.Join(",", _view.Townships.OrderBy(t => t.Code, StringComparer.Ordinal).Select(t => $"{t.Code}:{t.Figures}"));
            var alerts = string.Join(",", _view.Alerts.Select(a => $"{a.AlertId}|{a.Level}|{a.NeedsAttention}|{a.AcknowledgedBy}").Order(StringComparer.Ordinal));
            return $"{cases}\n{townships}\n{_view.Indicators}\n{alerts}";
        }
    }

    private void Signal()
    {
        lock (_lock)
        {
            foreach (var (id, wait) in _waits)
            {
                if (_view.OpenCases.Any(c => c.CaseId == id))
                {
                    wait.TrySetResult();
                }
            }
        }
    }
}
