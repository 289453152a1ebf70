using Lbc.Contracts;

namespace Lbc.Server.Hosting;

/// <summary>
/// Everything that changed province-wide in one publishing tick, merged from the projection's batches, with
/// what each active scope needs computed under the projection's lock (indicators per jurisdiction when they
/// moved, case counts per leading-group jurisdiction when a case opened, moved or closed).
/// </summary>
public sealed record ChangeSet(
    DateTimeOffset AsOf,
    IReadOnlyList<CaseDto> Cases,
    IReadOnlyList<RemovedCase> Removed,
    IReadOnlyList<InstitutionDto> Institutions,
    IReadOnlyList<TownshipStatsDto> Townships,
    IReadOnlyDictionary<string, IndicatorsDto> Indicators,
    IReadOnlyDictionary<string, IReadOnlyList<CaseCountDto>> CaseCounts,
    ReplayProgress? Progress);

/// <summary>A closed case and where it was, so its removal reaches only the scopes that could have it.</summary>
public readonly record struct RemovedCase(string CaseId, string TownshipCode);
