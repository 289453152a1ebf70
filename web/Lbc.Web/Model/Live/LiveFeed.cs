using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lbc.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lbc.Web.Model.Live;

/// <summary>
/// One kind of scope as the browser receives it: the hub method its deltas come by, how its snapshot is read, and the
/// sequenced model they fill. The store picks one at sign-in (case-level or aggregates) and never branches again.
/// </summary>
public interface ILiveFeed
{
    ISequencedModel Model { get; }

    /// <summary>The snapshot's top-level list the early bridge may leave out (its parse time is not worth it there), or null.</summary>
    string? EarlyEmptied { get; }

    /// <summary>Registers the delta handler; <paramref name="onDelta"/> gets what the model did and the delta's first number.</summary>
    void Subscribe(HubConnection hub, Action<DeltaOutcome, long> onDelta);

    /// <summary>Fetches and loads the scope's snapshot; false when buffered deltas showed a gap (fetch another).</summary>
    Task<bool> LoadSnapshotAsync(HttpClient http, CancellationToken cancellationToken);

    /// <summary>
    /// Shows the snapshot requested before boot as a bridge, if nothing newer is there: it predates the hub subscription,
    /// so the model keeps buffering for the snapshot fetched after subscribing. False when not shown.
    /// </summary>
    bool ShowEarly(string json);
}

public sealed class LiveFeed<TSnapshot, TDelta>(string hubMethod, JsonTypeInfo<TSnapshot> snapshotJson,
    IViewState<TSnapshot, TDelta> state, Lock gate, string? earlyEmptied = null) : ILiveFeed
    where TSnapshot : ISequencedSnapshot
    where TDelta : ISequencedDelta
{
    private readonly SequencedModel<TSnapshot, TDelta> _model = new(state);

    public ISequencedModel Model => _model;

    public string? EarlyEmptied => earlyEmptied;

    public void Subscribe(HubConnection hub, Action<DeltaOutcome, long> onDelta) =>
        hub.On<TDelta>(hubMethod, delta =>
        {
            DeltaOutcome outcome;
            lock (gate)
            {
                outcome = _model.Offer(delta);
            }
            onDelta(outcome, delta.FromSequence);
        });

    public async Task<bool> LoadSnapshotAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var snapshot = await http.GetFromJsonAsync(ApiRoutes.Snapshot, snapshotJson, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("Empty snapshot");
        lock (gate)
        {
            return _model.Load(snapshot);
        }
    }

    public bool ShowEarly(string json)
    {
        var snapshot = JsonSerializer.Deserialize(json, snapshotJson);
        lock (gate)
        {
            // Skipped once any delta was buffered: loading would consume them, and the early snapshot predates them.
            if (snapshot is null || _model.HasData || _model.BufferedCount > 0)
            {
                return false;
            }
            _model.Load(snapshot);
            _model.BeginResync();
            return true;
        }
    }
}
