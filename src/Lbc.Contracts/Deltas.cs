namespace Lbc.Contracts;

/// <summary>
/// Changes since the previous batch. Every list holds the full new state of what changed (upserts),
/// so applying a batch twice is harmless; <see cref="FromSequence"/> must be the client's sequence + 1.
/// </summary>
public sealed record DeltaBatch(
    long FromSequence,
    long ToSequence,
    DateTimeOffset AsOf,
    IReadOnlyList<CaseDto> Cases,
    IReadOnlyList<string> CasesRemoved,
    IReadOnlyList<InstitutionDto> Institutions,
    IReadOnlyList<RegionFiguresDto> Townships,
    Figures? Indicators,
    ReplayProgress? Progress) : ISequencedDelta
{
    /// <summary>Placements that changed (upserts); <see cref="PlacementsEnded"/> the ids of those that ended.</summary>
    public IReadOnlyList<PlacementDto> Placements { get; init; } = [];

    public IReadOnlyList<string> PlacementsEnded { get; init; } = [];

    /// <summary>Follow-ups that changed (upserts); <see cref="FollowUpsEnded"/> the case ids that left the list.</summary>
    public IReadOnlyList<FollowUpDto> FollowUps { get; init; } = [];

    public IReadOnlyList<string> FollowUpsEnded { get; init; } = [];

    /// <summary>Alerts that were raised or changed (upserts); <see cref="AlertsEnded"/> the ids of those resolved or no longer owned here.</summary>
    public IReadOnlyList<AlertDto> Alerts { get; init; } = [];

    public IReadOnlyList<string> AlertsEnded { get; init; } = [];
}

/// <summary>What every snapshot of a scope carries: the scope's sequence number it is at.</summary>
public interface ISequencedSnapshot
{
    long Sequence { get; }
    DateTimeOffset AsOf { get; }
    ReplayProgress Progress { get; }
}

/// <summary>
/// What every numbered delta of a scope carries. A client at sequence n applies a delta with
/// <see cref="FromSequence"/> = n + 1; a higher one is a gap (fetch a fresh snapshot), a lower <see cref="ToSequence"/> is stale.
/// </summary>
public interface ISequencedDelta
{
    long FromSequence { get; }
    long ToSequence { get; }
    DateTimeOffset AsOf { get; }
    ReplayProgress? Progress { get; }
}
