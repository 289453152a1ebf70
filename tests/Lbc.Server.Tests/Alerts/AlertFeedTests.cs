using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Server.Tests.Access;

namespace Lbc.Server.Tests.Alerts;

/// <summary>Alerts through the live feed: a client that misses a delta ends with the same bell as one that did not.</summary>
public sealed class AlertFeedTests : IAsyncLifetime
{
    private static readonly string County = TestEvents.ShenyangTownship[..6];

    private readonly DashboardFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, County);
        await _factory.WaitUntilReadyAsync(_client);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ClientThatMissesADelta_Resynchronises_AndShowsTheSameAlertsAsOneThatDidNot()
    {
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, County);
        var complete = new FeedClientModel(_client);
        var lossy = new FeedClientModel(_client) { DropSequence = 2 };
        await using var hubComplete = await _factory.ConnectHubAsync(cookie, complete.OnDelta);
        await using var hubLossy = await _factory.ConnectHubAsync(cookie, lossy.OnDelta);
        await complete.LoadAsync();
        await lossy.LoadAsync();
        var received = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-7).ToUnixTimeSeconds());
        var actor = new JsonObject { ["username"] = "wang.li", ["display_name"] = "王力" };

        for (var round = 0; round < 5; round++)
        {
            var caseId = $"R-ALERT-GAP-{round}";
            await _factory.Log.AppendAsync([TestEvents.Make(EventTypes.ReportFiled, new JsonObject
            {
                ["report_id"] = caseId, ["village_code"] = TestEvents.ShenyangVillage, ["category"] = "injury", ["reporter_type"] = "school",
                ["received_at"] = EventTimestamps.Format(received),
            }, ts: received)]);
            await Task.Delay(400); // the next tick raises its acknowledge alert
            if (round % 2 == 1)
            {
                await _factory.Log.AppendAsync([TestEvents.Make(EventTypes.AlertAcknowledged,
                    new JsonObject { ["alert_id"] = $"sla_breached:{caseId}:acknowledged", ["actor"] = actor.DeepClone() })]);
            }
            if (round == 2)
            {
                await _factory.Log.AppendAsync([TestEvents.CaseStep(EventTypes.CaseAcknowledged, caseId)]);
            }
            await Task.Delay(300);
        }
        await _factory.Log.AppendAsync([TestEvents.ReportFiled("R-ALERT-GAP-LAST", TestEvents.ShenyangVillage)]);
        await complete.WaitForCaseAsync("R-ALERT-GAP-LAST");
        await lossy.WaitForCaseAsync("R-ALERT-GAP-LAST");
        await Task.Delay(600);

        Assert.True(lossy.Resyncs >= 1, "the lossy client never saw its gap");
        Assert.Equal(complete.Describe(), lossy.Describe());
        var alerts = complete.Describe().Split('\n')[^1];
        Assert.True(alerts.Contains("R-ALERT-GAP-1", StringComparison.Ordinal), alerts);
        Assert.Contains("sla_breached:R-ALERT-GAP-0:acknowledged|0|True|", alerts, StringComparison.Ordinal);
        Assert.Contains("sla_breached:R-ALERT-GAP-1:acknowledged|0|False|wang.li", alerts, StringComparison.Ordinal);
        Assert.DoesNotContain("sla_breached:R-ALERT-GAP-2:acknowledged", alerts, StringComparison.Ordinal); // recorded late: resolved
    }
}
