using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;
using Bunit;
using Lbc.Contracts;
using Lbc.Web.Components.Controls;
using Lbc.Web.Model;
using Microsoft.JSInterop;
using Microsoft.Extensions.DependencyInjection;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Components;

/// <summary>The trend chart against a fake history API and bUnit's recorded module calls.</summary>
public sealed class TrendChartTests : DashboardTestContext
{
    private readonly BunitJSModuleInterop _module;
    private readonly FakeHistoryApi _api = new();

    /// <summary>The bucket starts the fake answers with: three days before <see cref="TestData.Now"/>.</summary>
    private static readonly DateTimeOffset[] s_days = [Now.Date.AddDays(-3), Now.Date.AddDays(-2), Now.Date.AddDays(-1)];

    public TrendChartTests()
    {
        _module = JSInterop.SetupModule(TrendChart.ModulePath);
        _module.Setup<bool>("initChart", _ => true).SetResult(true);
        _module.Setup<bool>("updateChart", _ => true).SetResult(true);
        _module.SetupVoid("dispose", _ => true).SetVoidResult();
        Services.AddSingleton(new HttpClient(_api) { BaseAddress = new Uri("http://localhost/") });
    }

    private static TrendSeries Overdue => new("overdue", "逾期未走访") { HigherIsWorse = true };

