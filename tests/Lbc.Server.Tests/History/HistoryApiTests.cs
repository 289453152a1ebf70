using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.History;
using Lbc.Server.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.History;

/// <summary>GET /api/history on the embedded default: clear 400s, and the SQLite store's series (suppression: HistoryPrivacyApiTests).</summary>
public sealed class HistoryApiTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Get_Anonymous_Is401()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/api/history?metric=overdue&region=21&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&step=1h");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_BadParameters_Is400ProblemDetailsNamingEachOne()
    {
        using var client = await _factory.CreateClientAs(Roles.LeadingGroup, "21");

        using var response = await client.GetAsync("/api/history?metric=nope&region=2199&from=2026-11-01&to=2026-11-02T00:00:00Z&step=5s");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["from", "metric", "region", "step"], errors);
    }

    [Fact]
    public async Task Get_ValidQuery_ServesHourlyAveragesFromTheEmbeddedStore()
    {
        using var client = await _factory.CreateClientAs(Roles.LeadingGroup, "21");
        var sink = _factory.Services.GetRequiredService<IHistorySink>();
        Assert.Equal("sqlite", sink.Kind);
        // Days back, not a fixed date: the store prunes minutes older than its 30-day retention as it writes.
        var start = HistoryPrivacy.BucketStart(DateTimeOffset.UtcNow.AddDays(-3), TimeSpan.FromDays(1));
        foreach (var (minute, overdue) in new[] { (0, 4), (30, 8), (60, 20) })
        {
            await sink.WriteMinuteAsync(start.AddMinutes(minute),
                [new RegionRow("2101", RegionLevel.City, TestFigures.Of((Figure.VisitOverdue, overdue)))], CancellationToken.None);
        }
        var from = Uri.EscapeDataString(start.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(start.AddHours(2).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));

        var series = await client.GetFromJsonAsync($"/api/history?metric=overdue&region=2101&from={from}&to={to}&step=1h",
            HistoryJsonContext.Default.HistorySeriesDto);

        Assert.NotNull(series);
        Assert.Equal("sqlite", series.Source);
        Assert.Equal("city", series.Level);
        Assert.Equal(3600, series.StepSeconds);
        Assert.Equal([new HistoryPointDto(start, 6), new HistoryPointDto(start.AddHours(1), 20)], series.Points);
    }

    [Fact]
    public async Task Get_RegionOutsideJurisdiction_Is403()
    {
        using var client = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "2101");

        using var response = await client.GetAsync("/api/history?metric=overdue&region=2113&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&step=1h");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("2113", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
