using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net;
using System.Text;
using Lbc.Contracts;
using Lbc.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.Server.Tests.Access;

/// <summary>
/// Two server instances on one real redis-server (event log and SignalR backplane): a sign-in at one is valid
/// at the other, a report filed at one reaches a hub client of the other, and a message that originates at
/// one instance ("I am handling case X") reaches the same scope's users on the other, and nobody else.
/// </summary>
public sealed class MultiInstanceTests(RedisServerFixture redis) : TwoInstances(redis)
{
    [Fact]
    public async Task ReportFiledAtOneInstance_ReachesAHubClientOfTheOther_WithACookieIssuedByTheFirst()
    {
        var cookieFromA = await First.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        var received = new TaskCompletionSource<CaseDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onB = await Second.ConnectHubAsync(cookieFromA, batch =>
        {
            if (batch.Cases.FirstOrDefault(c => c.CaseId == "R-TWO-1") is { } c)
            {
                received.TrySetResult(c);
            }
        });

        using var post = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Reports)
        {
            Content = new StringContent($$"""{"reportId":"R-TWO-1","category":"missing","reporterType":"school","villageCode":"{{TestEvents.ShenyangVillage}}"}""", Encoding.UTF8, "application/json"),
        });
        var response = await First.CreateClient().SendAsync(post);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pushed = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(TestEvents.ShenyangTownship, pushed.TownshipCode);
        using var httpB = Second.CreateClient(new() { HandleCookies = false });
        httpB.DefaultRequestHeaders.Add("Cookie", cookieFromA);
        var me = await httpB.GetFromJsonAsync(AuthRoutes.Me, ContractsJsonContext.Default.UserInfo);
        Assert.Equal("2101", me!.Jurisdiction);
    }

    [Fact]
    public async Task HandlingMarkedAtOneInstance_ReachesTheScopeOnTheOther_AndNotAnotherCounty()
    {
        var countyA = TestEvents.ShenyangTownship[..6];
        var countyB = TestEvents.ChaoyangTownship[..6];
        await First.Log.AppendAsync([TestEvents.ReportFiled("R-HANDLE-1", TestEvents.ShenyangVillage)]);
        var provinceNotices = new ConcurrentQueue<CaseHandlingNotice>();
        var otherCountyNotices = new ConcurrentQueue<CaseHandlingNotice>();
        var provinceGotIt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var caseOnA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provinceOnB = await Second.ConnectHubAsync(await Second.SignInAsync(Roles.PoliceDutyOfficer, "21"), configure: c =>
            c.On<CaseHandlingNotice>(OpsHub.HandlingMethod, n =>
            {
                provinceNotices.Enqueue(n);
                provinceGotIt.TrySetResult();
            }));
        await using var otherCountyOnB = await Second.ConnectHubAsync(await Second.SignInAsync(Roles.PoliceDutyOfficer, countyB), configure: c =>
            c.On<CaseHandlingNotice>(OpsHub.HandlingMethod, otherCountyNotices.Enqueue));
        await using var officerOnA = await First.ConnectHubAsync(await First.SignInAsync(Roles.PoliceDutyOfficer, countyA), batch =>
        {
            if (batch.Cases.Any(c => c.CaseId == "R-HANDLE-1"))
            {
                caseOnA.TrySetResult();
            }
        });
        await using var leaderOnA = await First.ConnectHubAsync(await First.SignInAsync(Roles.LeadingGroup, "21"));
        await PollUntilOpenAsync(First, countyA, "R-HANDLE-1");

        await officerOnA.InvokeAsync(OpsHub.MarkHandlingMethod, "R-HANDLE-1");

        await provinceGotIt.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var notice = Assert.Single(provinceNotices);
        Assert.Equal("R-HANDLE-1", notice.CaseId);
        Assert.Equal(TestUsers.UsernameOf(Roles.PoliceDutyOfficer, countyA), notice.Username);
        await Task.Delay(500);
        Assert.Empty(otherCountyNotices);
        // A case outside the caller's jurisdiction, and the leading group for any case, are refused alike.
        await Assert.ThrowsAsync<HubException>(() => officerOnA.InvokeAsync(OpsHub.MarkHandlingMethod, "R-NO-SUCH-CASE"));
        await Assert.ThrowsAsync<HubException>(() => leaderOnA.InvokeAsync(OpsHub.MarkHandlingMethod, "R-HANDLE-1"));
        await using var otherCountyOnA = await First.ConnectHubAsync(await First.SignInAsync(Roles.PoliceDutyOfficer, countyB));
        await Assert.ThrowsAsync<HubException>(() => otherCountyOnA.InvokeAsync(OpsHub.MarkHandlingMethod, "R-HANDLE-1"));
    }

    private static async Task PollUntilOpenAsync(DashboardFactory factory, string jurisdiction, string caseId)
    {
        using var client = await factory.CreateClientAs(Roles.PoliceDutyOfficer, jurisdiction);
        for (var i = 0; i < 300; i++)
        {
            var snapshot = await client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            if (snapshot!.OpenCases.Any(c => c.CaseId == caseId))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{caseId} never opened");
    }
}
