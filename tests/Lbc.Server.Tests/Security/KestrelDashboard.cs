using System.Net.Http.Json;
using Lbc.Contracts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// The real server on Kestrel at a random loopback port: real sockets, a real client address (127.0.0.1), real
/// WebSockets. For what the in-memory test server cannot show: forwarded headers from a peer, the upgrade.
/// </summary>
public sealed class KestrelDashboard : IAsyncDisposable
{
    private KestrelDashboard(DashboardFactory factory, Uri baseAddress)
    {
        Factory = factory;
        BaseAddress = baseAddress;
    }

    public DashboardFactory Factory { get; }

    public Uri BaseAddress { get; }

    /// <param name="configure">More host setup (e.g. a fault injected around a real component); applied last.</param>
    public static async Task<KestrelDashboard> StartAsync(IReadOnlyDictionary<string, string?>? settings = null,
        Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var factory = new DashboardFactory(settings, configure: configure);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var dashboard = new KestrelDashboard(factory, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        using var client = dashboard.NewClient();
        await factory.WaitUntilReadyAsync(client);
        return dashboard;
    }

    /// <summary>A plain client: no cookie jar, so every test says which cookie it sends.</summary>
    public HttpClient NewClient() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    public static HttpRequestMessage Login(string username, string password, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest(username, password), ContractsJsonContext.Default.LoginRequest),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    /// <summary>Signs in as the test account of <paramref name="role"/> in <paramref name="jurisdiction"/>; returns the Cookie header value.</summary>
    public async Task<string> SignInAsync(string role, string jurisdiction)
    {
        using var client = NewClient();
        using var response = await client.SendAsync(Login(TestUsers.UsernameOf(role, jurisdiction), TestUsers.Password));
        response.EnsureSuccessStatusCode();
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
        return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>A hub client over a real WebSocket with the given sign-in cookie.</summary>
    public async Task<HubConnection> ConnectHubAsync(string cookie)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, OpsHub.Path), HttpTransportType.WebSockets, options =>
            {
                options.Headers["Cookie"] = cookie;
                options.SkipNegotiation = false;
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
