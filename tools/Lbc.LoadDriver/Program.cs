using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.EventLog.Redis;
using Lbc.Reference;
using StackExchange.Redis;

// Usage: dotnet build -c Release src/Lbc.Server && dotnet run -c Release --project tools/Lbc.LoadDriver -- [--events 1000000] [--server PATH/Lbc.Server.dll]
// (--server: e.g. the deployable ReadyToRun build, `dotnet publish src/Lbc.Server -c Release -r linux-x64 --self-contained false
// -p:LbcReadyToRun=true -o DIR`, as the benchmark harness does; without it the Release build under src/Lbc.Server/bin.)
// Starts its own redis-server (loopback, random port, AOF always) in a temp folder, fills lbc:events, then
// reports: a bare XRANGE loop vs the server's consumer (its full replay: read-ahead, validation, projection) in
// events/s, and the real server's recovery time (process start to ready) with a full replay vs snapshot + tail.
// Markdown tables on stdout, and "##result name value" lines for the benchmark harness (bench --all).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var total = args.SkipWhile(a => a != "--events").Skip(1).Select(int.Parse).FirstOrDefault(1_000_000);
var tail = Math.Max(1, total / 100);
var serverOption = args.SkipWhile(a => a != "--server").Skip(1).FirstOrDefault();
// --compare BASELINE/Lbc.Server.dll [--rounds N]: full replays only, the baseline build and this one alternating (see CompareAsync).
var compareOption = args.SkipWhile(a => a != "--compare").Skip(1).FirstOrDefault();
var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(3);
var work = Path.Combine(Path.GetTempPath(), "lbc-load-" + Guid.NewGuid().ToString("n"));
Directory.CreateDirectory(work);
var redisPort = FreePort();
using var redis = Process.Start(new ProcessStartInfo("redis-server",
    ["--port", redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", work, "--appendonly", "yes",
     "--appendfsync", "always", "--save", "", "--logfile", Path.Combine(work, "redis.log")]) { UseShellExecute = false })!;
