using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Server.Tests;

/// <summary>The ingest endpoints: every bad input answered clearly, nothing lost, a retry counted once.</summary>
public sealed class IngestApiTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // Every dashboard endpoint needs a signed-in user; an administrator sees the whole province.
        _client = await _factory.CreateClientAs(Roles.Administrator, "21");
        await _factory.WaitUntilReadyAsync(_client);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task PostEvents_ValidBatch_Accepted202AndProjected()
    {
        var batch = $$$"""
            [{"id":"ing-1","type":"child.registered","v":1,"ts":"{{{Ts()}}}","src":"tests",
              "data":{"child_id":"C-ING-1","village_code":"{{{TestEvents.ChaoyangVillage}}}","birth_date":"2018-03-01","kind":"both_parents_away","guardian":"entrusted"}},
             {"id":"ing-2","type":"report.filed","v":1,"ts":"{{{Ts()}}}","src":"tests",
              "data":{"report_id":"R-ING-1","township_code":"{{{TestEvents.ChaoyangTownship}}}","category":"injury","reporter_type":"medical","lon":120.45,"lat":41.57}}]
            """;

        var response = await PostJsonAsync(ApiRoutes.Events, batch);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var snapshot = await PollAsync(s => s.OpenCases.Any(c => c.CaseId == "R-ING-1"));
        var c = snapshot.OpenCases.Single(c => c.CaseId == "R-ING-1");
        Assert.False(c.LocationApproximate);
        Assert.Equal(120.45, c.Lon, 3);
    }

    [Fact]
    public async Task PostEvents_TwoDifferentEventsWithOneIdInABatch_400NamesThemAndAppendsNothing()
    {
        var countBefore = await _factory.Log.CountWithoutAuditAsync();
        var batch = $$$"""
            [{"id":"same-id","type":"child.registered","v":1,"ts":"{{{Ts()}}}","src":"tests",
              "data":{"child_id":"C-SAME-1","village_code":"{{{TestEvents.ChaoyangVillage}}}","birth_date":"2018-03-01","kind":"both_parents_away","guardian":"entrusted"}},
             {"id":"same-id","type":"child.registered","v":1,"ts":"{{{Ts()}}}","src":"tests",
              "data":{"child_id":"C-SAME-2","village_code":"{{{TestEvents.ChaoyangVillage}}}","birth_date":"2018-03-01","kind":"both_parents_away","guardian":"entrusted"}}]
            """;

        var response = await PostJsonAsync(ApiRoutes.Events, batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("events[1]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(countBefore, await _factory.Log.CountWithoutAuditAsync());
    }

    [Fact]
    public async Task PostEvents_IdAlreadyUsedForAnotherEvent_409AndAppendsNothing_SameEventAgainIsFine()
    {
        string Event(string child) => $$$"""
            [{"id":"reused-id","type":"child.registered","v":1,"ts":"2026-11-01T08:00:00Z","src":"tests",
              "data":{"child_id":"{{{child}}}","village_code":"{{{TestEvents.ChaoyangVillage}}}","birth_date":"2018-03-01","kind":"both_parents_away","guardian":"entrusted"}}]
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await PostJsonAsync(ApiRoutes.Events, Event("C-REUSE-1"))).StatusCode);
        await PollAsync(s => s.Indicators[Figure.Children] > 0);
        var countBefore = await _factory.Log.CountWithoutAuditAsync();

        var conflict = await PostJsonAsync(ApiRoutes.Events, Event("C-REUSE-2"));
        var redelivery = await PostJsonAsync(ApiRoutes.Events, Event("C-REUSE-1"));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("events[0]", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, redelivery.StatusCode);
        Assert.Equal(countBefore + 1, await _factory.Log.CountWithoutAuditAsync());
    }

    [Fact]
    public async Task PostEvents_OneBadEvent_400ListsEachProblemAndAppendsNothing()
    {
        var countBefore = await _factory.Log.CountWithoutAuditAsync();
        var batch = $$$"""
            [{"id":"ok-1","type":"report.filed","v":1,"ts":"{{{Ts()}}}","src":"tests","data":{"report_id":"R-X","township_code":"{{{TestEvents.ChaoyangTownship}}}","category":"missing","reporter_type":"school"}},
             {"id":"bad-1","type":"report.filed","v":1,"ts":"{{{Ts()}}}","src":"tests","data":{"report_id":"R-Y","township_code":"219999999","category":"lost","reporter_type":"school"}},
             {"id":"bad-2","type":"no.such.type","v":1,"ts":"{{{Ts()}}}","src":"tests","data":{}},
             {"id":"bad-3","type":"visit.recorded","v":2,"ts":"2026-01-01T00:00:00","src":"tests","data":{}}]
            """;

        var response = await PostJsonAsync(ApiRoutes.Events, batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.False(errors.TryGetProperty("events[0]", out _));
        var first = errors.GetProperty("events[1]").ToString();
        Assert.Contains("data.township_code", first, StringComparison.Ordinal);
        Assert.Contains("data.category: not one of", first, StringComparison.Ordinal);
        Assert.Contains("type:", errors.GetProperty("events[2]").ToString(), StringComparison.Ordinal);
        var third = errors.GetProperty("events[3]").ToString();
        Assert.Contains("v: version 2", third, StringComparison.Ordinal);
        Assert.Contains("ts:", third, StringComparison.Ordinal);
        Assert.Equal(countBefore, await _factory.Log.CountWithoutAuditAsync());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"id\":\"x\"}")]
    [InlineData("[]")]
    public async Task PostEvents_MalformedBody_400(string body)
    {
        var response = await PostJsonAsync(ApiRoutes.Events, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostEvents_OversizedBody_413()
    {
        var huge = "[" + string.Join(",", Enumerable.Repeat($"{{\"id\":\"x\",\"data\":{{\"pad\":\"{new string('x', 60_000)}\"}}}}", 150)) + "]";

        var response = await PostJsonAsync(ApiRoutes.Events, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostReport_SubmittedTwice_OpensOneCase()
    {
        var form = $$$"""{"reportId":"R-FORM-1","category":"living_alone","reporterType":"village_committee","villageCode":"{{{TestEvents.ShenyangVillage}}}"}""";

        var first = await PostJsonAsync(ApiRoutes.Reports, form);
        var retry = await PostJsonAsync(ApiRoutes.Reports, form);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var snapshot = await PollAsync(s => s.OpenCases.Any(c => c.CaseId == "R-FORM-1"));
        Assert.Single(snapshot.OpenCases, c => c.CaseId == "R-FORM-1");
        Assert.Equal("village_committee", snapshot.OpenCases.Single(c => c.CaseId == "R-FORM-1").ReporterType);
    }

    [Fact]
    public async Task PostReport_MissingFields_400NamesThem()
    {
        var response = await PostJsonAsync(ApiRoutes.Reports, """{"category":"missing"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("data.report_id: required", text, StringComparison.Ordinal);
        Assert.Contains("data.reporter_type: required", text, StringComparison.Ordinal);
        Assert.Contains("township_code or village_code is required", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task PostEvents_WithoutOrWithWrongKey_401AndAppendsNothing(string? key)
    {
        var countBefore = await _factory.Log.CountWithoutAuditAsync();
        var request = Request(ApiRoutes.Events, $$$"""
            [{"id":"unauth-1","type":"report.filed","v":1,"ts":"{{{Ts()}}}","src":"tests","data":{"report_id":"R-UNAUTH","township_code":"{{{TestEvents.ChaoyangTownship}}}","category":"missing","reporter_type":"school"}}]
            """);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(countBefore, await _factory.Log.CountWithoutAuditAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task PostReport_WithoutOrWithWrongKey_401(string? key)
    {
        var request = Request(ApiRoutes.Reports, $$$"""{"reportId":"R-UNAUTH-2","category":"living_alone","reporterType":"school","villageCode":"{{{TestEvents.ShenyangVillage}}}"}""");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostEvents_SrcOfAnotherProducer_400NamesTheMismatch()
    {
        var countBefore = await _factory.Log.CountWithoutAuditAsync();
        var batch = $$$"""
            [{"id":"spoof-1","type":"report.filed","v":1,"ts":"{{{Ts()}}}","src":"tests","data":{"report_id":"R-SPOOF-1","township_code":"{{{TestEvents.ChaoyangTownship}}}","category":"missing","reporter_type":"school"}},
             {"id":"spoof-2","type":"report.filed","v":1,"ts":"{{{Ts()}}}","src":"police-intake","data":{"report_id":"R-SPOOF-2","township_code":"{{{TestEvents.ChaoyangTownship}}}","category":"missing","reporter_type":"school"}}]
            """;

        var response = await PostJsonAsync(ApiRoutes.Events, batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.False(errors.TryGetProperty("events[0]", out _));
        Assert.Contains("src: not the authenticated producer 'tests'", errors.GetProperty("events[1]").ToString(), StringComparison.Ordinal);
        Assert.Equal(countBefore, await _factory.Log.CountWithoutAuditAsync());
    }

    [Fact]
    public async Task PostReport_ProducerBecomesTheEventSource()
    {
        var form = $$$"""{"reportId":"R-SRC-1","category":"living_alone","reporterType":"school","villageCode":"{{{TestEvents.ShenyangVillage}}}"}""";

        var response = await PostJsonAsync(ApiRoutes.Reports, form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var logged = await _factory.Log.ReadAfterAsync(Lbc.Domain.Events.LogPosition.Start, 10_000);
        Assert.Equal(TestProducers.Id, logged.Single(e => e.Event.Id.EndsWith("R-SRC-1", StringComparison.Ordinal)).Event.Src);
    }

    [Fact]
    public async Task Healthz_Returns200WithEachComponent()
    {
        var response = await _client.GetAsync(ApiRoutes.Health);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("components").GetProperty("eventLog").GetProperty("status").GetString());
        Assert.True(health.GetProperty("projection").GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task CountyBoundaries_ServeAll100Counties()
    {
        var geo = await _client.GetFromJsonAsync<JsonElement>(ApiRoutes.CountyBoundaries);

        Assert.Equal(100, geo.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Root_ServesTheChineseDashboardShell()
    {
        var html = await _client.GetStringAsync("/");

        Assert.Contains("辽宁省农村留守儿童关爱保护指挥中心", html, StringComparison.Ordinal);
        Assert.Contains("lib/leaflet/leaflet.css", html, StringComparison.Ordinal);
    }

    private static string Ts() => DateTimeOffset.UtcNow.AddSeconds(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private Task<HttpResponseMessage> PostJsonAsync(string path, string body) =>
        _client.SendAsync(TestProducers.Sign(Request(path, body)));

    private static HttpRequestMessage Request(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private async Task<DashboardSnapshot> PollAsync(Func<DashboardSnapshot, bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            var snapshot = await _client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            if (condition(snapshot!))
            {
                return snapshot!;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The snapshot never reached the expected state");
    }
}