    [Fact]
    public void Render_SeriesWithASuppressedPoint_InitChartGetsNullThereAndTheNoteShows()
    {
        _api.Answer("overdue", "1d", [10, null, 12]);

        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));
        var init = _module.Invocations["initChart"][0];
        Assert.Equal(cut.Find(".trend-canvas").Id, init.Arguments[0]);
        var options = (TrendChart.ChartOptions)init.Arguments[1]!;
        var line = Assert.Single(options.Series);
        Assert.Equal("逾期未走访", line.Name);
        Assert.Equal([10.0, null, 12.0], line.V);
        // China wall-clock time written as UTC: a day bucket starting 00:00 UTC is drawn at 08:00.
        Assert.Equal(s_days.Select(d => d.AddHours(8).ToUnixTimeMilliseconds()), line.T);
        var section = cut.Find("section.trend-chart");
        Assert.Equal("overdue", section.GetAttribute("data-chart"));
        Assert.Equal("3", section.GetAttribute("data-points"));
        Assert.Contains("少于5", cut.Find(".trend-note").TextContent, StringComparison.Ordinal);
        Assert.Equal("12", cut.Find(".trend-latest").TextContent);
    }

    [Fact]
    public void Render_FirstRender_ImportsTheModuleAndAsksForTheRangeAndQuarters()
    {
        _api.Answer("overdue", "1d", [10, 11, 12]);

        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]).Add(p => p.Range, TrendRange.LastWeeks(12)));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));
        Assert.Single(JSInterop.Invocations["import"]);
        var chart = _api.Requests.Single(r => r["step"] == "1d");
        Assert.Equal(("overdue", "2101", "avg"), (chart["metric"], chart["region"], chart["fn"]));
        Assert.Equal(Now.AddDays(-84).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), chart["from"]);
        Assert.Contains(_api.Requests, r => r["step"] == "7d");
        Assert.Empty(cut.FindAll(".trend-note"));
    }

    [Fact]
    public void Render_OverdueRate_IsOverduePerChildAtEachPointAsPercent()
    {
        _api.Answer("overdue", "1d", [10, null, 12]);
        _api.Answer("children", "1d", [200, 200, 0]);
        var rate = new TrendSeries("overdue", "走访逾期率") { Per = "children", Scale = 100 };

        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [rate]).Add(p => p.Unit, TrendUnit.Percent));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));
        var options = (TrendChart.ChartOptions)_module.Invocations["initChart"][0].Arguments[1]!;
        // A hidden numerator hides the rate; no children, no rate (the point is left out, not 0%).
        Assert.Equal([5.0, null], options.Series[0].V);
        Assert.Equal("%", options.Suffix);
        Assert.Equal("已隐藏", cut.Find(".trend-latest").TextContent);
    }

    [Fact]
    public void Render_ResponseTime_InMinutesAgainstTheSlaLine()
    {
        _api.Answer("response_seconds", "7d", [240, 360, 300]);
        var rules = new RuleSettingsDto(31, 7, 92, 15, new Dictionary<string, int> { ["acknowledged"] = 5 });
        var series = TrendCatalog.Response(Localizer, "acknowledged", rules, aggregatesOnly: true);

        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "21").Add(p => p.Series, [series]).Add(p => p.Unit, TrendUnit.Minutes));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));
        var options = (TrendChart.ChartOptions)_module.Invocations["initChart"][0].Arguments[1]!;
        Assert.Equal([4.0, 6.0, 5.0], options.Series[0].V);
        var target = Assert.Single(options.Targets);
        Assert.Equal((5.0, "时限 5 分钟"), (target.Value, target.Label));
        Assert.All(_api.Requests, r => Assert.Equal(("acknowledged", "7d"), (r["stage"], r["step"])));
        Assert.Equal("5 分钟", cut.Find(".trend-latest").TextContent);
        Assert.Equal("response_seconds", cut.Find("section").GetAttribute("data-chart"));
        Assert.Equal("acknowledged", cut.Find("section").GetAttribute("data-stage"));
    }

    [Fact]
    public void Render_ThirteenWeeksAboveTheThirteenBefore_QuarterChangeIsTheRiseInPercentWithAnUpArrow()
    {
        _api.Answer("overdue", "1d", [10, 11, 12]);
        _api.Weekly("overdue", week => week < 13 ? 10 : 12.5);

        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));

        cut.WaitForAssertion(() => Assert.Equal("+25.0%", cut.Find(".trend-change-value").TextContent));
        var change = cut.Find(".trend-change");
        Assert.Equal("↑", cut.Find(".trend-arrow").TextContent);
        Assert.Equal("up", change.GetAttribute("data-direction"));
        Assert.Contains("worse", change.ClassList);
        Assert.Equal("较上季度", cut.Find(".trend-change-label").TextContent);
    }

    [Fact]
    public void Render_NotEnoughWeeks_QuarterChangeIsADash()
    {
        _api.Answer("overdue", "1d", [10, 11, 12]);
        // Only 6 weeks of the earlier quarter shown (the rest hidden): not a quarter's mean.
        _api.Weekly("overdue", week => week < 7 ? null : 10);

        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));

        cut.WaitForAssertion(() => Assert.Equal("–", cut.Find(".trend-change-value").TextContent));
        Assert.Empty(cut.FindAll(".trend-arrow"));
        Assert.Equal("none", cut.Find(".trend-change").GetAttribute("data-direction"));
    }

    [Fact]
    public void Render_LatestPointHidden_SaysHiddenNotLessThanFive()
    {
        // A hidden day need not be below 5: one small hour in it hides it from the leading group.
        _api.Answer("overdue", "1d", [10, 11, null]);

        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));

        cut.WaitForAssertion(() => Assert.Equal("已隐藏", cut.Find(".trend-latest").TextContent));
    }

    [Fact]
    public void SetParameters_NewRefresh_ReadsAgainAndUpdatesWithoutReinitialising()
    {
        _api.Answer("overdue", "1d", [10, 11, 12]);
        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]).Add(p => p.Refresh, Now));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));

        _api.Answer("overdue", "1d", [10, 11, 13]);
        cut.Render(ps => ps.Add(p => p.Refresh, Now.AddSeconds(1)));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["updateChart"]));
        var update = _module.Invocations["updateChart"][0];
        Assert.Equal(_module.Invocations["initChart"][0].Arguments[0], update.Arguments[0]);
        Assert.Equal([10.0, 11.0, 13.0], ((TrendChart.ChartSeriesData[])update.Arguments[1]!)[0].V);
        Assert.Single(_module.Invocations["initChart"]);
        // The quarter change is read once a week, not on every refresh.
        Assert.Single(_api.Requests, r => r["step"] == "7d");
    }

    [Fact]
    public void SetParameters_SameSeriesInANewListAndSameRefresh_NeitherReadsNorDraws()
    {
        _api.Answer("overdue", "1d", [10, 11, 12]);
        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]).Add(p => p.Refresh, 1));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));
        var requests = _api.Requests.Count;

        cut.Render(ps => ps.Add(p => p.Series, [new TrendSeries("overdue", "逾期未走访") { HigherIsWorse = true }]).Add(p => p.Refresh, 1));

        Assert.Equal(requests, _api.Requests.Count);
        Assert.Single(_module.Invocations["initChart"]);
        Assert.Empty(_module.Invocations["updateChart"]);
    }

    [Fact]
    public void SetParameters_NewSeriesOrRegion_Reinitialises()
    {
        _api.Answer("overdue", "1d", [10, 11, 12]);
        _api.Answer("stale_records", "1d", [1, 2, 3]);
        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));

        cut.Render(ps => ps.Add(p => p.Series, [Overdue, new TrendSeries("stale_records", "台账未更新")]));
        cut.WaitForAssertion(() => Assert.Equal(2, _module.Invocations["initChart"].Count));
        Assert.Equal(2, ((TrendChart.ChartOptions)_module.Invocations["initChart"][1].Arguments[1]!).Series.Length);

        cut.Render(ps => ps.Add(p => p.Region, "2102"));
        cut.WaitForAssertion(() => Assert.Equal(3, _module.Invocations["initChart"].Count));
        Assert.Contains(_api.Requests, r => r["region"] == "2102");
        Assert.Empty(_module.Invocations["updateChart"]);
    }

    [Fact]
    public void SetParameters_NewRange_ReadsAgainAndUpdatesTheSameChart()
    {
        _api.Answer("overdue", "1d", [10, 11, 12]);
        _api.Answer("overdue", "7d", [9, 10, 11]);
        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));

        cut.Render(ps => ps.Add(p => p.Range, TrendRange.LastQuarters(4)));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["updateChart"]));
        Assert.Single(_module.Invocations["initChart"]);
        Assert.Contains(_api.Requests, r => r["step"] == "7d" && r["from"] == Now.AddDays(-364).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Render_ServerRefuses_ShowsTheErrorAndDrawsNothing()
    {
        _api.Fail = HttpStatusCode.BadRequest;

        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));

        cut.WaitForAssertion(() => Assert.Equal("趋势数据暂不可用", cut.Find(".trend-error").TextContent));
        Assert.Empty(_module.Invocations["initChart"]);
        Assert.Empty(cut.FindAll(".trend-overlay"));
    }

    [Fact]
    public async Task DisposeAsync_AfterInit_DisposesTheChartInTheBrowser()
    {
        _api.Answer("overdue", "1d", [10, 11, 12]);
        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));

        await DisposeComponentsAsync();

        Assert.Equal(_module.Invocations["initChart"][0].Arguments[0], Assert.Single(_module.Invocations["dispose"]).Arguments[0]);
    }

    [Fact]
    public async Task DisposeAsync_BrowserAlreadyGone_IsIgnored()
    {
        _module.SetupVoid("dispose", _ => true).SetException(new JSDisconnectedException("the circuit is gone"));
        _api.Answer("overdue", "1d", [10, 11, 12]);
        var cut = Render<TrendChart>(ps => ps.Add(p => p.Region, "2101").Add(p => p.Series, [Overdue]));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initChart"]));

        var exception = await Record.ExceptionAsync(() => DisposeComponentsAsync());

        Assert.Null(exception);
    }

    [Fact]
    public void Headline_LeadingGroup_RatesAsDerivedSeriesAndDurationsWeeklyWithTheirSla()
    {
        var rules = new RuleSettingsDto(31, 7, 92, 15, new Dictionary<string, int> { ["acknowledged"] = 5, ["dispatched"] = 10, ["on_scene"] = 60 });

        var charts = TrendCatalog.Headline(Localizer, rules, aggregatesOnly: true);

        Assert.Equal(["overdue", "overdue_rate", "stale_records", "cases", "pairing_coverage", "response_acknowledged", "response_dispatched", "response_on_scene"],
            charts.Select(c => c.Key));
        var rate = Assert.Single(charts.Single(c => c.Key == "overdue_rate").Series);
        Assert.Equal(("overdue", "children", 100.0, TrendUnit.Percent), (rate.Metric, rate.Per, rate.Scale, charts[1].Unit));
        var pairing = Assert.Single(charts.Single(c => c.Key == "pairing_coverage").Series);
        Assert.Equal(("paired", "school_age", false), (pairing.Metric, pairing.Per, pairing.HigherIsWorse));
        Assert.Equal(["open_cases", "breached_cases"], charts.Single(c => c.Key == "cases").Series.Select(s => s.Metric));
        var onScene = Assert.Single(charts.Single(c => c.Key == "response_on_scene").Series);
        Assert.Equal(("response_seconds", "on_scene", "avg", 60.0, "7d"), (onScene.Metric, onScene.Stage, onScene.Fn, onScene.Target, onScene.Step));
        Assert.Equal("接报至到场用时", charts.Single(c => c.Key == "response_on_scene").Title);
        // The police read durations at the chart's own step; no rules yet, no SLA line.
        var police = TrendCatalog.Response(Localizer, "on_scene", null, aggregatesOnly: false);
        Assert.Equal((null, null, null), (police.Target, police.TargetLabel, police.Step));
    }

    private Microsoft.Extensions.Localization.IStringLocalizer<Lbc.Web.Resources.Strings> Localizer =>
        Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Lbc.Web.Resources.Strings>>();

    /// <summary>
    /// GET /api/history answered from canned values: per (metric, step) a list for <see cref="s_days"/>, or weekly values
    /// for the 27 weeks before <see cref="TestData.Now"/>'s week. Records each request's query.
    /// </summary>
    private sealed class FakeHistoryApi : HttpMessageHandler
    {
        private readonly Dictionary<(string, string), double?[]> _answers = [];
        private readonly Dictionary<string, Func<int, double?>> _weekly = [];
        private readonly Lock _lock = new();

        public List<Dictionary<string, string?>> Requests { get; } = [];

        public HttpStatusCode? Fail { get; set; }

        public void Answer(string metric, string step, double?[] values)
        {
            lock (_lock)
            {
                _answers[(metric, step)] = values;
            }
        }

        /// <summary>Week 0 is the earliest of the 26 finished weeks before this one.</summary>
        public void Weekly(string metric, Func<int, double?> value) => _weekly[metric] = value;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var parameters = query.AllKeys.ToDictionary(k => k!, k => query[k]);
            List<HistoryPointDto> points;
            lock (_lock)
            {
                Requests.Add(parameters);
                if (Fail is { } status)
                {
                    return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("""{"title":"no"}""", Encoding.UTF8, "application/problem+json") });
                }
                var metric = parameters["metric"]!;
                var step = parameters["step"]!;
                if (step == "7d" && _weekly.TryGetValue(metric, out var weekly))
                {
                    var thisWeek = TrendMath.WeekStart(Now);
                    points = [.. Enumerable.Range(0, 26).Select(w => new HistoryPointDto(thisWeek - (TrendMath.Week * (26 - w)), weekly(w)))];
                }
                else
                {
                    var values = _answers.GetValueOrDefault((metric, step)) ?? [];
                    points = [.. values.Select((v, i) => new HistoryPointDto(s_days[i], v))];
                }
            }
            var dto = new HistorySeriesDto(parameters["metric"]!, parameters["region"]!, "city", parameters.GetValueOrDefault("stage"), parameters["fn"]!,
                86400, Now.AddDays(-84), Now, "sqlite", points);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(JsonSerializer.Serialize(dto, HistoryJsonContext.Default.HistorySeriesDto), Encoding.UTF8, "application/json"),
            });
        }
    }
}
