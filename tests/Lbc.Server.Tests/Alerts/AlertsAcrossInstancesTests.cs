using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Server.Tests.Infrastructure;

namespace Lbc.Server.Tests.Alerts;

/// <summary>
/// Alerts behind a load balancer: two instances on one Redis log raise the same alert with the same id from their own
/// projections, and what an officer does about it on one (an event on the log) is what the other shows.
/// </summary>
public sealed class AlertsAcrossInstancesTests(RedisServerFixture redis) : TwoInstances(redis)
{
    private static string County => TestEvents.ShenyangTownship[..6];

    [Fact]
    public async Task BreachedCase_BothInstancesRaiseIt_AcknowledgedOnOne_TheOtherAgreesAndAnswers409NamingWho()
    {
        var caseId = $"R-ALERT-{Guid.NewGuid():n}";
        var ackAlert = $"sla_breached:{caseId}:acknowledged";
        var dispatchAlert = $"sla_breached:{caseId}:dispatched";
        using var countyOfficer = await SignedInClientAsync(First, Roles.PoliceDutyOfficer, County);
        using var townshipOfficer = await SignedInClientAsync(Second, Roles.PoliceDutyOfficer, TestEvents.ShenyangTownship);
        // Received 15 minutes ago and never acknowledged: the acknowledge and dispatch clocks are out.
        var received = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-15).ToUnixTimeSeconds());
        await First.Log.AppendAsync([TestEvents.Make(EventTypes.ReportFiled, new JsonObject
        {
            ["report_id"] = caseId, ["village_code"] = TestEvents.ShenyangVillage, ["category"] = "injury", ["reporter_type"] = "school",
            ["received_at"] = EventTimestamps.Format(received),
        }, ts: received)]);

        var onFirst = await AlertAsync(countyOfficer, ackAlert, a => a is not null);
        var onSecond = await AlertAsync(townshipOfficer, ackAlert, a => a is not null);
        Assert.Equal(onFirst, onSecond);
        Assert.True(onFirst!.NeedsAttention);
        Assert.Equal(received + TimeSpan.FromMinutes(5), onFirst.RaisedAt);

        using (var accepted = await CommandAsync(countyOfficer, AlertCommands.Acknowledged, ackAlert))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        var officer = TestUsers.UsernameOf(Roles.PoliceDutyOfficer, County);
        var seenBySecond = await AlertAsync(townshipOfficer, ackAlert, a => a?.AcknowledgedBy is not null);
        Assert.Equal(officer, seenBySecond!.AcknowledgedBy);
        Assert.Equal(await AlertAsync(countyOfficer, ackAlert, a => a is not null), seenBySecond);

        using var again = await CommandAsync(townshipOfficer, AlertCommands.Acknowledged, ackAlert);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var conflict = (await again.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CommandConflict))!;
        Assert.Equal((officer, TestUsers.DisplayNameOf(Roles.PoliceDutyOfficer, County)), (conflict.ActedBy, conflict.ActedByName));

        using (var muted = await CommandAsync(townshipOfficer, AlertCommands.Muted, dispatchAlert,
            new JsonObject { ["minutes"] = 60, ["reason"] = "出警车辆已在途，预计20分钟到达" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, muted.StatusCode);
        }
        var mutedOnFirst = await AlertAsync(countyOfficer, dispatchAlert, a => a?.MutedUntil is not null);
        Assert.Equal("出警车辆已在途，预计20分钟到达", mutedOnFirst!.MuteReason);
        Assert.Equal(mutedOnFirst, await AlertAsync(townshipOfficer, dispatchAlert, a => a?.MutedUntil is not null));
    }

    [Fact]
    public async Task AlertCommands_BadOrForeign_400NamingTheField_404OutsideTheOwners()
    {
        var caseId = $"R-ALERT-{Guid.NewGuid():n}";
        var ackAlert = $"sla_breached:{caseId}:acknowledged";
        using var officer = await SignedInClientAsync(First, Roles.PoliceDutyOfficer, County);
        var received = DateTimeOffset.UtcNow.AddMinutes(-6);
        await First.Log.AppendAsync([TestEvents.Make(EventTypes.ReportFiled, new JsonObject
        {
            ["report_id"] = caseId, ["village_code"] = TestEvents.ShenyangVillage, ["category"] = "injury", ["reporter_type"] = "school",
            ["received_at"] = EventTimestamps.Format(received),
        }, ts: received)]);
        await AlertAsync(officer, ackAlert, a => a is not null);

        await AssertProblemAsync(await CommandAsync(officer, AlertCommands.Muted, ackAlert, new JsonObject { ["minutes"] = 30 }), "data.reason");
        await AssertProblemAsync(await CommandAsync(officer, AlertCommands.Muted, ackAlert,
            new JsonObject { ["minutes"] = 60 * 24 * 30, ["reason"] = "整月静音" }), "data.until");
        await AssertProblemAsync(await CommandAsync(officer, AlertCommands.Acknowledged, null), "alertId");
        using var civil = await SignedInClientAsync(First, Roles.CivilAffairs, County);
        await AssertProblemAsync(await CommandAsync(civil, AlertCommands.Acknowledged, ackAlert), "role");
        using var otherCounty = await SignedInClientAsync(First, Roles.PoliceDutyOfficer, TestEvents.ChaoyangTownship[..6]);
        using var notOwned = await CommandAsync(otherCounty, AlertCommands.Acknowledged, ackAlert);
        Assert.Equal(HttpStatusCode.NotFound, notOwned.StatusCode);
        using var unknown = await CommandAsync(officer, AlertCommands.Acknowledged, "sla_breached:nobody:acknowledged");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var leader = await SignedInClientAsync(First, Roles.LeadingGroup, "21");
        using var forbidden = await CommandAsync(leader, AlertCommands.Acknowledged, ackAlert);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            Assert.Contains($"\"{field}\"", body);
        }
    }

    private static async Task<AlertDto?> AlertAsync(HttpClient client, string alertId, Func<AlertDto?, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var snapshot = await client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            var alert = snapshot!.Alerts.SingleOrDefault(a => a.AlertId == alertId);
            if (until(alert))
            {
                return alert;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{alertId} never reached the expected state");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<HttpResponseMessage> CommandAsync(HttpClient client, string type, string? alertId, JsonObject? data = null)
    {
        var command = new JsonObject { ["commandId"] = $"alert-{Guid.NewGuid():n}", ["type"] = type, ["alertId"] = alertId, ["data"] = data };
        using var request = new HttpRequestMessage(HttpMethod.Post, CommandRoutes.Commands)
        {
            Content = new StringContent(command.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        return await client.SendAsync(request);
    }

}
