namespace Lbc.Contracts;

/// <summary>
/// The read model of one caller's jurisdiction at one sequence number. The client applies
/// <see cref="DeltaBatch"/>es whose <see cref="DeltaBatch.FromSequence"/> follows <see cref="Sequence"/>;
/// a gap means "fetch a fresh snapshot".
/// </summary>
public sealed record DashboardSnapshot(
    long Sequence,
    DateTimeOffset AsOf,
    string Jurisdiction,
    ReplayProgress Progress,
    IndicatorsDto Indicators,
    IReadOnlyList<CaseDto> OpenCases,
    IReadOnlyList<InstitutionDto> Institutions,
    IReadOnlyList<TownshipStatsDto> Townships,
    RuleSettingsDto Rules);

/// <summary>Whether the server has caught up with the event log; the UI shows a loading state until it has.</summary>
public sealed record ReplayProgress(bool Ready, string Phase, long EventsApplied, long EventsTotal);

/// <summary>Province- (or jurisdiction-) wide headline figures, all counts of the current state.</summary>
public sealed record IndicatorsDto(
    int ActiveChildren,
    int VisitedOnTime,
    int VisitDueSoon,
    int VisitOverdue,
    int StaleRecords,
    int SchoolAge,
    int Paired,
    int OpenDropouts,
    int OpenCases,
    int BreachedCases,
    int PlacementsWaiting,
    int PlacementsActive,
    int FreeBeds,
    int LateTownships,
    IReadOnlyDictionary<string, int> ExitsByReason);

/// <summary>
/// Visit and ledger state of one township (乡镇/街道), keyed by its 9-digit code.
/// This is the unit of the overdue-visit heatmap.
/// </summary>
public sealed record TownshipStatsDto(
    string Code,
    int Children,
    int VisitedOnTime,
    int VisitDueSoon,
    int VisitOverdue,
    int StaleRecords,
    int SchoolAge,
    int Paired,
    int OpenDropouts);

/// <summary>The project-default rule numbers in force (DOMAIN.md); the UI shows them as configurable defaults.</summary>
public sealed record RuleSettingsDto(
    int VisitIntervalDays,
    int VisitDueSoonDays,
    int LedgerStaleDays,
    int LedgerGraceDays,
    IReadOnlyDictionary<string, int> StageSlaMinutes);
