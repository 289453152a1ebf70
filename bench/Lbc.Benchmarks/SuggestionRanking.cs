using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;

namespace Lbc.Benchmarks;

/// <summary>
/// Placement suggestions (issue 12): <see cref="CommandCenterProjection.Suggest"/> for one waiting child (a domestic
/// violence case naming a registered child of four, so every criterion of the ranking applies), with the province's
/// institutions as the simulator seeds them and with a generated national set of 10,000; p50 and p99 over many calls.
/// Baseline in the same run: sorting the same institutions by great-circle distance alone (distance of each, one sort,
/// the first ten).
/// </summary>
internal static class SuggestionRanking
{
    public sealed record Result(string Label, int Institutions, int Calls, int Suggested, double P50, double P99, double BaselineP50, double BaselineP99);

    private const int Max = 10;

    /// <summary>The province's institutions as seeded by the simulator (<paramref name="seeded"/>, applied to its projection).</summary>
    public static Result Measure(string label, CommandCenterProjection projection, RegionCatalog regions, IReadOnlyList<string> institutionIds,
        string townshipCode, DateTimeOffset now, int calls)
    {
        var placementId = AddWaitingChild(projection, regions, townshipCode, now);
        var locations = institutionIds.Select(id => projection.TryGetInstitution(id, out var i) ? i.Location : default).ToArray();
        var child = regions.TryGetTownship(townshipCode, out var t) ? t.Point : default;

        var suggested = projection.Suggest(placementId, Max)?.Suggestions.Count
            ?? throw new InvalidOperationException("the waiting child is not on the board");
        var times = CallTimes.Measure(calls, () => projection.Suggest(placementId, Max), minWarmUp: 50);
        var baseline = CallTimes.Measure(calls, () => NearestByDistance(child, locations, Max), minWarmUp: 50);
        return new Result(label, institutionIds.Count, calls, suggested, CallTimes.P(times, 0.50), CallTimes.P(times, 0.99), CallTimes.P(baseline, 0.50), CallTimes.P(baseline, 0.99));
    }

    /// <summary>
    /// <paramref name="count"/> institutions spread over <paramref name="regions"/>' townships (the national geography when
    /// given, else the province's), registered at their county with the township's point, each with a status report;
    /// kinds and capacities in the simulator's proportions, a few not accepting or without beds.
    /// </summary>
    public static Result Generated(string label, RegionCatalog regions, int count, string townshipCode, DateTimeOffset now, int calls)
    {
        var projection = new CommandCenterProjection(regions, RuleSettings.Default, now, expectedChildren: 16);
        var random = new Random(12);
        var townships = regions.Townships;
        var ids = new List<string>(count);
        var at = now.AddDays(-30);
        for (var n = 0; n < count; n++)
        {
            var township = townships[random.Next(townships.Count)];
            var kind = random.NextDouble() switch
            {
                < 0.30 => InstitutionKind.ReliefStation,
                < 0.45 => InstitutionKind.ProtectionCentre,
                < 0.70 => InstitutionKind.WelfareInstitution,
                < 0.90 => InstitutionKind.TemporaryShelter,
                _ => InstitutionKind.BoardingSchool,
            };
            var id = string.Create(CultureInfo.InvariantCulture, $"INST-G-{n:D5}");
            var capacity = random.NextDouble() < 0.03 ? 0 : random.Next(6, 220);
            // Jitter within a few kilometres, so places of one township are not all at one point.
            var lon = township.Point.Lon + (random.NextDouble() - 0.5) * 0.05;
            var lat = township.Point.Lat + (random.NextDouble() - 0.5) * 0.05;
            Apply(projection, new InstitutionRegistered(Meta(id + "-reg", EventTypes.InstitutionRegistered, at), id, id, kind,
                RegionCodes.CountyOf(township.Code), lon, lat, capacity));
            Apply(projection, new InstitutionStatusReported(Meta(id + "-status", EventTypes.InstitutionStatus, now.AddHours(-random.Next(1, 20))), id,
                null, random.Next(0, Math.Max(1, capacity)), 0, random.NextDouble() >= 0.05, Math.Max(1, capacity / 12 + random.Next(0, 3))));
            ids.Add(id);
        }
        projection.AdvanceTo(now);
        return Measure(label, projection, regions, ids, townshipCode, now, calls);
    }

    /// <summary>A child of four registered in the township, a domestic violence report naming it, and a placement requested for the case.</summary>
    private static string AddWaitingChild(CommandCenterProjection projection, RegionCatalog regions, string townshipCode, DateTimeOffset now)
    {
        var village = regions.VillagesIn(townshipCode)[0].Code;
        var birth = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-4).AddDays(-40);
        Apply(projection, new ChildRegistered(Meta("bench-child-reg", EventTypes.ChildRegistered, now.AddDays(-300)), "LB-BENCH-CHILD", village, townshipCode,
            birth, LeftBehindKind.BothParentsAway, GuardianArrangement.Entrusted));
        Apply(projection, new ReportFiled(Meta("bench-report", EventTypes.ReportFiled, now.AddMinutes(-50)), "R-BENCH-SUGGEST", "LB-BENCH-CHILD", townshipCode, village,
            null, null, ReportCategory.DomesticViolence, ReporterType.School, now.AddMinutes(-90), now.AddMinutes(-50)));
        Apply(projection, new PlacementRequested(Meta("bench-placement", EventTypes.PlacementRequested, now.AddMinutes(-20)), "P-BENCH-SUGGEST", "R-BENCH-SUGGEST", townshipCode));
        projection.AdvanceTo(now);
        return "P-BENCH-SUGGEST";
    }

    private static void Apply(CommandCenterProjection projection, DomainEvent e)
    {
        if (projection.Apply(e) is { Outcome: ApplyOutcome.Rejected } rejected)
        {
            throw new InvalidOperationException($"{e.Meta.Type} rejected: {rejected.Reason}");
        }
    }

    private static EventMeta Meta(string id, string type, DateTimeOffset ts) => new(id, type, ts, "bench");

    /// <summary>The naive ranking: every institution's distance, one sort, the first <paramref name="max"/>.</summary>
    private static int[] NearestByDistance(GeoPoint from, GeoPoint[] locations, int max)
    {
        var distances = new double[locations.Length];
        var order = new int[locations.Length];
        for (var i = 0; i < locations.Length; i++)
        {
            distances[i] = DistanceKm(from, locations[i]);
            order[i] = i;
        }
        Array.Sort(distances, order);
        return order[..Math.Min(max, order.Length)];
    }

    private static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        const double toRadians = Math.PI / 180;
        var lat1 = a.Lat * toRadians;
        var lat2 = b.Lat * toRadians;
        var sinLat = Math.Sin((lat2 - lat1) / 2);
        var sinLon = Math.Sin((b.Lon - a.Lon) * toRadians / 2);
        var h = sinLat * sinLat + Math.Cos(lat1) * Math.Cos(lat2) * sinLon * sinLon;
        return 2 * 6371.0088 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    public static string Table(IEnumerable<Result> results)
    {
        var report = new StringBuilder();
        report.AppendLine("| placement suggestions for one waiting child | institutions | calls | suggested | Suggest p50 ms | Suggest p99 ms | baseline: sort by distance p50 ms | baseline p99 ms |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.Institutions:N0} | {r.Calls:N0} | {r.Suggested} | {r.P50:F3} | {r.P99:F3} | {r.BaselineP50:F3} | {r.BaselineP99:F3} |");
        }
        return report.ToString();
    }
}
