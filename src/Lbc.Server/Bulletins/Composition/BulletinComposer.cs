using System.Globalization;
using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.History;

namespace Lbc.Server.Bulletins.Composition;

/// <summary>
/// Builds a <see cref="Bulletin"/> from history, through the history API's own parser and read path
/// (<see cref="HistoryQueryParser"/>, <see cref="HistoryApi.ReadPointsAsync"/>), so a figure of the bulletin is exactly the
/// mean of the points GET /api/history answers the same user for the period: counts by the day (step 1d), police
/// response by the week (7d, the leading group's only step for durations). History is kept, so a past quarter's bulletin
/// comes out with the same numbers later.
/// </summary>
public sealed class BulletinComposer(IHistoryReader reader, RegionCatalog regions, BulletinGeometry geometry, TimeProvider time)
{
    /// <summary>History reads in flight at once (the SQLite store serialises them anyway; InfluxDB takes a few).</summary>
    private const int Parallelism = 4;

    public async Task<Bulletin> ComposeAsync(string region, BulletinPeriod period, bool aggregatesOnly, RuleSettingsDto rules,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var subRegions = SubRegionsOf(region);
        var codes = new List<string> { region };
        codes.AddRange(subRegions.Select(s => s.Code));

        var reads = new List<(int Row, string Key, string Metric, string? Stage, BulletinPeriod Period)>();
        for (var i = 0; i < codes.Count; i++)
        {
            reads.AddRange(Series(i == 0).Select(s => (i, s.Key, s.Metric, s.Stage, period)));
        }
        // The region's previous period, for the headline's change: row -1.
        reads.AddRange(Series(true).Select(s => (-1, s.Key, s.Metric, s.Stage, period.Previous)));

        var plan = reads.Select(r => (Read: r, Query: Query(r.Row < 0 ? region : codes[r.Row], r.Metric, r.Stage, r.Period))).ToList();
        // Every store read the history path below will make, batched up front: the queries, and for the leading group the
        // hourly series HistoryPrivacy judges each by.
        var history = new PrefetchedHistory(reader);
        var wanted = plan.Select(p => p.Query).ToList();
        if (aggregatesOnly)
        {
            wanted.AddRange(plan.Where(p => !p.Query.Metric.IsDuration).SelectMany(p =>
                HistoryPrivacy.JudgedBy(p.Query.Metric).Select(j => p.Query with { Metric = j.Metric, Step = HistoryPrivacy.BaseStep })));
        }
        await history.PrefetchAsync(wanted, Parallelism, cancellationToken);

        var current = codes.Select(_ => new Dictionary<string, BulletinValue>(StringComparer.Ordinal)).ToList();
        var previous = new Dictionary<string, BulletinValue>(StringComparer.Ordinal);
        var gate = new object();
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var points = await HistoryApi.ReadPointsAsync(history, item.Query, aggregatesOnly, now, ct);
                var value = item.Read.Stage is null ? PeriodMean(points) : PeriodMeanOfShown(points);
                lock (gate)
                {
                    (item.Read.Row < 0 ? previous : current[item.Read.Row])[item.Read.Key] = value;
                }
            });
        foreach (var row in current.Append(previous))
        {
            row[BulletinFields.MandatedSum] = Sum(row, BulletinFields.MandatedReporters);
        }
        if (aggregatesOnly)
        {
            BulletinSuppression.Apply(current);
            BulletinSuppression.Apply([previous]);
        }

        var names = subRegions.Select(s => s.Name).ToList();
        return new Bulletin(region, regions.NameOf(region) ?? region, period, now, reader.Kind, aggregatesOnly,
            period.End + HistoryPrivacy.DurationSettle <= now,
            BulletinIndicators.Headline(current[0], previous, rules),
            BulletinIndicators.Rankings(subRegions, current.Skip(1).ToList(), rules, TownshipCount),
            Map(region, subRegions, current.Skip(1).ToList()),
            BulletinIndicators.RuleLines(rules, aggregatesOnly));
    }

    /// <summary>What one row reads: the table's counts, the headline's own counts for the region, the police stages.</summary>
    private static IEnumerable<(string Key, string Metric, string? Stage)> Series(bool isRegion)
    {
        foreach (var field in BulletinFields.TableCounts)
        {
            yield return (field, field, null);
        }
        if (isRegion)
        {
            foreach (var field in BulletinFields.HeadlineCounts)
            {
                yield return (field, field, null);
            }
        }
        foreach (var stage in BulletinFields.ResponseStages)
        {
            yield return (BulletinFields.ResponseKey(stage), BulletinFields.ResponseMetric, stage);
        }
    }

    /// <summary>One series over the period, as GET /api/history would be asked for it: counts by the day, stage times by the week.</summary>
    private HistoryQuery Query(string region, string metric, string? stage, BulletinPeriod period)
    {
        var (query, errors) = HistoryQueryParser.Parse(metric, region, Iso(period.Start), Iso(period.End), stage is null ? "1d" : "7d",
            "avg", stage, regions);
        return query ?? throw new InvalidOperationException(
            "bulletin history query refused: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
    }

    /// <summary>
    /// A count's figure for the period from its days: their mean; hidden when any day is (else a shown period minus its
    /// shown days would give the hidden day back, and that day less its shown hours a small hour); none when history has
    /// no day in the period.
    /// </summary>
    public static BulletinValue PeriodMean(IReadOnlyList<HistoryPointDto> points) =>
        points.Count == 0 ? BulletinValue.None
        : points.Any(p => p.V is null) ? BulletinValue.Suppressed
        : BulletinValue.Of(points.Average(p => p.V!.Value));

    /// <summary>
    /// A response time for the period from its weeks: the mean of the weeks shown, leaving out weeks withheld for having
    /// fewer than five cases (a hidden week is not used at all, so nothing of it can be worked back); hidden when no week
    /// is shown. Unlike counts, the edge weeks of a period (half in it) are often short of five cases, and would otherwise
    /// hide every period's response time.
    /// </summary>
    public static BulletinValue PeriodMeanOfShown(IReadOnlyList<HistoryPointDto> points) =>
        points.Count == 0 ? BulletinValue.None
        : points.All(p => p.V is null) ? BulletinValue.Suppressed
        : BulletinValue.Of(points.Where(p => p.V is not null).Average(p => p.V!.Value));

    public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static BulletinValue Sum(Dictionary<string, BulletinValue> row, IReadOnlyList<string> keys)
    {
        var sum = 0.0;
        var any = false;
        foreach (var key in keys)
        {
            var v = row.GetValueOrDefault(key, BulletinValue.None);
            if (v.Hidden)
            {
                return BulletinValue.Suppressed;
            }
            if (v.Value is { } x)
            {
                sum += x;
                any = true;
            }
        }
        return any ? BulletinValue.Of(sum) : BulletinValue.None;
    }

    /// <summary>The regions one level down (provinces of the country, cities of the province, counties of a city, townships of a county); none below a township.</summary>
    public IReadOnlyList<(string Code, string Name)> SubRegionsOf(string region) => RegionCodes.LevelOf(region) switch
    {
        RegionLevel.Country => [.. regions.Provinces.Select(p => (p.Code, p.Name))],
        RegionLevel.Province => [.. regions.Cities.Where(c => RegionCodes.Contains(region, c.Code)).Select(c => (c.Code, c.Name))],
        RegionLevel.City => [.. regions.CountiesIn(region).Select(c => (c.Code, c.Name))],
        RegionLevel.County => [.. regions.TownshipsIn(region).Select(t => (t.Code, t.Name))],
        _ => [],
    };

    private int TownshipCount(string code) => RegionCodes.LevelOf(code) switch
    {
        RegionLevel.City => regions.CountiesIn(code).Sum(c => regions.TownshipsIn(c.Code).Count),
        RegionLevel.County => regions.TownshipsIn(code).Count,
        RegionLevel.Township => 1,
        _ => regions.Townships.Count,
    };

    private BulletinMap Map(string region, IReadOnlyList<(string Code, string Name)> subRegions, IReadOnlyList<Dictionary<string, BulletinValue>> rows)
    {
        var areas = new List<MapArea>();
        var outline = new List<MultiPolygon>();
        for (var i = 0; i < subRegions.Count; i++)
        {
            var (code, name) = subRegions[i];
            var rate = BulletinIndicators.Rate(rows[i], BulletinFields.Overdue, BulletinFields.Children);
            if (regions.TryGetTownship(code, out var township))
            {
                areas.Add(new MapArea(code, name, rate, [], township.Point));
            }
            else
            {
                // A region without outlines in the reference (another province's, in the country's bulletin): a point, like a township.
                var shapes = geometry.ShapesOf(code);
                areas.Add(new MapArea(code, name, rate, shapes, shapes.Count == 0 ? regions.CentreOf(code) : null));
            }
        }
        if (RegionCodes.LevelOf(region) == RegionLevel.County)
        {
            outline.AddRange(geometry.ShapesOf(region));
        }
        return new BulletinMap(areas, outline, BulletinIndicators.OverdueClasses, BulletinIndicators.HiddenColor);
    }
}
