using Lbc.Contracts;

namespace Lbc.Web.Model.Live;

/// <summary>What <see cref="SequencedModel{TSnapshot, TDelta}.Offer"/> did with a delta.</summary>
public enum DeltaOutcome
{
    /// <summary>No snapshot yet (or a resync is in progress): kept until the snapshot arrives.</summary>
    Buffered,
    /// <summary>Applied; the model moved to the delta's <see cref="ISequencedDelta.ToSequence"/>.</summary>
    Applied,
    /// <summary>Already covered by the current state (stale or duplicate): nothing changed.</summary>
    Ignored,
    /// <summary>Deltas were missed: the model is unchanged and needs a fresh snapshot.</summary>
    Gap,
}

/// <summary>A view's state: what a snapshot replaces and what a delta updates. The sequencing is not its business.</summary>
public interface IViewState<in TSnapshot, in TDelta>
{
    void Load(TSnapshot snapshot);

    void Apply(TDelta delta);
}

/// <summary>The sequencing state every live view shares, whatever its snapshot and delta types.</summary>
public interface ISequencedModel
{
    /// <summary>True once a snapshot has been loaded (the data stays displayable during a resync).</summary>
    bool HasData { get; }

    /// <summary>True while deltas must be buffered: before the first snapshot and during a resync.</summary>
    bool AwaitingSnapshot { get; }

    long Sequence { get; }

    DateTimeOffset AsOf { get; }

    ReplayProgress Progress { get; }

    int BufferedCount { get; }

    /// <summary>Buffer deltas from now on until the next snapshot loads; the current data stays visible.</summary>
    void BeginResync();
}

/// <summary>
/// The client's copy of one scope of the server: a snapshot plus the numbered deltas that follow it, applied to a
/// view's state. Deltas are buffered until a snapshot arrives; a gap in the numbers means "fetch a fresh snapshot".
/// Pure state, no I/O, not thread-safe (the store serialises access), so it can be tested alone.
/// </summary>
public sealed class SequencedModel<TSnapshot, TDelta>(IViewState<TSnapshot, TDelta> state) : ISequencedModel
    where TSnapshot : ISequencedSnapshot
    where TDelta : ISequencedDelta
{
    /// <summary>Deltas kept while waiting for a snapshot; beyond this the oldest go and the gap forces another resync.</summary>
    internal const int MaxBuffered = 10_000;

    private readonly Queue<TDelta> _buffer = new();

    public bool HasData { get; private set; }

    public bool AwaitingSnapshot { get; private set; } = true;

    public long Sequence { get; private set; }

    public DateTimeOffset AsOf { get; private set; }

    public ReplayProgress Progress { get; private set; } = new(false, "", 0, 0);

    public int BufferedCount => _buffer.Count;

    public void BeginResync() => AwaitingSnapshot = true;

    /// <summary>
    /// Replaces the state with <paramref name="snapshot"/>, then replays the buffered deltas that follow it.
    /// Returns false when the buffer shows a gap after the snapshot: the caller must fetch another one.
    /// </summary>
    public bool Load(TSnapshot snapshot)
    {
        state.Load(snapshot);
        Sequence = snapshot.Sequence;
        AsOf = snapshot.AsOf;
        Progress = snapshot.Progress;
        HasData = true;
        AwaitingSnapshot = false;
        var gap = false;
        while (_buffer.TryDequeue(out var delta))
        {
            if (!gap && Apply(delta) == DeltaOutcome.Gap)
            {
                gap = true;
            }
        }
        AwaitingSnapshot = gap;
        return !gap;
    }

    /// <summary>Takes a delta from the hub: buffers it, applies it, ignores it, or reports a gap.</summary>
    public DeltaOutcome Offer(TDelta delta)
    {
        if (AwaitingSnapshot)
        {
            if (_buffer.Count >= MaxBuffered)
            {
                _buffer.Dequeue();
            }
            _buffer.Enqueue(delta);
            return DeltaOutcome.Buffered;
        }
        var outcome = Apply(delta);
        if (outcome == DeltaOutcome.Gap)
        {
            AwaitingSnapshot = true;
        }
        return outcome;
    }

    private DeltaOutcome Apply(TDelta delta)
    {
        if (delta.ToSequence <= Sequence)
        {
            return DeltaOutcome.Ignored;
        }
        // FromSequence == Sequence + 1 is the normal case. A delta that overlaps what we have (FromSequence <=
        // Sequence) is still safe: its lists are full states, so re-applying is harmless.
        if (delta.FromSequence > Sequence + 1)
        {
            return DeltaOutcome.Gap;
        }
        state.Apply(delta);
        if (delta.Progress is not null)
        {
            Progress = delta.Progress;
        }
        Sequence = delta.ToSequence;
        AsOf = delta.AsOf;
        return DeltaOutcome.Applied;
    }
}
