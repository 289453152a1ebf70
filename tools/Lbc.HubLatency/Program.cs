using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.EventLog;
using Lbc.HubLatency;
using Lbc.Server.Access;
using Lbc.Server.Feed;
using Lbc.Server.Hosting;
using Microsoft.AspNetCore.SignalR;

// Hub delivery latency: event appended to the log -> hub client received it, p50/p99, for the dashboard's
// scoped hub and for a bare relay hub in the same process, each with N connected clients on loopback. The clients
// are light raw WebSocket clients in a child process (Receivers.cs), the same kind for both hubs.
// Usage: dotnet run -c Release --project tools/Lbc.HubLatency -- [clients=200] [seconds=30] [reportsPerSecond=5] [backgroundPerSecond=50]
//   or: ... -- commands [clients=500] [commands=200] [commandsPerSecond=2] [children=60000]: the command round trip
//   (CommandRoundTrip.cs: POST /api/commands -> every officer's hub client has the case at its new stage).
//   or: ... -- scopes [clients=2000] [seconds=30] [reportsPerSecond=5] [backgroundPerSecond=1000] [processes=2]: clients over
//   100 county, 14 city scopes, the province and the leading group, beside a relay of every event to every client (ScopedDelivery.cs).
if (args is ["receive", ..])
{
    return await Receivers.RunAsync(args[1..]);
}
if (args is ["scopes", ..])
{
    return await ScopedDelivery.RunAsync(args[1..]);
}
if (args is ["commands", ..])
{
    return await CommandRoundTrip.RunAsync(args[1..]);
}
var clients = Arg(0, 200);
var seconds = Arg(1, 30);
var reportsPerSecond = Arg(2, 5);
var backgroundPerSecond = Arg(3, 50);

const string Username = "latency";
const string Password = "latency-password";
await using var server = await LatencyServer.StartAsync(new Dictionary<string, string?>
{
    [$"Dashboard:Users:{Username}:DisplayName"] = "latency",
    [$"Dashboard:Users:{Username}:Role"] = Roles.PoliceDutyOfficer,
    [$"Dashboard:Users:{Username}:Jurisdiction"] = RegionCodes.Liaoning,
    [$"Dashboard:Users:{Username}:PasswordHash"] = PasswordHashing.Hash(Password, 100_000),
});
var app = server.App;
var log = server.Log;
var regions = app.Services.GetRequiredService<RegionCatalog>();
using var http = new HttpClient { BaseAddress = server.BaseUri };

var villages = regions.Townships.Where((_, i) => i % 7 == 0).Select(t => regions.VillagesIn(t.Code)).Where(v => v.Count > 0).Select(v => v[0].Code).ToArray();
Console.WriteLine($"{clients} clients per hub, {seconds} s per run, {reportsPerSecond} reports/s + {backgroundPerSecond} other events/s, {Environment.ProcessorCount} cores");

var dashboardUri = server.HubUri(OpsHub.Path);
var bareUri = server.HubUri(BareHub.Path);
var cookie = await LatencyServer.SignInAsync(http, Username, Password);
var dashboard = await MeasureAsync("dashboard /hubs/ops (projection, scopes, per-connection queues)", dashboardUri, cookie);
// The server's hub filter (Access.HubSessionFilter) applies to every hub and closes a connection without a sign-in
// session, so the bare hub's clients carry the same cookie: both pay the same session check when they connect.
var bare = await MeasureAsync("bare /hubs/bare (log tail relayed, nothing else)", bareUri, cookie);

Console.WriteLine();
Console.WriteLine("| hub | clients | deliveries | p50 ms | p90 ms | p99 ms | max ms |");
Console.WriteLine("|---|---|---|---|---|---|---|");
Console.WriteLine(dashboard.Row);
Console.WriteLine(bare.Row);
Console.WriteLine();
Console.WriteLine($"dashboard: per client {dashboard.Traffic}");
Console.WriteLine($"bare: per client {bare.Traffic}");
Console.WriteLine($"messages dropped from full per-connection queues: {app.Services.GetRequiredService<ScopedFeed>().Dropped}");
return 0;