try
{
    var connection = $"127.0.0.1:{redisPort},syncTimeout=30000,asyncTimeout=30000";
    await Task.Delay(500);
    await using var log = await RedisEventLog.ConnectAsync(connection, new RedisEventLogOptions { OperationTimeout = TimeSpan.FromSeconds(30) });
    var catalog = ReferenceData.Load(ReferenceData.DefaultDirectory);
    var villages = catalog.Townships.SelectMany(t => catalog.VillagesIn(t.Code)).Select(v => v.Code).ToArray();

    var fill = Stopwatch.StartNew();
    await AppendAsync(log, Generate(0, total, villages));
    Console.WriteLine($"filled lbc:events with {total:N0} events in {fill.Elapsed.TotalSeconds:F1} s");

    // Bare loop: the same XRANGE pages the consumer reads, without turning entries into anything.
    var db = (await ConnectionMultiplexer.ConnectAsync(connection)).GetDatabase();
    var bare = Stopwatch.StartNew();
    long bareCount = 0;
    RedisValue after = "-";
    while (true)
    {
        var page = await db.StreamRangeAsync("lbc:events", after, "+", 5_000);
        if (page.Length == 0)
        {
            break;
        }
        bareCount += page.Length;
        after = "(" + page[^1].Id;
    }
    bare.Stop();

    var server = serverOption is null ? FindServer() : Path.GetFullPath(serverOption);
    if (compareOption is not null)
    {
        // A/B: this build beside another (the baseline build) on the same stream, alternating, each round with its own bare
        // loop, so a neighbour's load hits both alike; the medians are the figures to compare.
        await CompareAsync(db, server, Path.GetFullPath(compareOption), connection, work, total, rounds);
        return;
    }

    // Recovery of the real server process: full replay, then snapshot + tail.
    var data = Path.Combine(work, "server-data");
    var full = await StartUntilReadyAsync(server, connection, data, total);
    await WaitForSnapshotAsync(data);
    full.Server.Kill();
    await full.Server.WaitForExitAsync();
    full.Server.Dispose();
    await AppendAsync(log, Generate(total, tail, villages));
    var resumed = await StartUntilReadyAsync(server, connection, data, total + tail);
    resumed.Server.Kill();
    await resumed.Server.WaitForExitAsync();
    resumed.Server.Dispose();
    // Ingest = the real consumer (ProjectionService: read-ahead, parallel parse, apply in log order) during the full
    // replay, from the server's own "Replay done" line, beside the bare loop over the same stream.
    var bareRate = bareCount / bare.Elapsed.TotalSeconds;
    var ingestRate = full.ReplayEvents / full.ReplaySeconds;
    Console.WriteLine();
    Console.WriteLine("| ingest from lbc:events | events | s | events/s | ratio to bare |");
    Console.WriteLine("|---|---|---|---|---|");
    Console.WriteLine($"| bare XRANGE loop, pages of 5,000, no parsing (baseline) | {bareCount:N0} | {bare.Elapsed.TotalSeconds:F2} | {bareRate:N0} | 1.00 |");
    Console.WriteLine($"| server consumer (ProjectionService: read-ahead, parallel parse + validation, projection apply) | {full.ReplayEvents:N0} | {full.ReplaySeconds:F2} | {ingestRate:N0} | {ingestRate / bareRate:F2} |");
    Console.WriteLine();
    Console.WriteLine("| recovery (server process start to ready) | events in log | replayed | s to ready | startup before replay s | snapshot load s |");
    Console.WriteLine("|---|---|---|---|---|---|");
    Console.WriteLine($"| full replay from the start (baseline) | {total:N0} | {full.Replayed:N0} | {full.Seconds:F2} | {full.StartupSeconds:F2} | – |");
    Console.WriteLine($"| snapshot + tail | {total + tail:N0} | {resumed.Replayed:N0} | {resumed.Seconds:F2} | {resumed.StartupSeconds:F2} | {resumed.SnapshotSeconds:F2} |");
    Console.WriteLine($"##result ingest.bare {bareRate:F0}");
    Console.WriteLine($"##result ingest.consumer {ingestRate:F0}");
    Console.WriteLine($"##result recovery.full {full.Seconds:F2}");
    Console.WriteLine($"##result recovery.snapshot {resumed.Seconds:F2}");
}
finally
{
    redis.Kill();
    await redis.WaitForExitAsync();
    Directory.Delete(work, recursive: true);
}

static async Task<double> BareLoopAsync(IDatabase db)
{
    var bare = Stopwatch.StartNew();
    long count = 0;
    RedisValue after = "-";
    while (true)
    {
        var page = await db.StreamRangeAsync("lbc:events", after, "+", 5_000);
        if (page.Length == 0)
        {
            break;
        }
        count += page.Length;
        after = "(" + page[^1].Id;
    }
    return count / bare.Elapsed.TotalSeconds;
}

