using System.Net;
using Lbc.Contracts;
using Lbc.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// Two instances on one real redis-server: signing out at one ends the session at both. Behind a load balancer
/// the next request, or the open live connection, may well be on the other instance.
/// </summary>
public sealed class SharedSessionTests(RedisServerFixture redis) : TwoInstances(redis)
{
    [Fact]
    public async Task LogoutAtOneInstance_TheOtherRefusesTheCookieAndClosesItsHubConnection()
    {
        var cookie = await First.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        await using var hubOnB = await Second.ConnectHubAsync(cookie);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hubOnB.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(Second, ApiRoutes.Snapshot, cookie)).StatusCode);

        using var client = First.CreateClient(new() { HandleCookies = false });
        using var logout = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Logout);
        logout.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        logout.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(Second, ApiRoutes.Snapshot, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(First, ApiRoutes.Snapshot, cookie)).StatusCode);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, hubOnB.State);
    }

    private static async Task<HttpResponseMessage> GetAsync(DashboardFactory instance, string path, string cookie)
    {
        using var client = instance.CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
