namespace Lbc.Contracts;

/// <summary>
/// The leading group's read model (省领导小组): aggregates only. It carries no case id, child id, village
/// code or coordinate: the jurisdiction's figures and those of the regions one level below it (<see cref="SubRegions"/>),
/// suppressed together (a count from 1 to 4 is null, shown "&lt;5", and complementary cells are hidden so that none can
/// be worked out: server Access/Suppression.cs). Deeper levels come from <c>GET /api/regions/{code}/figures</c>.
/// </summary>
public sealed record AggregateSnapshot(
    long Sequence,
    DateTimeOffset AsOf,
    string Jurisdiction,
    ReplayProgress Progress,
    Figures Indicators,
    IReadOnlyList<RegionFiguresDto> SubRegions,
    RuleSettingsDto Rules,
    string? TileUrl = null) : ISequencedSnapshot
{
    /// <summary>Alerts per city of the jurisdiction, suppressed (issue 16: aggregates only, no alert itself).</summary>
    public IReadOnlyList<AlertCityFiguresDto> Alerts { get; init; } = [];
}

/// <summary>
/// Changes to an <see cref="AggregateSnapshot"/>; numbered like <see cref="DeltaBatch"/> (the scope's own sequence). The
/// figures and the sub-region table come whole (suppression depends on the whole table), or not at all.
/// </summary>
public sealed record AggregateDelta(
    long FromSequence,
    long ToSequence,
    DateTimeOffset AsOf,
    Figures? Indicators,
    IReadOnlyList<RegionFiguresDto>? SubRegions,
    ReplayProgress? Progress) : ISequencedDelta
{
    /// <summary>The alert figures per city, whole, when they changed; null otherwise.</summary>
    public IReadOnlyList<AlertCityFiguresDto>? Alerts { get; init; }
}

/// <summary>Small-count suppression, one rule for server and client.</summary>
public static class SmallCounts
{
    /// <summary>Counts below this are not shown to the leading group.</summary>
    public const int Threshold = 5;

    /// <summary>
    /// The text shown in place of a suppressed count, small or hidden beside one (DOMAIN.md: "&lt;5"). Deliberately one
    /// text for both: marking the complementary cells apart would tell they are 5 or more, and with a known total of
    /// 6 = small + complementary that pins the small one to 1. The page's note says a hidden cell may be 5 or more.
    /// </summary>
    public const string SuppressedText = "<5";

    /// <summary>A count alone: 1 to 4 hidden (0 singles out nobody). Tables need more: see the server's Suppression.</summary>
    public static int? Suppress(int count) => count is >= 1 and < Threshold ? null : count;
}

/// <summary>Server -> clients in one scope: a user marked a case as being handled by them.</summary>
public sealed record CaseHandlingNotice(string CaseId, string Username, string DisplayName, DateTimeOffset At);
