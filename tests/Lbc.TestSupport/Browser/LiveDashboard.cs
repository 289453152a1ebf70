using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lbc.TestSupport.Browser;

/// <summary>
/// The real dashboard listening on a real loopback port, for a real browser: the in-process server of
/// <see cref="DashboardFactory"/> (SQLite log in a temp folder, simulator off, test accounts and producer) on Kestrel
/// instead of the in-memory test server. Development environment, so the Blazor WebAssembly files are served from the
/// build output (Production from a build output answers 500 for them). One per test class (<c>IClassFixture</c>); a class
/// that needs other settings uses a subclass: <c>sealed class TileServerDashboard() : LiveDashboard(new() { ... })</c>.
/// </summary>
public class LiveDashboard : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public LiveDashboard()
        : this([])
    {
    }

    /// <param name="settings">Configuration on top of the test defaults (e.g. <c>Dashboard:Map:TileUrl</c>).</param>
    protected LiveDashboard(Dictionary<string, string?> settings)
        : this(settings, null)
    {
    }

    /// <param name="settings">Configuration on top of the test defaults.</param>
    /// <param name="log">Also every line the server logs, at the levels production logs (Information and up), kept here
    /// for a test to read; the test output still gets warnings only.</param>
    protected LiveDashboard(Dictionary<string, string?> settings, LogCapture? log)
    {
        ServerLog = log;
        // The server's information logs would bury the browser's messages and the test's own output.
        settings.TryAdd("Logging:LogLevel:Default", log is null ? "Warning" : "Information");
        settings.TryAdd("Logging:Console:LogLevel:Default", "Warning");
        Factory = log is null
            ? new DashboardFactory(settings)
            : new DashboardFactory(settings, configure: web => web.ConfigureLogging(logging => logging.AddProvider(log)));
    }

    /// <summary>What the server logged, when the subclass asked for it.</summary>
    public LogCapture? ServerLog { get; }

    /// <summary>The server itself: its services, and signed-in <see cref="HttpClient"/>s (<c>CreateClientAs</c>) on the real port.</summary>
    public DashboardFactory Factory { get; }

    /// <summary>Where the browser goes: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Plain HTTP to the server (no cookie): health, static files, and the producers' ingest API.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Posts events and reports through the real ingest API with the test producer's key.</summary>
    public IngestClient Ingest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Port 0 on the loopback address only: the OS picks a free port, so parallel runs never collide and nothing
        // listens beyond this machine. An explicit endpoint overrides the "Urls" of appsettings.json (5080).
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reports no addresses");
        BaseAddress = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");
        // The factory's own clients (CreateClientAs) default to http://localhost/: point them at the real port.
        Factory.ClientOptions.BaseAddress = BaseAddress;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Ingest = new IngestClient(Http);
        await WaitUntilReadyAsync();
        await AssertAppIsServedAsync();
    }

    /// <summary>Waits until the projection has replayed the (empty) log: before that the pages show a loading state.</summary>
    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var health = await Http.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
            if (health.GetProperty("projection").GetProperty("ready").GetBoolean())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The dashboard at {BaseAddress} did not become ready within {StartTimeout}: {health}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Fails the fixture with a clear reason when the WebAssembly app is not served (e.g. a wrong environment or a
    /// missing web build), rather than every test timing out on an empty page.
    /// </summary>
    private async Task AssertAppIsServedAsync()
    {
        using var loader = await Http.GetAsync("_framework/blazor.webassembly.js");
        if (loader.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"The dashboard does not serve /_framework/blazor.webassembly.js ({(int)loader.StatusCode}): is web/Lbc.Web built?");
        }
        var index = await Http.GetStringAsync("signin");
        if (!index.Contains("_framework/blazor.webassembly.js", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The dashboard's /signin is not the WebAssembly app's index.html");
        }
    }

    /// <summary>
    /// Waits until the server's own read model has the case (asked as a province administrator): lets a test put
    /// data in place before a page loads it, so the page's first snapshot is known to contain it.
    /// </summary>
    public async Task WaitForCaseAsync(string caseId, TimeSpan? timeout = null)
    {
        using var client = await Factory.CreateClientAs(Roles.Administrator, "21");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var snapshot = await client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            if (snapshot!.OpenCases.Any(c => c.CaseId == caseId))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server's read model never showed case {caseId}");
            }
            await Task.Delay(50);
        }
    }

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        await Factory.DisposeAsync();
    }
}
