using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;

namespace Lbc.Server.Tests.Configuration;

/// <summary>
/// <c>Dashboard:Rules:*</c> (DOMAIN.md: every number but the monthly visit is a configurable project default) reaches
/// the projection: the rule numbers the dashboard shows and the clocks it runs are the configured ones.
/// </summary>
public sealed class RuleSettingsConfigurationTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new(new Dictionary<string, string?>
    {
        ["Dashboard:Rules:Acknowledge"] = "00:03:00",
        ["Dashboard:Rules:SearchCapKm"] = "30",
    });

    private HttpClient _officer = null!;

    public async Task InitializeAsync()
    {
        _officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "2101");
        await _factory.WaitUntilReadyAsync(_officer);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AcknowledgeThreeMinutes_SnapshotShowsTheRule_AndAReportUnacknowledgedForFourMinutesIsBreached()
    {
        var receivedEarlier = DateTimeOffset.UtcNow.AddMinutes(-4);
        var receivedJustNow = DateTimeOffset.UtcNow.AddMinutes(-2);
        await PostReportsAsync(("R-RULES-4MIN", receivedEarlier), ("R-RULES-2MIN", receivedJustNow));

        // Under the default 5 minutes neither would be late; under 3 the older one is.
        var snapshot = await EventuallyAsync(async () =>
        {
            var s = (await _officer.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot))!;
            return s.OpenCases.Any(c => c.CaseId == "R-RULES-4MIN" && c.SlaState == SlaStates.Breached)
                && s.OpenCases.Any(c => c.CaseId == "R-RULES-2MIN") ? s : null;
        });
        Assert.Equal(3, snapshot.Rules.StageSlaMinutes["acknowledged"]);
        Assert.Equal(10, snapshot.Rules.StageSlaMinutes["dispatched"]);
        Assert.Equal(30, snapshot.Rules.SearchCapKm);
        var late = snapshot.OpenCases.Single(c => c.CaseId == "R-RULES-4MIN");
        var clock = late.Clocks.Single(c => c.Stage == "acknowledged");
        Assert.Equal(SlaStates.Breached, clock.State);
        Assert.Equal(TimeSpan.FromMinutes(3), clock.Due - late.ReceivedAt);
        var fresh = snapshot.OpenCases.Single(c => c.CaseId == "R-RULES-2MIN");
        Assert.NotEqual(SlaStates.Breached, fresh.SlaState);
        Assert.Equal(SlaStates.Pending, fresh.Clocks.Single(c => c.Stage == "acknowledged").State);
    }

    private async Task PostReportsAsync(params (string ReportId, DateTimeOffset ReceivedAt)[] reports)
    {
        var events = new JsonArray();
        foreach (var (reportId, receivedAt) in reports)
        {
            var at = EventTimestamps.Format(receivedAt);
            events.Add(new JsonObject
            {
                ["id"] = reportId + "-filed", ["type"] = EventTypes.ReportFiled, ["v"] = 1, ["ts"] = at, ["src"] = TestProducers.Id,
                ["data"] = new JsonObject
                {
                    ["report_id"] = reportId, ["category"] = "living_alone", ["reporter_type"] = "school",
                    ["village_code"] = TestEvents.ShenyangVillage, ["received_at"] = at,
                },
            });
        }
        using var producer = _factory.CreateClient();
        using var request = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Events)
        {
            Content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        var response = await producer.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt) => Eventually.UntilAsync(attempt, TimeSpan.FromSeconds(20));
}