async Task<Result> MeasureAsync(string name, Uri hubUri, string? cookie)
{
    var run = Guid.NewGuid().ToString("n")[..6];
    var marker = $"LAT-{run}-";
    var warmup = TimeSpan.FromSeconds(3);
    var maxReports = (int)(reportsPerSecond * (warmup.TotalSeconds + seconds + 2)) + 16;
    using var receivers = LatencyServer.StartReceivers(hubUri, clients, cookie is null ? [] : [cookie], marker, maxReports);
    await LatencyServer.WaitConnectedAsync(receivers, name);
    // appendedAt[n]: when the append carrying report n returned; 0 = not measured (warm-up).
    var appendedAt = new long[maxReports + 1];
    var random = new Random(2016);
    var tick = TimeSpan.FromMilliseconds(100);
    var reports = 0;
    var measured = 0;
    // The first seconds warm up the JIT, the sockets and the scopes; their reports are not measured.
    var started = Stopwatch.GetTimestamp();
    var serverCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clientsCpu = receivers.TotalProcessorTime;
    for (var t = 0; Stopwatch.GetElapsedTime(started) < warmup + TimeSpan.FromSeconds(seconds) && reports < maxReports; t++)
    {
        var batch = new List<RawEvent>();
        for (var i = 0; i < backgroundPerSecond / 10; i++)
        {
            batch.Add(LoadEvents.Registration($"C-{run}-{t}-{i}", villages[random.Next(villages.Length)]));
        }
        var reportIds = new List<int>();
        // Reports spread evenly: one every (10 / reportsPerSecond) ticks.
        if (reportsPerSecond > 0 && t * reportsPerSecond / 10 != (t + 1) * reportsPerSecond / 10)
        {
            var n = reports++;
            reportIds.Add(n);
            batch.Add(LoadEvents.Report(marker + n.ToString(CultureInfo.InvariantCulture), villages[random.Next(villages.Length)]));
        }
        await log.AppendAsync(batch);
        // Appended = durable in the log: the clock starts when the append returns.
        var appended = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(started, appended) >= warmup)
        {
            foreach (var n in reportIds)
            {
                appendedAt[n] = appended;
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
    var duration = Stopwatch.GetElapsedTime(started);
    // CPU over the run (the server process includes this driver's appends), out of cores x duration.
    serverCpu = Process.GetCurrentProcess().TotalProcessorTime - serverCpu;
    clientsCpu = receivers.TotalProcessorTime - clientsCpu;
    await receivers.StandardInput.WriteLineAsync("stop");
    await receivers.StandardInput.FlushAsync();
    var latencies = new List<double>();
    long messages = 0, bytes = 0;
    var failures = 0;
    while (await receivers.StandardOutput.ReadLineAsync() is { } line)
    {
        var f = line.Split(' ');
        switch (f[0])
        {
            case "R" when appendedAt[int.Parse(f[2], CultureInfo.InvariantCulture)] is var at and not 0:
                latencies.Add(Stopwatch.GetElapsedTime(at, long.Parse(f[3], CultureInfo.InvariantCulture)).TotalMilliseconds);
                break;
            case "B":
                messages += long.Parse(f[2], CultureInfo.InvariantCulture);
                bytes += long.Parse(f[3], CultureInfo.InvariantCulture);
                break;
            case "E":
                failures++;
                break;
        }
    }
    await receivers.WaitForExitAsync();
    var sorted = latencies.Order().ToArray();
    var expected = (long)measured * clients;
    var traffic = string.Create(CultureInfo.InvariantCulture,
        $"{messages / (double)clients / duration.TotalSeconds:F1} messages/s, {bytes / (double)clients / duration.TotalSeconds / 1024:F1} KiB/s{(failures > 0 ? $", {failures} connections lost" : "")}; CPU over {duration.TotalSeconds:F0} s: server {serverCpu.TotalSeconds:F1} s, clients {clientsCpu.TotalSeconds:F1} s");
    return new Result(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {clients} | {sorted.Length} of {expected} | {P(sorted, 0.50):F1} | {P(sorted, 0.90):F1} | {P(sorted, 0.99):F1} | {(sorted.Length > 0 ? sorted[^1] : double.NaN):F1} |"), traffic);
}

static double P(double[] sorted, double q) => LatencyServer.Percentile(sorted, q);

int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var v) ? v : fallback;

internal sealed record Result(string Row, string Traffic);
