using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.Access;
using Lbc.Server.Feed;

namespace Lbc.Benchmarks;

/// <summary>
/// Issue 17, target 3's last figure: the leading group's snapshot for the whole country. No user can hold the country (a
/// jurisdiction is a Liaoning region), so the server never sends it; this builds, in process on the national registry,
/// the payload it would send, the way it builds a province's (<see cref="AggregateTable"/>: the region's figures and one
/// suppressed row per region one level below, here the 31 provinces), and serialises it with the contract's JSON, beside
/// Liaoning's built the same way on the same registry (registrations only, so smaller than a live server's, which also
/// carries visits, cases and places of care in its figures).
/// </summary>
internal static class CountryPayload
{
    public sealed record Result(int Children, long ProvinceBytes, int Provinces, long CountryBytes);

    public static Result Measure(CommandCenterProjection projection, RegionCatalog regions)
    {
        var progress = new ReplayProgress(true, "live", projection.EventsApplied, projection.EventsApplied);
        var liaoning = AggregateTable.Of(projection, RegionCodes.Liaoning);
        var provinceSnapshot = new AggregateSnapshot(1, projection.Now, RegionCodes.Liaoning, progress, liaoning.Figures, liaoning.SubRegions,
            projection.RulesDto()) { Alerts = projection.AlertFigures(RegionCodes.Liaoning) };

        // The country's table: each province's figures (as its own leading group gets them, before suppression), summed.
        var rows = regions.Provinces.Select(p => projection.RegionTable(p.Code).Parent).ToList();
        var sum = Figures.Build();
        rows.ForEach(r => sum.Add(r));
        var (shownCountry, shownRows) = Suppression.Table(sum.ToFigures(), rows);
        var countrySnapshot = new AggregateSnapshot(1, projection.Now, "CN", progress, shownCountry,
            [.. regions.Provinces.Select((p, i) => new RegionFiguresDto(p.Code, shownRows[i]))], projection.RulesDto());

        return new Result(projection.ActiveChildren,
            JsonSerializer.SerializeToUtf8Bytes(provinceSnapshot, ContractsJsonContext.Default.AggregateSnapshot).Length,
            regions.Provinces.Count,
            JsonSerializer.SerializeToUtf8Bytes(countrySnapshot, ContractsJsonContext.Default.AggregateSnapshot).Length);
    }

    public static string Table(Result r) =>
        "| leading group's snapshot, national registry (built in process) | children | sub-regions | bytes |\n|---|---|---|---|\n"
        + $"| Liaoning, the same way on the same registry | {r.Children:N0} | 14 cities | {r.ProvinceBytes:N0} |\n"
        + $"| the country (no user can ask for it: no country-level jurisdiction) | {r.Children:N0} | {r.Provinces} provinces | {r.CountryBytes:N0} |\n";
}
