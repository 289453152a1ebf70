using System.Net;
using Lbc.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// Signing out ends the session on the server: a copy of the cookie (a shared PC, a proxy log, malware) is worth
/// nothing afterwards, and the live feed of an open tab stops. The same for an idle session and a disabled account.
/// </summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new(new Dictionary<string, string?>
    {
        // Short enough to wait out in a test; the default is 30 minutes.
        ["Dashboard:SignIn:IdleMinutes"] = "0.05",
    });

    public async Task InitializeAsync() => await _factory.WaitUntilReadyAsync(_factory.CreateClient());

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Logout_TheOldCookie_Gets401FromTheSnapshotAndTheApi()
    {
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(ApiRoutes.Snapshot, cookie)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await LogoutAsync(cookie)).StatusCode);

        // The browser dropped the cookie; an attacker who copied it replays it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(ApiRoutes.Snapshot, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(AuthRoutes.Me, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(ApiRoutes.Regions, cookie)).StatusCode);
    }

    [Fact]
    public async Task Logout_TheOldCookie_CannotOpenTheHub()
    {
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        await LogoutAsync(cookie);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _factory.ConnectHubAsync(cookie));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Logout_AnOpenHubConnectionOfThatSession_IsClosed()
    {
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        var otherCookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        await using var hub = await _factory.ConnectHubAsync(cookie);
        await using var other = await _factory.ConnectHubAsync(otherCookie);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await LogoutAsync(cookie);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        // Another session of the same user (another PC) is not signed out with it.
        Assert.Equal(HubConnectionState.Connected, other.State);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(ApiRoutes.Snapshot, otherCookie)).StatusCode);
    }

    [Fact]
    public async Task Logout_AnOpenWebSocketOfThatSession_IsClosed()
    {
        await using var server = await KestrelDashboard.StartAsync();
        var cookie = await server.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        await using var hub = await server.ConnectHubAsync(cookie);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        using var client = server.NewClient();
        using var logout = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Logout);
        logout.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        logout.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout)).StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task IdleSession_PastTheIdleTimeout_IsRefused()
    {
        var cookie = await _factory.SignInAsync(Roles.CivilAffairs, "21");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(AuthRoutes.Me, cookie)).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(AuthRoutes.Me, cookie)).StatusCode);
    }

    [Fact]
    public async Task IdleTimeout_AnOpenDashboardKeepsItsSessionAlive()
    {
        var cookie = await _factory.SignInAsync(Roles.CivilAffairs, "21");
        await using var hub = await _factory.ConnectHubAsync(cookie);

        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(AuthRoutes.Me, cookie)).StatusCode);
    }

    [Fact]
    public async Task AccountDisabled_WhileSignedIn_OpenHubClosesAndTheCookieIsRefused()
    {
        var username = TestUsers.UsernameOf(Roles.Administrator, "2113");
        var cookie = await _factory.SignInAsync(Roles.Administrator, "2113");
        await using var hub = await _factory.ConnectHubAsync(cookie);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        // What an operator does: set Disabled in the configuration, which the server reloads.
        var configuration = (IConfigurationRoot)_factory.Services.GetRequiredService<IConfiguration>();
        configuration[$"Dashboard:Users:{username}:Disabled"] = "true";
        configuration.Reload();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(AuthRoutes.Me, cookie)).StatusCode);
    }

    [Fact]
    public async Task SignedOutCookie_Replayed_TheAnswerClearsIt()
    {
        var cookie = await _factory.SignInAsync(Roles.CivilAffairs, "21");
        await LogoutAsync(cookie);

        var response = await GetAsync(AuthRoutes.Me, cookie);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lbc.auth=;", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string cookie)
    {
        using var client = _factory.CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> LogoutAsync(string cookie)
    {
        using var client = _factory.CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Logout);
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
