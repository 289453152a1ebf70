namespace Lbc.Contracts;

/// <summary>
/// The read model of one caller's jurisdiction (<see cref="Indicators"/>: the jurisdiction's figures;
/// <see cref="TileUrl"/>: the configured XYZ tile server, if any, for the map) at one sequence number. The client applies
/// <see cref="DeltaBatch"/>es whose <see cref="DeltaBatch.FromSequence"/> follows <see cref="Sequence"/>;
/// a gap means "fetch a fresh snapshot".
/// </summary>
public sealed record DashboardSnapshot(
    long Sequence,
    DateTimeOffset AsOf,
    string Jurisdiction,
    ReplayProgress Progress,
    Figures Indicators,
    IReadOnlyList<CaseDto> OpenCases,
    IReadOnlyList<InstitutionDto> Institutions,
    IReadOnlyList<RegionFiguresDto> Townships,
    RuleSettingsDto Rules,
    string? TileUrl = null) : ISequencedSnapshot
{
    /// <summary>Children waiting for or in temporary care whose township is in the jurisdiction (the civil-affairs queue).</summary>
    public IReadOnlyList<PlacementDto> Placements { get; init; } = [];

    /// <summary>Cases whose township assessment and services are still followed (after the police close too).</summary>
    public IReadOnlyList<FollowUpDto> FollowUps { get; init; } = [];

    /// <summary>Open alerts this jurisdiction's officers own now (issue 16); the client counts those of the user's role.</summary>
    public IReadOnlyList<AlertDto> Alerts { get; init; } = [];
}

/// <summary>Whether the server has caught up with the event log; the UI shows a loading state until it has.</summary>
public sealed record ReplayProgress(bool Ready, string Phase, long EventsApplied, long EventsTotal);

/// <summary>
/// The figures of one township (乡镇/街道), keyed by its 9-digit code: the unit of the heatmaps, the tables and
/// every roll-up. For the leading group small counts are suppressed (null in <see cref="Figures"/>).
/// </summary>
public sealed record RegionFiguresDto(string Code, Figures Figures);

/// <summary>The project-default rule numbers in force (DOMAIN.md); the UI shows them as configurable defaults.</summary>
public sealed record RuleSettingsDto(
    int VisitIntervalDays,
    int VisitDueSoonDays,
    int LedgerStaleDays,
    int LedgerGraceDays,
    IReadOnlyDictionary<string, int> StageSlaMinutes,
    double SearchBaseKm = 2,
    double SearchGrowthKmPerHour = 5,
    double SearchCapKm = 50,
    double ClockAmberFraction = 0.2,
    int PlacementWaitTargetMinutes = 120,
    int InstitutionStaleHours = 24,
    int FollowUpRetentionDays = 90,
    int GuardianNoneRevocationDays = 183);
