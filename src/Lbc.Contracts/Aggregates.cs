namespace Lbc.Contracts;

/// <summary>
/// The leading group's read model (省领导小组): aggregates only. It carries no case id, child id, village
/// code or coordinate. Every count below <see cref="SmallCounts.Threshold"/> is null, meaning "suppressed,
/// fewer than 5" (shown as "&lt;5"), so that no single child can be singled out from a small cell.
/// </summary>
public sealed record AggregateSnapshot(
    long Sequence,
    DateTimeOffset AsOf,
    string Jurisdiction,
    ReplayProgress Progress,
    Figures Indicators,
    IReadOnlyList<TownshipFiguresDto> Townships,
    IReadOnlyList<CaseCountDto> CaseCounts,
    RuleSettingsDto Rules,
    string? TileUrl = null) : ISequencedSnapshot;

/// <summary>Changes to an <see cref="AggregateSnapshot"/>; numbered like <see cref="DeltaBatch"/> (the scope's own sequence).</summary>
public sealed record AggregateDelta(
    long FromSequence,
    long ToSequence,
    DateTimeOffset AsOf,
    Figures? Indicators,
    IReadOnlyList<TownshipFiguresDto> Townships,
    IReadOnlyList<CaseCountDto>? CaseCounts,
    ReplayProgress? Progress) : ISequencedDelta;

/// <summary>
/// Open cases of one region one level below the jurisdiction (cities of the province, counties of a city,
/// townships of a county; a township counts itself) and one category. Every such region has a row for every
/// category, so a row appearing or disappearing gives nothing away either.
/// </summary>
public sealed record CaseCountDto(string RegionCode, string Category, int? Open);

/// <summary>Small-count suppression, one rule for server and client.</summary>
public static class SmallCounts
{
    /// <summary>Counts below this are not shown to the leading group.</summary>
    public const int Threshold = 5;

    /// <summary>The text shown in place of a suppressed count.</summary>
    public const string SuppressedText = "<5";

    public static int? Suppress(int count) => count < Threshold ? null : count;
}

/// <summary>Server -> clients in one scope: a user marked a case as being handled by them.</summary>
public sealed record CaseHandlingNotice(string CaseId, string Username, string DisplayName, DateTimeOffset At);
