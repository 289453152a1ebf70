using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.EventLog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests;

/// <summary>
/// The real server on the embedded default (SQLite log in a fresh temp folder), simulator off so tests
/// control every event. Hub clients connect through the test server's handler.
/// </summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="settings">Extra configuration (e.g. the Redis event log), applied after the defaults.</param>
    /// <param name="dataDirectory">A data folder that outlives this factory (a restart test); deleted only when not given.</param>
    public DashboardFactory(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
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
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<HubConnection> ConnectHubAsync(Action<DeltaBatch> onDelta)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, OpsHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default))
            .Build();
        connection.On<DeltaBatch>(OpsHub.DeltaMethod, onDelta);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Waits until the server has replayed the log and follows it live.</summary>
    public async Task WaitUntilReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 200; i++)
        {
            var snapshot = await client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            if (snapshot!.Progress.Ready)
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