static async Task CompareAsync(IDatabase db, string server, string baseline, string redis, string work, long total, int rounds)
{
    var rows = new List<(int Round, double Bare, double Baseline, double This, double BaselineCpu, double ThisCpu)>();
    for (var round = 1; round <= rounds; round++)
    {
        var bare = await BareLoopAsync(db);
        var rates = new double[2];
        var cpu = new double[2];
        // Alternate which build goes first, so neither always runs right after the bare loop.
        foreach (var which in round % 2 == 1 ? new[] { 0, 1 } : [1, 0])
        {
            var data = Path.Combine(work, $"compare-{round}-{which}");
            var run = await StartUntilReadyAsync(which == 0 ? baseline : server, redis, data, total);
            // The server's CPU time from start to ready (user + system, all its threads): what the replay cost, whatever else
            // ran on the machine; the wall-clock rate above depends on the neighbours' load as well.
            run.Server.Refresh();
            cpu[which] = run.Server.TotalProcessorTime.TotalSeconds;
            // LBC_LINGER_SECONDS: keep the server up after its replay, so a profiler attached to it (dotnet-trace -p) can end
            // its session before the process does (a trace cut short by the process's exit cannot be read).
            if (int.TryParse(Environment.GetEnvironmentVariable("LBC_LINGER_SECONDS"), out var linger))
            {
                await Task.Delay(TimeSpan.FromSeconds(linger));
            }
            run.Server.Kill();
            await run.Server.WaitForExitAsync();
            run.Server.Dispose();
            rates[which] = run.ReplayEvents / run.ReplaySeconds;
            Directory.Delete(data, recursive: true);
        }
        rows.Add((round, bare, rates[0], rates[1], cpu[0], cpu[1]));
        Console.WriteLine($"round {round}: bare {bare:N0}, baseline build {rates[0]:N0} ({rates[0] / bare:F2}, CPU {cpu[0]:F1} s), this build {rates[1]:N0} ({rates[1] / bare:F2}, CPU {cpu[1]:F1} s) events/s");
    }
    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
    Console.WriteLine();
    Console.WriteLine($"| full replay of {total:N0} events, round | bare XRANGE loop events/s | baseline build events/s (ratio) | this build events/s (ratio) | baseline build server CPU s, start to ready | this build server CPU s |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var r in rows)
    {
        Console.WriteLine($"| {r.Round} | {r.Bare:N0} | {r.Baseline:N0} ({r.Baseline / r.Bare:F2}) | {r.This:N0} ({r.This / r.Bare:F2}) | {r.BaselineCpu:F1} | {r.ThisCpu:F1} |");
    }
    Console.WriteLine($"| median | {Median(rows.Select(r => r.Bare)):N0} | {Median(rows.Select(r => r.Baseline)):N0} ({Median(rows.Select(r => r.Baseline / r.Bare)):F2}) | {Median(rows.Select(r => r.This)):N0} ({Median(rows.Select(r => r.This / r.Bare)):F2}) | {Median(rows.Select(r => r.BaselineCpu)):F1} | {Median(rows.Select(r => r.ThisCpu)):F1} |");
}

static async Task AppendAsync(RedisEventLog log, IEnumerable<RawEvent> events)
{
    var pending = new List<Task>();
    foreach (var chunk in events.Chunk(1_000))
    {
        pending.Add(log.AppendAsync(chunk));
        if (pending.Count >= 8)
        {
            await Task.WhenAll(pending);
            pending.Clear();
        }
    }
    await Task.WhenAll(pending);
}

// 70% registrations, 25% visits of registered children, 5% reports: the simulator's mix, roughly.
static IEnumerable<RawEvent> Generate(int from, int count, string[] villages)
{
    var random = new Random(from + 2016);
    var ts = EventTimestamps.Format(DateTimeOffset.UtcNow.AddMinutes(-5));
    var registered = (int)(from * 0.7);
    for (var i = from; i < from + count; i++)
    {
        var roll = random.Next(100);
        JsonObject data;
        string type;
        if (roll < 70 || registered == 0)
        {
            type = EventTypes.ChildRegistered;
            data = new JsonObject
            {
                ["child_id"] = $"L-{registered++}", ["village_code"] = villages[random.Next(villages.Length)],
                ["birth_date"] = "2015-06-01", ["kind"] = "both_parents_away", ["guardian"] = "entrusted",
            };
        }
        else if (roll < 95)
        {
            type = EventTypes.VisitRecorded;
            data = new JsonObject { ["child_id"] = $"L-{random.Next(registered)}", ["visited_at"] = ts, ["visitor_id"] = "v-1", ["finding"] = "ok" };
        }
        else
        {
            type = EventTypes.ReportFiled;
            data = new JsonObject
            {
                ["report_id"] = $"R-L-{i}", ["village_code"] = villages[random.Next(villages.Length)],
                ["category"] = "living_alone", ["reporter_type"] = "school",
            };
        }
        yield return new RawEvent($"load-{i}", type, 1, ts, "load-driver", data.ToJsonString());
    }
}

static string FindServer()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var candidate = Path.Combine(dir.FullName, "src", "Lbc.Server", "bin", configuration, "net10.0", "Lbc.Server.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
    }
    throw new FileNotFoundException("Build the server first: dotnet build -c Release src/Lbc.Server");
}

