using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.EventLog;
using Lbc.Server.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.HubLatency;

/// <summary>
/// The dashboard server in this process (its own wiring, <see cref="DashboardApplication"/>) on a free loopback port,
/// with the bare relay hub beside it and a bare "click" endpoint that appends one event to the same log, so a baseline
/// goes through the same log, process and sockets as the dashboard's path; and the helpers both modes share: sign-in,
/// readiness and the receiving clients' child process.
/// </summary>
internal sealed class LatencyServer : IAsyncDisposable
{
    /// <summary>The baseline of a command: append one event (the id in the query) to the log and answer; no sign-in, no checks.</summary>
    public const string BarePostPath = "/bench/bare-append";

    private readonly string _dataDirectory;

    private LatencyServer(WebApplication app, Uri baseUri, string dataDirectory)
    {
        App = app;
        BaseUri = baseUri;
        _dataDirectory = dataDirectory;
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public IEventLog Log => App.Services.GetRequiredService<IEventLog>();

    public Uri HubUri(string path) => new($"ws://{BaseUri.Authority}{path}");

    public static async Task<LatencyServer> StartAsync(IDictionary<string, string?> settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-latency-" + Guid.NewGuid().ToString("n"));
        var port = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The dashboard's own name, so its static assets manifest is found as when it runs alone.
            ApplicationName = typeof(DashboardApplication).Assembly.GetName().Name,
            EnvironmentName = "Development",
        });
        var configuration = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Dashboard:Simulator:Enabled"] = "false",
            ["Dashboard:DataDirectory"] = dataDirectory,
            ["Dashboard:DemoAccounts:Enabled"] = "false",
            ["Dashboard:SignIn:RequestsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddDashboard();
        builder.Services.Configure<JsonHubProtocolOptions>(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Add(ToolJsonContext.Default));
        builder.Services.AddHostedService<BareRelay>();
        var app = builder.Build();
        app.MapDashboard();
        app.MapHub<BareHub>(BareHub.Path);
        var regions = app.Services.GetRequiredService<Lbc.Domain.Regions.RegionCatalog>();
        var village = regions.Townships.Select(t => regions.VillagesIn(t.Code)).First(v => v.Count > 0)[0].Code;
        app.MapPost(BarePostPath, async (string id, IEventLog log, CancellationToken cancellationToken) =>
        {
            await log.AppendAsync([BareEvent(id, village)], cancellationToken);
            return Results.Accepted();
        }).AllowAnonymous();
        await app.StartAsync();
        var server = new LatencyServer(app, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        await WaitReadyAsync(http);
        return server;
    }

    /// <summary>A registration carrying the id (the relay sends the raw event: the clients find the id in it).</summary>
    private static RawEvent BareEvent(string id, string village) => new(Guid.NewGuid().ToString("n"), EventTypes.ChildRegistered, 1,
        EventTimestamps.Format(DateTimeOffset.UtcNow.AddSeconds(-1)), "latency",
        $$"""{"child_id":"{{id}}","village_code":"{{village}}","birth_date":"{{DateTime.UtcNow.AddYears(-8):yyyy-MM-dd}}","kind":"both_parents_away","guardian":"entrusted"}""");

    /// <summary>Signs in and returns the session cookie (<c>lbc.auth=…</c>).</summary>
    public static async Task<string> SignInAsync(HttpClient http, string username, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest(username, password), ContractsJsonContext.Default.LoginRequest),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
        return cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    public static async Task WaitReadyAsync(HttpClient http)
    {
        // The simulator's seeding of an empty log (60,000 children) takes a while on 2 cores.
        for (var i = 0; i < 6000; i++)
        {
            if ((await http.GetStringAsync(ApiRoutes.Health)).Contains("\"ready\":true", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The dashboard did not become ready");
    }

    /// <summary>
    /// Starts the receiving clients (Receivers.cs) in a process of their own, from this same program. With one
    /// cookie it goes through the environment, with several through standard input: never on the command line,
    /// which every local user can read (ps).
    /// </summary>
    public static Process StartReceivers(Uri hubUri, int clients, IReadOnlyList<string> cookies, string marker, int maxId, string? stages = null)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BareHub).Assembly.Location);
        }
        var viaStdin = cookies.Count > 1;
        start.Environment[Receivers.CookieVariable] = cookies.Count == 1 ? cookies[0] : "";
        foreach (var a in new[] { "receive", hubUri.ToString(), clients.ToString(CultureInfo.InvariantCulture), viaStdin ? "stdin" : "-", marker, maxId.ToString(CultureInfo.InvariantCulture), stages ?? "" })
        {
            start.ArgumentList.Add(a);
        }
        // Light clients allocate little: the workstation collector keeps the child from taking a heap per core.
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the receiving clients");
        if (viaStdin)
        {
            foreach (var cookie in cookies)
            {
                process.StandardInput.WriteLine(cookie);
            }
            process.StandardInput.WriteLine();
            process.StandardInput.Flush();
        }
        return process;
    }

    /// <summary>Waits for the receivers' <c>connected N</c> line.</summary>
    public static async Task WaitConnectedAsync(Process receivers, string name)
    {
        while (await receivers.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("connected ", StringComparison.Ordinal))
            {
                Console.WriteLine($"{name}: {line[10..]} connected (raw WebSocket clients in process {receivers.Id})");
                return;
            }
        }
        throw new InvalidOperationException("The receiving clients could not connect");
    }

    /// <summary>Stops the receivers and reads their report: first receipts by key and client, and traffic.</summary>
    public static async Task<Receipts> CollectAsync(Process receivers, int keys)
    {
        await receivers.StandardInput.WriteLineAsync("stop");
        await receivers.StandardInput.FlushAsync();
        var receipts = new Receipts(keys);
        while (await receivers.StandardOutput.ReadLineAsync() is { } line)
        {
            var f = line.Split(' ');
            switch (f[0])
            {
                case "R":
                    var key = int.Parse(f[2], CultureInfo.InvariantCulture);
                    if (key < keys)
                    {
                        receipts.At[key][int.Parse(f[1], CultureInfo.InvariantCulture)] = long.Parse(f[3], CultureInfo.InvariantCulture);
                    }
                    break;
                case "B":
                    receipts.Messages += long.Parse(f[2], CultureInfo.InvariantCulture);
                    receipts.Bytes += long.Parse(f[3], CultureInfo.InvariantCulture);
                    break;
                case "E":
                    receipts.Failures++;
                    break;
            }
        }
        await receivers.WaitForExitAsync();
        return receipts;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1))];

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>What the receiving clients reported: the receipt time (Stopwatch ticks) of each key by client, for the clients that got it.</summary>
internal sealed class Receipts(int keys)
{
    public Dictionary<int, long>[] At { get; } = [.. Enumerable.Range(0, keys).Select(_ => new Dictionary<int, long>())];
    public long Messages { get; set; }
    public long Bytes { get; set; }
    public int Failures { get; set; }
}
