using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.EventLog;
using Lbc.HubLatency;
using Lbc.Server.Access;
using Lbc.Server.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

// Hub delivery latency: event appended to the log -> hub client received it, p50/p99, for the dashboard's
// scoped hub and for a bare relay hub in the same process, each with N connected clients on loopback.
// Usage: dotnet run -c Release --project tools/Lbc.HubLatency -- [clients=200] [seconds=30] [reportsPerSecond=5] [backgroundPerSecond=50]
var clients = Arg(0, 200);
var seconds = Arg(1, 30);
var reportsPerSecond = Arg(2, 5);
var backgroundPerSecond = Arg(3, 50);

const string Username = "latency";
const string Password = "latency-password";
var dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-latency-" + Guid.NewGuid().ToString("n"));
var port = FreePort();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    // The dashboard's own name, so its static assets manifest is found as when it runs alone.
    ApplicationName = typeof(DashboardApplication).Assembly.GetName().Name,
    EnvironmentName = "Development",
});
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Urls"] = $"http://127.0.0.1:{port}",
    ["Dashboard:Simulator:Enabled"] = "false",
    ["Dashboard:DataDirectory"] = dataDirectory,
    ["Dashboard:DemoAccounts:Enabled"] = "false",
    ["Dashboard:SignIn:RequestsPerMinute"] = "100000",
    [$"Dashboard:Users:{Username}:DisplayName"] = "latency",
    [$"Dashboard:Users:{Username}:Role"] = Roles.PoliceDutyOfficer,
    [$"Dashboard:Users:{Username}:Jurisdiction"] = RegionCodes.Liaoning,
    [$"Dashboard:Users:{Username}:PasswordHash"] = PasswordHashing.Hash(Password, 100_000),
    ["Logging:LogLevel:Default"] = "Warning",
});
builder.AddDashboard();
builder.Services.Configure<JsonHubProtocolOptions>(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Add(ToolJsonContext.Default));
builder.Services.AddHostedService<BareRelay>();
var app = builder.Build();
app.MapDashboard();
app.MapHub<BareHub>(BareHub.Path);
await app.StartAsync();
var baseUri = new Uri($"http://127.0.0.1:{port}");
var log = app.Services.GetRequiredService<IEventLog>();
var regions = app.Services.GetRequiredService<RegionCatalog>();
using var http = new HttpClient { BaseAddress = baseUri };
await WaitReadyAsync(http);

var villages = regions.Townships.Where((_, i) => i % 7 == 0).Select(t => regions.VillagesIn(t.Code)).Where(v => v.Count > 0).Select(v => v[0].Code).ToArray();
Console.WriteLine($"{clients} clients per hub, {seconds} s per run, {reportsPerSecond} reports/s + {backgroundPerSecond} other events/s, {Environment.ProcessorCount} cores");

var dashboard = await MeasureAsync("dashboard /hubs/ops (projection, scopes, per-connection queues)", async (appendedAt, record) =>
{
    var cookie = await SignInAsync(http);
    return await ConnectAllAsync(OpsHub.Path, cookie, (connection, seen) =>
        connection.On<DeltaBatch>(OpsHub.DeltaMethod, batch =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var c in batch.Cases)
            {
                if (appendedAt.TryGetValue(c.CaseId, out var at) && seen.Add(c.CaseId))
                {
                    record(Stopwatch.GetElapsedTime(at, now));
                }
            }
        }));
});
var bare = await MeasureAsync("bare /hubs/bare (log tail relayed, nothing else)", async (appendedAt, record) =>
    await ConnectAllAsync(BareHub.Path, cookie: null, (connection, seen) =>
        connection.On<RawEvent[]>(BareHub.Method, events =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var e in events)
            {
                if (appendedAt.TryGetValue(ReportIdOf(e), out var at) && seen.Add(ReportIdOf(e)))
                {
                    record(Stopwatch.GetElapsedTime(at, now));
                }
            }
        })));

Console.WriteLine();
Console.WriteLine("| hub | clients | deliveries | p50 ms | p90 ms | p99 ms | max ms |");
Console.WriteLine("|---|---|---|---|---|---|---|");
Console.WriteLine(dashboard);
Console.WriteLine(bare);
Console.WriteLine($"messages dropped from full per-connection queues: {app.Services.GetRequiredService<ScopedFeed>().Dropped}");
await app.StopAsync();
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (IOException)
{
}
return 0;

