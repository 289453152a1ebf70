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
    IReadOnlyList<TownshipStatsDto> Townships,
    IndicatorsDto? Indicators,
    ReplayProgress? Progress);
