using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>What <see cref="ReadModel.Offer"/> did with a delta batch.</summary>
public enum DeltaOutcome
{
    /// <summary>No snapshot yet (or a resync is in progress): kept until the snapshot arrives.</summary>
    Buffered,
    /// <summary>Applied; the model moved to the batch's <see cref="DeltaBatch.ToSequence"/>.</summary>
    Applied,
    /// <summary>Already covered by the current state (stale or duplicate): nothing changed.</summary>
    Ignored,
    /// <summary>Batches were missed: the model is unchanged and needs a fresh snapshot.</summary>
    Gap,
}

/// <summary>
/// The client's copy of the server read model: a snapshot plus the delta batches that follow it.
/// Pure state, no I/O, not thread-safe (the store serialises access), so it can be tested alone.
/// </summary>
public sealed class ReadModel
{
    /// <summary>Deltas kept while waiting for a snapshot; beyond this the oldest go and the gap forces another resync.</summary>
    internal const int MaxBuffered = 10_000;

    private readonly Dictionary<string, CaseDto> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstitutionDto> _institutions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TownshipStatsDto> _townships = new(StringComparer.Ordinal);
    private readonly Queue<DeltaBatch> _buffer = new();
    // Cached views, rebuilt after a change: a new reference means "changed" to the components.
    private IReadOnlyList<CaseDto>? _sortedCases;
    private IReadOnlyList<InstitutionDto>? _institutionList;
    private IReadOnlyList<TownshipStatsDto>? _townshipList;

    /// <summary>True once a snapshot has been loaded (the data stays displayable during a resync).</summary>
    public bool HasData { get; private set; }

    /// <summary>True while deltas must be buffered: before the first snapshot and during a resync.</summary>
    public bool AwaitingSnapshot { get; private set; } = true;

    /// <summary>The sequence number the model is at: the snapshot's, then each applied batch's ToSequence.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset AsOf { get; private set; }
    public string Jurisdiction { get; private set; } = "";
    public ReplayProgress Progress { get; private set; } = new(false, "", 0, 0);
    public IndicatorsDto? Indicators { get; private set; }
    public RuleSettingsDto? Rules { get; private set; }
    public IReadOnlyList<InstitutionDto> Institutions => _institutionList ??= [.. _institutions.Values];
    public IReadOnlyList<TownshipStatsDto> Townships => _townshipList ??= [.. _townships.Values];
    public int BufferedCount => _buffer.Count;

    /// <summary>Open cases, most urgent first: priority (1 highest), then oldest report first.</summary>
    public IReadOnlyList<CaseDto> OpenCases => _sortedCases ??= SortCases(_cases.Values);

    public static IReadOnlyList<CaseDto> SortCases(IEnumerable<CaseDto> cases) =>
        cases.Where(c => !c.Closed)
            .OrderBy(c => c.Priority)
            .ThenBy(c => c.ReceivedAt)
            .ThenBy(c => c.CaseId, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Buffer deltas from now on until the next <see cref="Load"/>; the current data stays visible.</summary>
    public void BeginResync() => AwaitingSnapshot = true;

    /// <summary>
    /// Replaces the state with <paramref name="snapshot"/>, then replays the buffered deltas that follow it.
    /// Returns false when the buffer shows a gap after the snapshot: the caller must fetch another one.
    /// </summary>
    public bool Load(DashboardSnapshot snapshot)
    {
        _cases.Clear();
        _institutions.Clear();
        _townships.Clear();
        foreach (var c in snapshot.OpenCases)
        {
            Upsert(c);
        }
        foreach (var i in snapshot.Institutions)
        {
            _institutions[i.InstitutionId] = i;
        }
        foreach (var t in snapshot.Townships)
        {
            _townships[t.Code] = t;
        }
        Invalidate();
        Sequence = snapshot.Sequence;
        AsOf = snapshot.AsOf;
        Jurisdiction = snapshot.Jurisdiction;
        Progress = snapshot.Progress;
        Indicators = snapshot.Indicators;
        Rules = snapshot.Rules;
        HasData = true;
        AwaitingSnapshot = false;

        var gap = false;
        while (_buffer.TryDequeue(out var batch))
        {
            if (!gap && Apply(batch) == DeltaOutcome.Gap)
            {
                gap = true;
            }
        }
        if (gap)
        {
            AwaitingSnapshot = true;
        }
        return !gap;
    }

    /// <summary>Takes a batch from the hub: buffers it, applies it, ignores it, or reports a gap.</summary>
    public DeltaOutcome Offer(DeltaBatch batch)
    {
        if (AwaitingSnapshot)
        {
            if (_buffer.Count >= MaxBuffered)
            {
                _buffer.Dequeue();
            }
            _buffer.Enqueue(batch);
            return DeltaOutcome.Buffered;
        }
        var outcome = Apply(batch);
        if (outcome == DeltaOutcome.Gap)
        {
            AwaitingSnapshot = true;
        }
        return outcome;
    }

    private DeltaOutcome Apply(DeltaBatch batch)
    {
        if (batch.ToSequence <= Sequence)
        {
            return DeltaOutcome.Ignored;
        }
        // FromSequence == Sequence + 1 is the normal case. A batch that overlaps what we have
        // (FromSequence <= Sequence) is still safe: its lists are full states, so re-applying is harmless.
        if (batch.FromSequence > Sequence + 1)
        {
            return DeltaOutcome.Gap;
        }

        foreach (var c in batch.Cases)
        {
            Upsert(c);
        }
        foreach (var id in batch.CasesRemoved)
        {
            _cases.Remove(id);
        }
        foreach (var i in batch.Institutions)
        {
            _institutions[i.InstitutionId] = i;
            _institutionList = null;
        }
        foreach (var t in batch.Townships)
        {
            _townships[t.Code] = t;
            _townshipList = null;
        }
        if (batch.Indicators is not null)
        {
            Indicators = batch.Indicators;
        }
        if (batch.Progress is not null)
        {
            Progress = batch.Progress;
        }
        if (batch.Cases.Count > 0 || batch.CasesRemoved.Count > 0)
        {
            _sortedCases = null;
        }
        Sequence = batch.ToSequence;
        AsOf = batch.AsOf;
        return DeltaOutcome.Applied;
    }

    private void Invalidate()
    {
        _sortedCases = null;
        _institutionList = null;
        _townshipList = null;
    }

    private void Upsert(CaseDto c)
    {
        // A closed case is no longer open: the list and the map only show open ones.
        if (c.Closed)
        {
            _cases.Remove(c.CaseId);
        }
        else
        {
            _cases[c.CaseId] = c;
        }
    }
}