async Task<string> MeasureAsync(string name, Func<ConcurrentDictionary<string, long>, Action<TimeSpan>, Task<List<HubConnection>>> connect)
{
    var appendedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
    var latencies = new ConcurrentBag<double>();
    var connections = await connect(appendedAt, l => latencies.Add(l.TotalMilliseconds));
    Console.WriteLine($"{name}: {connections.Count} connected");
    var random = new Random(2016);
    var run = Guid.NewGuid().ToString("n")[..6];
    var tick = TimeSpan.FromMilliseconds(100);
    var reports = 0;
    var measured = 0;
    // The first seconds warm up the JIT, the sockets and the scopes; their reports are not measured.
    var warmup = TimeSpan.FromSeconds(3);
    var started = Stopwatch.GetTimestamp();
    for (var t = 0; Stopwatch.GetElapsedTime(started) < warmup + TimeSpan.FromSeconds(seconds); t++)
    {
        var batch = new List<RawEvent>();
        for (var i = 0; i < backgroundPerSecond / 10; i++)
        {
            batch.Add(Make(EventTypes.ChildRegistered, new JsonObject
            {
                ["child_id"] = $"C-{run}-{t}-{i}",
                ["village_code"] = villages[random.Next(villages.Length)],
                ["birth_date"] = DateTime.UtcNow.AddYears(-8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["kind"] = "both_parents_away",
                ["guardian"] = "entrusted",
            }));
        }
        var reportIds = new List<string>();
        // Reports spread evenly: one every (10 / reportsPerSecond) ticks.
        if (reportsPerSecond > 0 && t * reportsPerSecond / 10 != (t + 1) * reportsPerSecond / 10)
        {
            var id = $"LAT-{run}-{reports++}";
            reportIds.Add(id);
            batch.Add(Make(EventTypes.ReportFiled, new JsonObject
            {
                ["report_id"] = id,
                ["village_code"] = villages[random.Next(villages.Length)],
                ["category"] = "missing",
                ["reporter_type"] = "school",
            }));
        }
        await log.AppendAsync(batch);
        // Appended = durable in the log: the clock starts when the append returns.
        var appended = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(started, appended) >= warmup)
        {
            foreach (var id in reportIds)
            {
                appendedAt[id] = appended;
                measured++;
            }
        }
        var next = started + (long)((t + 1) * tick.TotalSeconds * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
    await Task.Delay(TimeSpan.FromSeconds(3));
    foreach (var c in connections)
    {
        await c.DisposeAsync();
    }
    var sorted = latencies.Order().ToArray();
    var expected = (long)measured * connections.Count;
    return $"| {name} | {connections.Count} | {sorted.Length} of {expected} | {P(sorted, 0.50):F1} | {P(sorted, 0.90):F1} | {P(sorted, 0.99):F1} | {(sorted.Length > 0 ? sorted[^1] : double.NaN):F1} |";
}

async Task<List<HubConnection>> ConnectAllAsync(string path, string? cookie, Action<HubConnection, HashSet<string>> handle)
{
    var list = new List<HubConnection>();
    for (var i = 0; i < clients; i++)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (cookie is not null)
                {
                    options.Headers["Cookie"] = cookie;
                }
            })
            .AddJsonProtocol(json =>
            {
                json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
                json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(1, ToolJsonContext.Default);
            })
            .Build();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        handle(connection, seen);
        await connection.StartAsync();
        list.Add(connection);
    }
    return list;
}

static async Task<string> SignInAsync(HttpClient http)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
    {
        Content = JsonContent.Create(new LoginRequest(Username, Password), ContractsJsonContext.Default.LoginRequest),
    };
    request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
    return cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
}

static async Task WaitReadyAsync(HttpClient http)
{
    for (var i = 0; i < 600; i++)
    {
        if ((await http.GetStringAsync(ApiRoutes.Health)).Contains("\"ready\":true", StringComparison.Ordinal))
        {
            return;
        }
        await Task.Delay(100);
    }
    throw new TimeoutException("The dashboard did not become ready");
}

static RawEvent Make(string type, JsonObject data) =>
    new(Guid.NewGuid().ToString("n"), type, 1, EventTimestamps.Format(DateTimeOffset.UtcNow.AddSeconds(-1)), "latency", data.ToJsonString());

static string ReportIdOf(RawEvent e) =>
    e.Type == EventTypes.ReportFiled ? JsonNode.Parse(e.Data)?["report_id"]?.GetValue<string>() ?? "" : "";

static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var v) ? v : fallback;
