using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.History;
using Lbc.Server.Metrics;
using Lbc.Server.Tests.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.History;

/// <summary>One server on the embedded store for the history privacy tests; each test writes its own region.</summary>
public sealed class HistoryServerFixture : IAsyncLifetime
{
    public DashboardFactory Factory { get; } = new();

    public IHistorySink Sink => Factory.Services.GetRequiredService<IHistorySink>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// GET /api/history for the leading group against the police, on the embedded SQLite store, with the values written
/// through the real <see cref="IHistorySink"/> (docs/security.md, "History suppression").
/// </summary>
public sealed class HistoryPrivacyApiTests(HistoryServerFixture server) : IClassFixture<HistoryServerFixture>
{
    /// <summary>
    /// A day that ended days ago (well within the store's 30-day retention), and the week two weeks back: finished even
    /// for durations (a day of settling) whatever day of the week the tests run.
    /// </summary>
    private static readonly DateTimeOffset s_day = HistoryPrivacy.BucketStart(DateTimeOffset.UtcNow.AddDays(-4), TimeSpan.FromDays(1));

    private static readonly DateTimeOffset s_week = HistoryPrivacy.BucketStart(DateTimeOffset.UtcNow, TimeSpan.FromDays(7)).AddDays(-14);

    [Fact]
    public async Task Get_HourlyCounts_OneToFourHiddenAndZeroShownForTheLeadingGroup_AllShownToThePolice()
    {
        await WriteHoursAsync("2101", s_day, Figure.VisitOverdue, 0, 3, 12);
        var url = Url("overdue", "2101", s_day, s_day.AddHours(3), "1h");

        var (leader, police) = await ReadBothAsync(url);

        Assert.Equal([0.0, null, 12.0], leader.Points.Select(p => p.V));
        Assert.Equal([0.0, 3.0, 12.0], police.Points.Select(p => p.V));
    }

    [Fact]
    public async Task Get_DayWithOneSmallHour_HiddenFromTheLeadingGroupThoughItsMeanIsAboveFive()
    {
        // Day 1: 20 every hour but one hour at 3; day 2: 20 throughout. Shown, day 1's mean (19.3) minus its 23 shown
        // hours would give back the hidden 3.
        var hours = Enumerable.Repeat(20, 48).ToArray();
        hours[5] = 3;
        await WriteHoursAsync("2102", s_day.AddDays(-1), Figure.VisitOverdue, hours);

        var (daily, dailyPolice) = await ReadBothAsync(Url("overdue", "2102", s_day.AddDays(-1), s_day.AddDays(1), "1d"));
        var (hourly, _) = await ReadBothAsync(Url("overdue", "2102", s_day.AddDays(-1), s_day.AddDays(1), "1h"));

        Assert.Equal([null, 20.0], daily.Points.Select(p => p.V));
        Assert.Equal((23 * 20 + 3) / 24.0, dailyPolice.Points[0].V!.Value, 9);
        Assert.Equal(47, hourly.Points.Count(p => p.V == 20));
        Assert.Null(hourly.Points[5].V);
    }

    [Fact]
    public async Task Get_ResponseSeconds_WeekOfFewerThanFiveEventsHiddenFromTheLeadingGroup()
    {
        var county = HistoryTestData.Regions.TownshipsIn(HistoryTestData.Regions.Counties[1].Code)[0].Code;
        var samples = new List<DurationSample>();
        // The week before last: 3 acknowledgements; last week: 6.
        foreach (var (at, seconds) in new[] { (-7, 60), (-6, 120), (-5, 180), (1, 30), (1, 90), (2, 60), (3, 120), (4, 240), (5, 60) })
        {
            samples.Add(new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "missing", county,
                s_week.AddDays(at).AddHours(3), seconds, $"privacy-{at}-{seconds}-{samples.Count}"));
        }
        await server.Sink.WriteDurationsAsync(samples, CancellationToken.None);
        var region = county[..6];

        var (leader, police) = await ReadBothAsync(Url("response_seconds", region, s_week.AddDays(-7), s_week.AddDays(7), "7d", stage: "acknowledged"));

        Assert.Equal([null, 100.0], leader.Points.Select(p => p.V));
        Assert.Equal([120.0, 100.0], police.Points.Select(p => p.V));
    }

