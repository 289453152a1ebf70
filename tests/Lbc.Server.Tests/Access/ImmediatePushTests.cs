using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;

namespace Lbc.Server.Tests.Access;

/// <summary>
/// What goes to the screens at once rather than with the next tick: a new report, and a step a user records. The
/// regular tick here is an hour away, so whatever arrives came by the immediate push.
/// </summary>
public sealed class ImmediatePushTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new(new Dictionary<string, string?>
    {
        ["Dashboard:Feed:Interval"] = "01:00:00",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task StepRecordedByOneOfficer_ReachesAColleaguesScreenWithoutWaitingForTheTick()
    {
        using var officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "2101");
        await _factory.WaitUntilReadyAsync(officer);
        var colleague = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var seen = new ConcurrentQueue<CaseDto>();
        await using var hub = await _factory.ConnectHubAsync(colleague, batch =>
        {
            foreach (var c in batch.Cases)
            {
                seen.Enqueue(c);
            }
        });

        await _factory.Log.AppendAsync([TestEvents.ReportFiled("R-PUSH-1", TestEvents.ShenyangVillage)]);
        var filed = await SeenAsync(seen, c => c.CaseId == "R-PUSH-1");

        using var request = new HttpRequestMessage(HttpMethod.Post, CommandRoutes.Commands)
        {
            Content = new StringContent(new JsonObject
            {
                ["commandId"] = "push-ack-1",
                ["type"] = EventTypes.CaseAcknowledged,
                ["caseId"] = "R-PUSH-1",
                ["expectedVersion"] = filed.Version,
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        var response = await officer.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var acknowledged = await SeenAsync(seen, c => c.CaseId == "R-PUSH-1" && c.Version > filed.Version);
        Assert.Equal("acknowledged", acknowledged.Stage);
    }

    /// <summary>The first case on the hub that matches; fails after 15 s (the tick is an hour away).</summary>
    private static async Task<CaseDto> SeenAsync(ConcurrentQueue<CaseDto> seen, Func<CaseDto, bool> match)
    {
        for (var i = 0; i < 150; i++)
        {
            if (seen.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("no immediate push carried the case: the step waited for the regular tick");
    }
}
