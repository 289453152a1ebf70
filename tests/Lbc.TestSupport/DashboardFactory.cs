using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.EventLog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.TestSupport;

/// <summary>
/// The real server on the embedded default (SQLite log in a fresh temp folder), simulator off so tests
/// control every event. Hub clients connect through the test server's handler.
/// </summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IWebHostBuilder>? _configure;

    /// <param name="settings">Extra configuration (e.g. the Redis event log), applied after the defaults.</param>
    /// <param name="dataDirectory">A data folder that outlives this factory (a restart test); deleted only when not given.</param>
    /// <param name="configure">More host setup, e.g. a log capture; applied last.</param>
    public DashboardFactory(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null,
        Action<IWebHostBuilder>? configure = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        _configure = configure;
        _ownsDataDirectory = dataDirectory is null;
        _dataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "lbc-tests-" + Guid.NewGuid().ToString("n"));
    }

    public IEventLog Log => Services.GetRequiredService<IEventLog>();

    public string DataDirectory => _dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Dashboard:Simulator:Enabled", "false");
        builder.UseSetting("Dashboard:DataDirectory", _dataDirectory);
        builder.UseSetting(TestProducers.Setting.Key, TestProducers.Setting.Value);
        foreach (var (key, value) in TestUsers.Settings())
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        _configure?.Invoke(builder);
    }

    /// <summary>A hub client signed in as a province-level police duty officer.</summary>
    public async Task<HubConnection> ConnectHubAsync(Action<DeltaBatch> onDelta) =>
        await ConnectHubAsync(await SignInAsync(Roles.PoliceDutyOfficer, "21"), onDelta);

    /// <summary>A hub client with a sign-in cookie (null: none); <paramref name="configure"/> adds handlers before it starts.</summary>
    public async Task<HubConnection> ConnectHubAsync(string? cookie, Action<DeltaBatch>? onDelta = null, Action<HubConnection>? configure = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, OpsHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                if (cookie is not null)
                {
                    options.Headers["Cookie"] = cookie;
                }
            })
            .WithStatefulReconnect()
            .AddJsonProtocol(json =>
            {
                json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
                json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(1, TestJsonContext.Default);
            })
            .Build();
        if (onDelta is not null)
        {
            connection.On<DeltaBatch>(OpsHub.DeltaMethod, onDelta);
        }
        configure?.Invoke(connection);
        await connection.StartAsync();
        await WaitUntilRegisteredAsync(connection);
        return connection;
    }

    /// <summary>
    /// The client's start returns once the handshake is done, but the hub registers the connection for deltas in
    /// OnConnectedAsync, which may run a little later: an event appended in between would never reach the test's
    /// handler (a browser sees the sequence gap and resynchronises; a test waiting for one delta would time out).
    /// </summary>
    private async Task WaitUntilRegisteredAsync(HubConnection connection)
    {
        var feed = Services.GetRequiredService<Lbc.Server.Feed.ScopedFeed>();
        for (var i = 0; i < 200 && connection.State == HubConnectionState.Connected; i++)
        {
            if (connection.ConnectionId is { } id && feed.IsRegistered(id))
            {
                return;
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Signs in as the test account of <paramref name="role"/> in <paramref name="jurisdiction"/>; returns the Cookie header value.</summary>
    public async Task<string> SignInAsync(string role, string jurisdiction)
    {
        using var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = ClientOptions.BaseAddress });
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest(TestUsers.UsernameOf(role, jurisdiction), TestUsers.Password),
                ContractsJsonContext.Default.LoginRequest),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
        return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>An HTTP client signed in as the test account of <paramref name="role"/> in <paramref name="jurisdiction"/>.</summary>
    public async Task<HttpClient> CreateClientAs(string role, string jurisdiction)
    {
        var cookie = await SignInAsync(role, jurisdiction);
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>Waits until the server has replayed the log and follows it live.</summary>
    public async Task WaitUntilReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 200; i++)
        {
            // /healthz answers anyone, so this works for any client, signed in or not.
            var health = await client.GetFromJsonAsync<System.Text.Json.JsonElement>(ApiRoutes.Health);
            if (health.GetProperty("projection").GetProperty("ready").GetBoolean())
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The server did not become ready");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDataDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background task; the temp folder is cleaned by the OS.
        }
    }
}