    [Theory]
    [InlineData("response_seconds", "1d", "avg", "acknowledged", "step")]
    [InlineData("response_seconds", "7d", "last", "acknowledged", "fn")]
    [InlineData("overdue", "90m", "avg", null, "step")]
    [InlineData("overdue", "1d", "last", null, "fn")]
    public async Task Get_StepThatDoesNotNestOrLast_Is400ForTheLeadingGroupOnly(string metric, string step, string fn, string? stage, string parameter)
    {
        var url = Url(metric, "2105", s_week.AddDays(-7), s_week.AddDays(7), step, fn, stage);
        using var leader = await server.Factory.CreateClientAs(Roles.LeadingGroup, "21");
        using var police = await server.Factory.CreateClientAs(Roles.PoliceDutyOfficer, "21");

        using var refused = await leader.GetAsync(url);
        using var answered = await police.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal([parameter], body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task Get_BucketStillFilling_NotAnsweredToTheLeadingGroupUntilItEnds()
    {
        // A mean over a bucket that is still filling, read twice, gives the newest minute by subtraction.
        var now = DateTimeOffset.UtcNow;
        var thisHour = HistoryPrivacy.BucketStart(now, TimeSpan.FromHours(1));
        await WriteAsync("2103", thisHour.AddHours(-3), (Figure.VisitOverdue, 12));
        await WriteAsync("2103", new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero), (Figure.VisitOverdue, 12));

        var (leader, police) = await ReadBothAsync(Url("overdue", "2103", thisHour.AddHours(-3), thisHour.AddHours(1), "1h"));

        Assert.Equal([thisHour.AddHours(-3)], leader.Points.Select(p => p.T));
        Assert.Equal([thisHour.AddHours(-3), thisHour], police.Points.Select(p => p.T));
    }

    [Fact]
    public async Task Get_Occupancy_ShownToTheLeadingGroupWhereOccupiedAndCapacityAreShown()
    {
        // Occupancy is not a count (it was hidden from the leading group everywhere, being below 5), but occupied =
        // occupancy x capacity: it goes with them.
        await WriteAsync("2104", s_day, (Figure.Capacity, 30), (Figure.Occupied, 12));
        await WriteAsync("2104", s_day.AddHours(1), (Figure.Capacity, 30), (Figure.Occupied, 3));
        await WriteAsync("2104", s_day.AddHours(2), (Figure.Capacity, 4), (Figure.Occupied, 0));

        var (leader, police) = await ReadBothAsync(Url("occupancy", "2104", s_day, s_day.AddHours(3), "1h"));

        Assert.Equal([0.4, null, null], leader.Points.Select(p => p.V));
        Assert.Equal([0.4, 0.1, 0.0], police.Points.Select(p => p.V));
    }

    [Fact]
    public async Task Get_SumOfMinutes_ShownToTheLeadingGroupOnlyWhereItsCountIsAtLeastFive()
    {
        await WriteAsync("2106", s_day, (Figure.DiscoveryDelayMinutes, 400), (Figure.DiscoveredReports, 8));
        await WriteAsync("2106", s_day.AddHours(1), (Figure.DiscoveryDelayMinutes, 400), (Figure.DiscoveredReports, 4));

        var (leader, police) = await ReadBothAsync(Url("discovery_delay_minutes", "2106", s_day, s_day.AddHours(2), "1h"));

        Assert.Equal([400.0, null], leader.Points.Select(p => p.V));
        Assert.Equal([400.0, 400.0], police.Points.Select(p => p.V));
    }

    private async Task<(HistorySeriesDto Leader, HistorySeriesDto Police)> ReadBothAsync(string url)
    {
        using var leader = await server.Factory.CreateClientAs(Roles.LeadingGroup, "21");
        using var police = await server.Factory.CreateClientAs(Roles.PoliceDutyOfficer, "21");
        var aggregated = await leader.GetFromJsonAsync(url, HistoryJsonContext.Default.HistorySeriesDto);
        var operational = await police.GetFromJsonAsync(url, HistoryJsonContext.Default.HistorySeriesDto);
        return (aggregated!, operational!);
    }

    /// <summary>Hour h from <paramref name="start"/> gets <paramref name="values"/>[h] at minutes 0 and 30.</summary>
    private async Task WriteHoursAsync(string city, DateTimeOffset start, Figure figure, params int[] values)
    {
        for (var h = 0; h < values.Length; h++)
        {
            await WriteAsync(city, start.AddHours(h), (figure, values[h]));
            await WriteAsync(city, start.AddHours(h).AddMinutes(30), (figure, values[h]));
        }
    }

    private Task WriteAsync(string city, DateTimeOffset minute, params (Figure Figure, int Count)[] counts) =>
        server.Sink.WriteMinuteAsync(minute, [new RegionRow(city, RegionLevel.City, TestFigures.Of(counts))], CancellationToken.None);

    private static string Url(string metric, string region, DateTimeOffset from, DateTimeOffset to, string step, string? fn = null, string? stage = null) =>
        $"/api/history?metric={metric}&region={region}&from={Time(from)}&to={Time(to)}&step={step}" +
        (fn is null ? "" : $"&fn={fn}") + (stage is null ? "" : $"&stage={stage}");

    private static string Time(DateTimeOffset t) => Uri.EscapeDataString(t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
}
