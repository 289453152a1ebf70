using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// A page on another site must not open the live feed with a signed-in officer's cookie: the hub refuses a
/// request whose Origin is not the dashboard's own (or a configured one), at negotiate and at the WebSocket upgrade.
/// </summary>
public sealed class HubOriginTests : IAsyncLifetime
{
    private KestrelDashboard _server = null!;
    private string _cookie = null!;

    public async Task InitializeAsync()
    {
        _server = await KestrelDashboard.StartAsync(new Dictionary<string, string?>
        {
            ["Dashboard:AllowedOrigins:0"] = "https://wall.example.gov.cn",
        });
        _cookie = await _server.SignInAsync(Roles.PoliceDutyOfficer, "2101");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Negotiate_FromAnotherOrigin_403()
    {
        using var response = await NegotiateAsync("https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("connectionToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_FromTheDashboardOrAConfiguredOrigin_Allowed()
    {
        var own = _server.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var same = await NegotiateAsync(own);
        using var configured = await NegotiateAsync("https://wall.example.gov.cn");
        using var none = await NegotiateAsync(origin: null);

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
    }

    [Fact]
    public async Task WebSocketUpgrade_FromAnotherOrigin_Refused()
    {
        // A valid connection token from a same-origin negotiate: only the Origin of the upgrade is wrong.
        using var negotiate = await NegotiateAsync(_server.BaseAddress.GetLeftPart(UriPartial.Authority));
        var token = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", _cookie);
        socket.Options.SetRequestHeader("Origin", "https://evil.example");
        var uri = new UriBuilder(new Uri(_server.BaseAddress, OpsHub.Path)) { Scheme = "ws", Query = "id=" + token }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task WebSocket_FromTheDashboardItself_Connects()
    {
        await using var hub = await _server.ConnectHubAsync(_cookie);

        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, hub.State);
    }

    private async Task<HttpResponseMessage> NegotiateAsync(string? origin)
    {
        using var client = _server.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, OpsHub.Path + "/negotiate?negotiateVersion=1");
        request.Headers.Add("Cookie", _cookie);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return await client.SendAsync(request);
    }
}
