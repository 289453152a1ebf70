using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>
/// The leading group's client state: an <see cref="AggregateSnapshot"/> plus the <see cref="AggregateDelta"/>s
/// that follow it, with the same sequence rules as <see cref="ReadModel"/> (buffer until a snapshot, gap =
/// fetch a fresh one). Suppressed counts stay null; the view shows them as "&lt;5".
/// </summary>
public sealed class AggregateModel
{
    private readonly Dictionary<string, AggregateTownshipDto> _townships = new(StringComparer.Ordinal);
    private readonly Queue<AggregateDelta> _buffer = new();
    private IReadOnlyList<AggregateTownshipDto>? _townshipList;

    public bool HasData { get; private set; }
    public bool AwaitingSnapshot { get; private set; } = true;
    public long Sequence { get; private set; }
    public DateTimeOffset AsOf { get; private set; }
    public string Jurisdiction { get; private set; } = "";
    public ReplayProgress Progress { get; private set; } = new(false, "", 0, 0);
    public AggregateIndicatorsDto? Indicators { get; private set; }
    public IReadOnlyList<CaseCountDto> CaseCounts { get; private set; } = [];
    public IReadOnlyList<AggregateTownshipDto> Townships => _townshipList ??= [.. _townships.Values.OrderBy(t => t.Code, StringComparer.Ordinal)];

    /// <summary>Deltas kept until the next snapshot loads.</summary>
    public int BufferedCount => _buffer.Count;

    public void BeginResync() => AwaitingSnapshot = true;

    /// <summary>Replaces the state, then replays buffered deltas; false when they show a gap (fetch another snapshot).</summary>
    public bool Load(AggregateSnapshot snapshot)
    {
        _townships.Clear();
        foreach (var t in snapshot.Townships)
        {
            _townships[t.Code] = t;
        }
        _townshipList = null;
        Sequence = snapshot.Sequence;
        AsOf = snapshot.AsOf;
        Jurisdiction = snapshot.Jurisdiction;
        Progress = snapshot.Progress;
        Indicators = snapshot.Indicators;
        CaseCounts = snapshot.CaseCounts;
        HasData = true;
        AwaitingSnapshot = false;
        var gap = false;
        while (_buffer.TryDequeue(out var delta))
        {
            gap |= !gap && Apply(delta) == DeltaOutcome.Gap;
        }
        AwaitingSnapshot = gap;
        return !gap;
    }

    public DeltaOutcome Offer(AggregateDelta delta)
    {
        if (AwaitingSnapshot)
        {
            if (_buffer.Count >= ReadModel.MaxBuffered)
            {
                _buffer.Dequeue();
            }
            _buffer.Enqueue(delta);
            return DeltaOutcome.Buffered;
        }
        var outcome = Apply(delta);
        AwaitingSnapshot = outcome == DeltaOutcome.Gap;
        return outcome;
    }

    private DeltaOutcome Apply(AggregateDelta delta)
    {
        if (delta.ToSequence <= Sequence)
        {
            return DeltaOutcome.Ignored;
        }
        if (delta.FromSequence > Sequence + 1)
        {
            return DeltaOutcome.Gap;
        }
        foreach (var t in delta.Townships)
        {
            _townships[t.Code] = t;
            _townshipList = null;
        }
        Indicators = delta.Indicators ?? Indicators;
        CaseCounts = delta.CaseCounts ?? CaseCounts;
        Progress = delta.Progress ?? Progress;
        Sequence = delta.ToSequence;
        AsOf = delta.AsOf;
        return DeltaOutcome.Applied;
    }

    /// <summary>A count as the leading group sees it: the number, or "&lt;5" when suppressed.</summary>
    public static string Show(int? count) => count is { } n ? n.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) : SmallCounts.SuppressedText;
}
