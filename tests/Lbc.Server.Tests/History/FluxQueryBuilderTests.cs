using Lbc.Server.History;
using Lbc.Server.Tests.Metrics;

namespace Lbc.Server.Tests.History;

/// <summary>The exact Flux text of each kind of history query (no InfluxDB 2.x here to run it).</summary>
public sealed class FluxQueryBuilderTests
{
    private static HistoryQuery Parse(string metric, string region, string from, string to, string step, string? fn = null, string? stage = null)
    {
        var (query, errors) = HistoryQueryParser.Parse(metric, region, from, to, step, fn, stage, HistoryTestData.Regions);
        Assert.Empty(errors);
        return query!;
    }

    [Fact]
    public void Build_RegionFieldAverage_FiltersMeasurementFieldAndRegionTag()
    {
        var query = Parse("overdue", "2101", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "1h");

        Assert.Equal("""
            from(bucket: "lbc")
              |> range(start: 2026-11-01T00:00:00Z, stop: 2026-11-02T00:00:00Z)
              |> filter(fn: (r) => r._measurement == "lbc_region" and r._field == "overdue" and r.region == "2101")
              |> aggregateWindow(every: 1h, fn: mean, timeSrc: "_start", createEmpty: false)
              |> keep(columns: ["_time", "_value"])
            """.Replace("\r\n", "\n", StringComparison.Ordinal), FluxQueryBuilder.Build(query, "lbc"));
    }

    [Fact]
    public void Build_LastWithUnalignedRangeInChinaTime_WidensToWholeStepsInUtc()
    {
        var query = Parse("free_beds", "21", "2026-11-01T08:07:00+08:00", "2026-11-01T10:01:00+08:00", "15m", fn: "last");

        var flux = FluxQueryBuilder.Build(query, "lbc");

        Assert.Contains("|> range(start: 2026-11-01T00:00:00Z, stop: 2026-11-01T02:15:00Z)", flux, StringComparison.Ordinal);
        Assert.Contains("aggregateWindow(every: 15m, fn: last, timeSrc: \"_start\", createEmpty: false)", flux, StringComparison.Ordinal);
        Assert.Contains("r.region == \"21\"", flux, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ResponseSecondsForCounty_FiltersCountyTagAndStageAndMergesSeries()
    {
        var county = HistoryTestData.Regions.Counties[0].Code;
        var query = Parse("response_seconds", county, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "1d", stage: "on_scene");

        Assert.Equal($$"""
            from(bucket: "lbc")
              |> range(start: 2026-10-01T00:00:00Z, stop: 2026-11-01T00:00:00Z)
              |> filter(fn: (r) => r._measurement == "lbc_response" and r._field == "seconds" and r.county == "{{county}}" and r.stage == "on_scene")
              |> group()
              |> window(every: 1d, createEmpty: false)
              |> reduce(identity: {events: 0, sum: 0.0}, fn: (r, accumulator) => ({events: accumulator.events + 1, sum: accumulator.sum + r._value}))
              |> map(fn: (r) => ({_time: r._start, _value: r.sum / float(v: r.events), events: r.events}))
              |> group()
              |> keep(columns: ["_time", "_value", "events"])
            """.Replace("\r\n", "\n", StringComparison.Ordinal), FluxQueryBuilder.Build(query, "lbc"));
    }

    [Fact]
    public void Build_PlacementWaitForTownship_FiltersTownshipTag()
    {
        var township = HistoryTestData.Regions.Townships[0].Code;
        var query = Parse("placement_wait_seconds", township, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "7d", stage: "admitted");

        var flux = FluxQueryBuilder.Build(query, "lbc");

        Assert.Contains($"r._measurement == \"lbc_placement_wait\" and r._field == \"seconds\" and r.township == \"{township}\" and r.stage == \"admitted\"", flux, StringComparison.Ordinal);
        Assert.Contains("every: 7d", flux, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BucketNameWithQuotes_IsEscapedAsAFluxString()
    {
        var query = Parse("children", "21", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "90m");

        var flux = FluxQueryBuilder.Build(query, "a\"b\\c${x}");

        Assert.StartsWith("from(bucket: \"a\\\"b\\\\c\\${x}\")\n", flux, StringComparison.Ordinal);
        Assert.Contains("every: 90m", flux, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cost$", "\"cost$\"")]
    [InlineData("a$b", "\"a$b\"")]
    [InlineData("$", "\"$\"")]
    public void Quote_DollarThatOpensNoInterpolation_IsWrittenAsIs(string value, string expected)
    {
        // Flux has no "\$" escape: the old text was rejected by Flux's own parser.
        Assert.Equal(expected, FluxQueryBuilder.Quote(value));
    }

    [Theory]
    [InlineData("${x}", "\"\\${x}\"")]
    [InlineData("a${", "\"a\\${\"")]
    public void Quote_DollarBeforeBrace_IsTheInterpolationEscape(string value, string expected)
    {
        Assert.Equal(expected, FluxQueryBuilder.Quote(value));
    }

    [Theory]
    [InlineData("$${x}", "\"\\x24\\${x}\"")]
    [InlineData("$\\", "\"\\x24\\\\\"")]
    [InlineData("$\"", "\"\\x24\\\"\"")]
    [InlineData("$$a", "\"\\x24$a\"")]
    public void Quote_DollarBeforeAnEscapeOrAnotherDollar_IsWrittenAsAByteEscape(string value, string expected)
    {
        // Flux's scanner reads '$' and the character after it as a pair, so a '$' right before an escape
        // ("$\\", "$\"", "$\${") swallows the escape's backslash; "\x24" is a '$' with no such pairing.
        Assert.Equal(expected, FluxQueryBuilder.Quote(value));
    }

    [Fact]
    public void Build_DurationLast_TakesTheLatestEventOfEachWindowWhateverTheRowOrder()
    {
        var county = HistoryTestData.Regions.Counties[0].Code;
        var query = Parse("response_seconds", county, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "1d", fn: "last", stage: "on_scene");

        // group() concatenates the township x category series one after another, not by time: a window's last row is
        // not its latest event. The reduce keeps the latest time, and of rows in the same millisecond the larger value,
        // as the SQLite store does; and it counts the window's events, as for the average.
        Assert.Equal($$"""
            from(bucket: "lbc")
              |> range(start: 2026-10-01T00:00:00Z, stop: 2026-11-01T00:00:00Z)
              |> filter(fn: (r) => r._measurement == "lbc_response" and r._field == "seconds" and r.county == "{{county}}" and r.stage == "on_scene")
              |> group()
              |> window(every: 1d, createEmpty: false)
              |> reduce(identity: {events: 0, t: time(v: 0), v: 0.0}, fn: (r, accumulator) => ({events: accumulator.events + 1, t: if (r._time > accumulator.t or (r._time == accumulator.t and r._value > accumulator.v)) then r._time else accumulator.t, v: if (r._time > accumulator.t or (r._time == accumulator.t and r._value > accumulator.v)) then r._value else accumulator.v}))
              |> map(fn: (r) => ({_time: r._start, _value: r.v, events: r.events}))
              |> group()
              |> keep(columns: ["_time", "_value", "events"])
            """.Replace("\r\n", "\n", StringComparison.Ordinal), FluxQueryBuilder.Build(query, "lbc"));
    }
}