static async Task<(Process Server, double Seconds, long Replayed, long ReplayEvents, double ReplaySeconds, double StartupSeconds, double SnapshotSeconds)> StartUntilReadyAsync(string dll, string redis, string data, long expected)
{
    var port = FreePort();
    var start = new ProcessStartInfo("dotnet",
        [dll, "--urls", $"http://127.0.0.1:{port}", "--Dashboard:EventLog=Redis", $"--ConnectionStrings:Redis={redis}",
         "--Dashboard:Simulator:Enabled=false", $"--Dashboard:DataDirectory={data}", "--Logging:LogLevel:Default=Warning",
         // /healthz gives its figures to a signed-in administrator only: the demo admin, on loopback.
         "--Dashboard:DemoAccounts:Enabled=true",
         // The default (every 100,000 events) unless the run is smaller (smoke): a snapshot must exist before the restart.
         $"--Dashboard:Snapshots:EveryEvents={Math.Min(100_000, Math.Max(1, expected / 2))}",
         // The replay's own breakdown (reading vs applying), echoed below.
         "--Logging:LogLevel:Lbc.Server.Projection.ProjectionService=Information", "--Logging:Console:FormatterName=simple"])
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        WorkingDirectory = Path.GetDirectoryName(dll)!,
    };
    var clock = Stopwatch.StartNew();
    var process = Process.Start(start)!;
    long replayEvents = 0;
    double replaySeconds = double.NaN, startupSeconds = double.NaN, snapshotSeconds = double.NaN;
    process.OutputDataReceived += (_, e) =>
    {
        if (e.Data is not { } line)
        {
            return;
        }
        if (System.Text.RegularExpressions.Regex.Match(line, @"Replay done: (\d+) events in ([\d.]+) s") is { Success: true } done)
        {
            replayEvents = long.Parse(done.Groups[1].Value, CultureInfo.InvariantCulture);
            replaySeconds = double.Parse(done.Groups[2].Value, CultureInfo.InvariantCulture);
            Console.WriteLine("  server: " + line.Trim());
        }
        else if (System.Text.RegularExpressions.Regex.Match(line, @"Projection service started ([\d.]+) s after process start") is { Success: true } started)
        {
            startupSeconds = double.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture);
            Console.WriteLine("  server: " + line.Trim());
        }
        else if (System.Text.RegularExpressions.Regex.Match(line, @"Restored the projection from snapshot .* in ([\d.]+) s") is { Success: true } restored)
        {
            snapshotSeconds = double.Parse(restored.Groups[1].Value, CultureInfo.InvariantCulture);
            Console.WriteLine("  server: " + line.Trim());
        }
    };
    process.BeginOutputReadLine();
    using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    var signedIn = false;
    while (true)
    {
        try
        {
            // At the first answer, while the server still replays, so the sign-in does not add to the measured time.
            if (!signedIn)
            {
                using var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
                {
                    Content = new StringContent("{\"username\":\"admin\",\"password\":\"lbc-demo-2016\"}", System.Text.Encoding.UTF8, "application/json"),
                };
                login.Headers.Add("X-Requested-With", "lbc-dashboard");
                (await client.SendAsync(login)).EnsureSuccessStatusCode();
                signedIn = true;
            }
            var projection = (await client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("projection");
            if (projection.GetProperty("ready").GetBoolean()
                && projection.GetProperty("applied").GetInt64() + projection.GetProperty("rejected").GetInt64() >= expected)
            {
                var seconds = clock.Elapsed.TotalSeconds;
                // The log lines may trail the health answer by a moment.
                for (var i = 0; i < 40 && replayEvents == 0; i++)
                {
                    await Task.Delay(50);
                }
                return (process, seconds, projection.GetProperty("replayedOnStart").GetInt64(), replayEvents, replaySeconds, startupSeconds, snapshotSeconds);
            }
        }
        catch (HttpRequestException)
        {
        }
        await Task.Delay(50);
    }
}

static async Task WaitForSnapshotAsync(string data)
{
    var folder = Path.Combine(data, "snapshots");
    for (var i = 0; i < 1200; i++)
    {
        if (Directory.Exists(folder) && Directory.GetFiles(folder, "*.snap").Length > 0)
        {
            return;
        }
        await Task.Delay(100);
    }
    throw new TimeoutException("the server wrote no snapshot");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
