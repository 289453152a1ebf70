using Lbc.Server.History;
using Lbc.Server.Tests.Metrics;

namespace Lbc.Server.Tests.History;

public sealed class HistoryQueryParserTests
{
    private static Dictionary<string, string[]> Errors(string? metric = "overdue", string? region = "2101",
        string? from = "2026-11-01T00:00:00Z", string? to = "2026-11-02T00:00:00Z", string? step = "1h", string? fn = null, string? stage = null) =>
        HistoryQueryParser.Parse(metric, region, from, to, step, fn, stage, HistoryTestData.Regions).Errors;

    [Theory]
    [InlineData("metric", null)]
    [InlineData("metric", "children; drop table")]
    [InlineData("region", null)]
    [InlineData("region", "2199")]
    [InlineData("region", "210102001001")]
    [InlineData("region", "21x1")]
    [InlineData("from", null)]
    [InlineData("from", "2026-11-01")]
    [InlineData("from", "2026-11-01T00:00:00")]
    [InlineData("to", "yesterday")]
    [InlineData("step", null)]
    [InlineData("step", "1s")]
    [InlineData("step", "0m")]
    [InlineData("step", "32d")]
    [InlineData("step", "1 h")]
    [InlineData("fn", "sum")]
    [InlineData("stage", "acknowledged")]
    public void Parse_BadParameter_NamesThatParameter(string name, string? value)
    {
        var errors = name switch
        {
            "metric" => Errors(metric: value),
            "region" => Errors(region: value),
            "from" => Errors(from: value),
            "to" => Errors(to: value),
            "step" => Errors(step: value),
            "fn" => Errors(fn: value),
            _ => Errors(stage: value),
        };
        Assert.Equal([name], errors.Keys);
        Assert.NotEmpty(errors[name][0]);
    }

    [Fact]
    public void Parse_ToNotAfterFrom_IsAnError() =>
        Assert.Equal(["to"], Errors(from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z").Keys);

    [Fact]
    public void Parse_TooManyPoints_IsAStepError() =>
        Assert.Contains("at most", Errors(from: "2026-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z", step: "1m")["step"][0], StringComparison.Ordinal);

    [Fact]
    public void Parse_DurationMetricWithoutOrWithUnknownStage_IsAStageError()
    {
        Assert.Equal(["stage"], Errors(metric: "response_seconds").Keys);
        Assert.Equal(["stage"], Errors(metric: "response_seconds", stage: "admitted").Keys);
        Assert.Empty(Errors(metric: "placement_wait_seconds", stage: "admitted"));
    }

    [Fact]
    public void Parse_ValidQuery_HasUtcWholeStepRangeAndDefaults()
    {
        var (query, errors) = HistoryQueryParser.Parse("overdue", "2101", "2026-11-01T08:30:00+08:00", "2026-11-01T10:00:00+08:00", "1h",
            null, null, HistoryTestData.Regions);
        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), query!.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero), query.To);
        Assert.Equal(HistoryAggregate.Avg, query.Aggregate);
        Assert.Equal(Lbc.Domain.Regions.RegionLevel.City, query.Level);
    }
}
