using System.Globalization;
using Lbc.Domain.Regions;
using Lbc.Server.History;
using Lbc.Server.Tests.Metrics;

namespace Lbc.Server.Tests.History;

/// <summary>
/// Every query <see cref="FluxQueryBuilder"/> can generate, checked by InfluxData's own Flux checker run as a process
/// (tests/flux-check, npm <c>@influxdata/flux-lsp-node</c>): no InfluxDB 2.x is available to run them, but a query
/// the checker rejects would fail on every InfluxDB, and a string it decodes differently would filter on the wrong value.
/// </summary>
public sealed class FluxCheckTests
{
    private static readonly string[] s_steps = ["1m", "90m", "1h", "1d", "7d", "31d"];

    private static readonly string[] s_awkward =
    [
        "", "$", "cost$", "$$", "$${x}", "${x}", "a${", "{$}", "$\\", "$\"", "\\", "\\$", "\\${", "a\"b", "\"", "\"\"",
        "back\\slash", "line\nbreak", "cr\rlf\r\n", "tab\there", "$\n", "$\t", "\u0001\u007f", "沈阳市", "铁西区${街道}",
        "😀$😀", "\") |> drop(columns: [\"_value\"]) |> filter(fn: (r) => r.x == \"",
    ];

    [Fact]
    public async Task Checker_KnownInvalidFlux_IsRejectedWithAReason()
    {
        // The checker itself must be able to fail, or the tests below prove nothing.
        var results = await FluxChecker.CheckAsync(
        [
            "from(bucket: \"lbc\") |> range(start: -1h)",
            "from(bucket: \"a\\$b\") |> range(start: -1h)",
            "from(bucket: \"lbc\") |> range(start: -1h) |> aggregateWindow(every: \"1h\", fn: mean)",
            "from(bucket: \"lbc\") |> range(start: -1h) |> lastValue()",
            "from(bucket: \"a${b}\") |> range(start: -1h)",
        ]);

        Assert.True(results[0].Ok, results[0].ToString());
        Assert.All(results.Skip(1), r => Assert.False(r.Ok, r.ToString()));
        Assert.Contains(results[2].Diagnostics, d => d.Message.Contains("argument every", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_EveryMetricLevelAggregateStageAndStep_IsValidFlux()
    {
        var regions = HistoryTestData.Regions;
        string[] codes = ["21", regions.Cities[0].Code, regions.Counties[0].Code, regions.Townships[0].Code];
        var queries = new List<string>();
        foreach (var metric in HistoryQueryParser.Metrics)
        {
            foreach (var code in codes)
            {
                foreach (var fn in new[] { "avg", "last" })
                {
                    foreach (var stage in metric.IsDuration ? metric.Stages.Select(s => (string?)s) : [null])
                    {
                        foreach (var step in s_steps)
                        {
                            // An unaligned range in China time, as long as the step allows (at most 5,000 buckets).
                            var to = new DateTimeOffset(2026, 11, 1, 10, 1, 0, TimeSpan.FromHours(8));
                            var span = HistoryQueryParser.ParseStep(step)!.Value * 4_000;
                            var from = to - (span < TimeSpan.FromDays(790) ? span : TimeSpan.FromDays(790)) + TimeSpan.FromMinutes(7);
                            var (query, errors) = HistoryQueryParser.Parse(metric.Name, code,
                                from.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                                to.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), step, fn, stage, regions);
                            Assert.Empty(errors);
                            queries.Add(FluxQueryBuilder.Build(query!, "lbc"));
                        }
                    }
                }
            }
        }

        var results = await FluxChecker.CheckAsync(queries);

        var bad = results.Where(r => !r.Ok).ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} of {results.Count} generated queries are not valid Flux:\n{string.Join('\n', bad.Take(5))}");
        // Both the region and the duration branch were generated, with both aggregates.
        Assert.Contains(queries, q => q.Contains("|> window(", StringComparison.Ordinal) && q.Contains("t: time(v: 0)", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("|> window(", StringComparison.Ordinal) && q.Contains("sum: 0.0", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("r.region == \"21\"", StringComparison.Ordinal) && q.Contains("fn: mean", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_AwkwardRegionStageAndBucketStrings_AreValidFluxAndDecodeToTheSameText()
    {
        // The parser only lets catalog codes through; the builder must still never emit broken Flux, whatever it is given.
        var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, 123, TimeSpan.Zero);
        var cases = new List<(string Query, string[] Strings)>();
        var metrics = HistoryQueryParser.Metrics;
        var levels = new[] { RegionLevel.Province, RegionLevel.City, RegionLevel.County, RegionLevel.Township };
        var awkward = s_awkward.Concat(Fuzz(300)).ToList();
        for (var i = 0; i < awkward.Count; i++)
        {
            var metric = metrics[i % metrics.Count];
            var text = awkward[i];
            var bucket = awkward[(i + 7) % awkward.Count];
            var stage = metric.IsDuration ? awkward[(i + 3) % awkward.Count] : null;
            var query = new HistoryQuery(metric, text, levels[i % levels.Length], stage, from, from.AddHours(2),
                TimeSpan.FromMinutes(15), i % 2 == 0 ? HistoryAggregate.Avg : HistoryAggregate.Last);
            cases.Add((FluxQueryBuilder.Build(query, bucket), stage is null ? [bucket, text] : [bucket, text, stage]));
        }

        var results = await FluxChecker.CheckAsync(cases.Select(c => c.Query).ToList());

        var bad = results.Where(r => !r.Ok).ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} of {results.Count} queries with awkward strings are not valid Flux:\n{string.Join('\n', bad.Take(5))}");
        for (var i = 0; i < cases.Count; i++)
        {
            foreach (var expected in cases[i].Strings)
            {
                Assert.True(results[i].Strings.Contains(expected),
                    $"'{expected}' does not come back from the Flux string literals [{string.Join(", ", results[i].Strings)}] of\n{cases[i].Query}");
            }
        }
    }

    /// <summary>Short strings over the characters Flux strings treat specially, from a fixed seed (the same every run).</summary>
    private static IEnumerable<string> Fuzz(int count)
    {
        string[] alphabet = ["$", "{", "}", "\\", "\"", "\n", "\r", "\t", "x", "2", "沈", "😀", "%", "_"];
        var random = new Random(20261101);
        for (var i = 0; i < count; i++)
        {
            yield return string.Concat(Enumerable.Range(0, random.Next(1, 9)).Select(_ => alphabet[random.Next(alphabet.Length)]));
        }
    }
}
