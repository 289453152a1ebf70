using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.EventLog;
using Lbc.Server.Access;
using Lbc.Server.Feed;

namespace Lbc.HubLatency;

/// <summary>
/// The command round trip (issue 11): a duty officer's click (<c>POST /api/commands</c>) to the moment every
/// connected officer's screen has the case at its new stage, under the default traffic (the simulator seeding the
/// province and playing its live events at its default rate). One police duty officer of the province per hub client
/// (each signed in, one session each); a driver, another officer, files fresh reports on the log and records
/// <c>case.acknowledged</c> then <c>case.dispatched</c> on each with the version it read, at a steady rate, each
/// command timed from the moment its POST is sent. Beside it, the baseline: the same clients on the bare relay hub
/// and a bare POST that appends one event to the same log (<see cref="LatencyServer.BarePostPath"/>): click, log,
/// relay, sockets, with no sign-in check, no policy, no projection and no feed.
/// </summary>
internal static class CommandRoundTrip
{
    private const string Password = "bench-officer-password";
    private const string Desk = "desk";
    private static readonly string[] s_steps = [EventTypes.CaseAcknowledged, EventTypes.CaseDispatched];
    private const string Stages = "acknowledged,dispatched";

    /// <summary>Usage: <c>commands [clients=500] [commands=200] [commandsPerSecond=2] [children=60000]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = Arg(args, 0, 500);
        var measured = Arg(args, 1, 200);
        var perSecond = Math.Max(1, Arg(args, 2, 2));
        var children = Arg(args, 3, 60_000);
        // The first commands warm up the JIT, the sockets and the case paths; they are not counted.
        var warmUp = Math.Max(2, measured / 20) & ~1;
        var total = (measured + warmUp + 1) & ~1;
        var hash = PasswordHashing.Hash(Password, 100_000);
        var officers = Enumerable.Range(1, clients).Select(i => string.Create(CultureInfo.InvariantCulture, $"officer{i:D3}")).ToArray();
        var settings = new Dictionary<string, string?>
        {
            // The default traffic: the simulator seeds an empty log and then plays its live events at its default rate.
            ["Dashboard:Simulator:Enabled"] = "true",
            ["Dashboard:Simulator:Children"] = children.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var name in officers.Append(Desk))
        {
            settings[$"Dashboard:Users:{name}:DisplayName"] = name;
            settings[$"Dashboard:Users:{name}:Role"] = Roles.PoliceDutyOfficer;
            settings[$"Dashboard:Users:{name}:Jurisdiction"] = RegionCodes.Liaoning;
            settings[$"Dashboard:Users:{name}:PasswordHash"] = hash;
        }
        Console.WriteLine($"command round trip: {clients} officers' hub clients, {total - warmUp} measured commands after {warmUp} warm-up, {perSecond}/s, simulator with {children:N0} children at its default rate, {Environment.ProcessorCount} cores");
        var clock = Stopwatch.StartNew();
        await using var server = await LatencyServer.StartAsync(settings);
        var host = server.App.Services.GetRequiredService<Lbc.Server.Projection.ProjectionHost>();
        var counters = host.Counters();
        Console.WriteLine($"  note: server ready after {clock.Elapsed.TotalSeconds:F0} s, the simulator's seeding applied: {counters.Applied:N0} events, {counters.ActiveChildren:N0} children");
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 16 }) { BaseAddress = server.BaseUri };
        clock.Restart();
        var cookies = new string[clients];
        await Parallel.ForEachAsync(Enumerable.Range(0, clients), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, _) => cookies[i] = await LatencyServer.SignInAsync(http, officers[i], Password));
        var desk = await LatencyServer.SignInAsync(http, Desk, Password);
        Console.WriteLine($"  note: {clients} officers signed in, one session each, in {clock.Elapsed.TotalSeconds:F0} s");

        var regions = server.App.Services.GetRequiredService<RegionCatalog>();
        var villages = regions.Townships.Where((_, i) => i % 5 == 0).Select(t => regions.VillagesIn(t.Code)).Where(v => v.Count > 0).Select(v => v[0].Code).ToArray();
        var run = Guid.NewGuid().ToString("n")[..6];

        var dashboard = await MeasureAsync("dashboard: POST /api/commands -> /hubs/ops, the case at its new stage", server, server.HubUri(OpsHub.Path), cookies,
            $"CMD-{run}-", total, warmUp, perSecond, Stages, async (k, marker) =>
            {
                var caseId = marker + (k / 2).ToString(CultureInfo.InvariantCulture);
                var version = await VersionAsync(http, desk, caseId);
                var post = new HttpRequestMessage(HttpMethod.Post, CommandRoutes.Commands)
                {
                    Content = new StringContent(new JsonObject
                    {
                        ["commandId"] = $"{marker}{k}",
                        ["type"] = s_steps[k % 2],
                        ["caseId"] = caseId,
                        ["expectedVersion"] = version,
                    }.ToJsonString(), Encoding.UTF8, "application/json"),
                };
                post.Headers.Add("Cookie", desk);
                post.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
                return post;
            },
            fileReport: async (r, marker) => await server.Log.AppendAsync([Report(marker + r.ToString(CultureInfo.InvariantCulture), villages[r % villages.Length])]));
        var bare = await MeasureAsync("bare: POST appends one event -> /hubs/bare relays the log tail", server, server.HubUri(BareHub.Path), cookies,
            $"BARE-{run}-", total, warmUp, perSecond, stages: null, (k, marker) => Task.FromResult(
                new HttpRequestMessage(HttpMethod.Post, $"{LatencyServer.BarePostPath}?id={marker}{k}")),
            fileReport: null);

        Console.WriteLine();
        Console.WriteLine("| click -> every officer's screen | clients | commands | answered 202 | reached every client | every client p50 ms | p90 ms | p99 ms | max ms | one delivery p50 ms | one delivery p99 ms | POST answered p50 ms | POST answered p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(dashboard.Row);
        Console.WriteLine(bare.Row);
        Console.WriteLine();
        Console.WriteLine($"  note: dashboard, per client: {dashboard.Traffic}");
        Console.WriteLine($"  note: bare, per client: {bare.Traffic}");
        Console.WriteLine($"  note: simulator's events applied during the run: {host.Counters().Applied - counters.Applied:N0} (with the driver's reports and commands)");
        Console.WriteLine($"messages dropped from full per-connection queues: {server.App.Services.GetRequiredService<ScopedFeed>().Dropped}");
        Console.WriteLine(FormattableString.Invariant($"##result command.p50 {dashboard.AllP50:F1}"));
        Console.WriteLine(FormattableString.Invariant($"##result command.p99 {dashboard.AllP99:F1}"));
        Console.WriteLine(FormattableString.Invariant($"##result command.bare.p50 {bare.AllP50:F1}"));
        Console.WriteLine(FormattableString.Invariant($"##result command.bare.p99 {bare.AllP99:F1}"));
        Console.WriteLine(FormattableString.Invariant($"##result command.complete {dashboard.Complete}"));
        Console.WriteLine(FormattableString.Invariant($"##result command.count {dashboard.Count}"));
        return 0;
    }

    private sealed record Outcome(string Row, string Traffic, double AllP50, double AllP99, int Complete, int Count);

    /// <summary>
    /// Files the fresh reports, then sends <paramref name="total"/> commands at <paramref name="perSecond"/> (open loop: a
    /// slow answer does not delay the next click), command k on report k / 2 (two steps per report, the second once the
    /// first was answered).
    /// </summary>
    private static async Task<Outcome> MeasureAsync(string name, LatencyServer server, Uri hubUri, IReadOnlyList<string> cookies, string marker,
        int total, int warmUp, int perSecond, string? stages, Func<int, string, Task<HttpRequestMessage>> command,
        Func<int, string, Task>? fileReport)
    {
        var clients = cookies.Count;
        var reports = total / 2;
        // The ids the clients look for: the reports (each with its stages) on the dashboard, one per command on the bare hub.
        var stageCount = stages is null ? 1 : stages.Split(',').Length;
        var ids = stages is null ? total : reports;
        using var receivers = LatencyServer.StartReceivers(hubUri, clients, cookies, marker, ids, stages);
        await LatencyServer.WaitConnectedAsync(receivers, name);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 16 }) { BaseAddress = server.BaseUri };
        var sentAt = new long[total];
        var answeredAt = new long[total];
        var status = new HttpStatusCode[total];
        var lead = TimeSpan.FromSeconds(1);
        var serverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clientsCpu = receivers.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        long At(double seconds) => started + (long)(seconds * Stopwatch.Frequency);

        if (fileReport is not null)
        {
            // The fresh reports first, 20 a second, so none of them is filed during the measured commands: a new report is
            // pushed at once and would carry any change applied just before it, which is not what a command gets.
            for (var r = 0; r < reports; r++)
            {
                await DelayUntil(At(r / 20.0));
                await fileReport(r, marker);
            }
            await Task.Delay(lead);
            started = Stopwatch.GetTimestamp();
            serverCpu = Process.GetCurrentProcess().TotalProcessorTime;
            clientsCpu = receivers.TotalProcessorTime;
        }
        var tasks = new Task[total];
        // Clicks at random moments within their slot: a fixed period would lock in phase with the feed's regular tick.
        var jitter = new Random(11);
        for (var k = 0; k < total; k++)
        {
            var n = k;
            var previous = n % 2 == 1 ? tasks[n - 1] : Task.CompletedTask;
            var slot = lead.TotalSeconds + (n + 0.9 * jitter.NextDouble()) / perSecond;
            tasks[n] = Task.Run(async () =>
            {
                await DelayUntil(At(slot));
                // The second step of a case is clicked once the first one's answer is on the screen.
                await previous;
                using var request = await command(n, marker);
                sentAt[n] = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                answeredAt[n] = Stopwatch.GetTimestamp();
                status[n] = response.StatusCode;
                if (response.StatusCode != HttpStatusCode.Accepted && n < 4)
                {
                    Console.WriteLine($"{name}: command {n} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            });
        }
        await Task.WhenAll(tasks);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var duration = Stopwatch.GetElapsedTime(started);
        serverCpu = Process.GetCurrentProcess().TotalProcessorTime - serverCpu;
        clientsCpu = receivers.TotalProcessorTime - clientsCpu;
        var receipts = await LatencyServer.CollectAsync(receivers, (ids + 1) * stageCount);

        var every = new List<double>();
        var deliveries = new List<double>();
        var answers = new List<double>();
        int count = 0, accepted = 0, complete = 0;
        for (var k = warmUp; k < total; k++)
        {
            count++;
            if (status[k] != HttpStatusCode.Accepted)
            {
                every.Add(double.PositiveInfinity);
                continue;
            }
            accepted++;
            answers.Add(Stopwatch.GetElapsedTime(sentAt[k], answeredAt[k]).TotalMilliseconds);
            // Dashboard: key = report × 2 + stage (acknowledged 0, dispatched 1) = k; bare: the id is k.
            var got = receipts.At[k];
            if (stages is not null && k % 2 == 0)
            {
                // A client has the acknowledgement on screen once it has the case at that stage or later: when the dispatch
                // was applied within the same feed tick, the tick carries the case as dispatched only (the screen shows the
                // newest state, not every step).
                got = new Dictionary<int, long>(got);
                foreach (var (client, at) in receipts.At[k + 1])
                {
                    got[client] = got.TryGetValue(client, out var earlier) ? Math.Min(earlier, at) : at;
                }
            }
            foreach (var at in got.Values)
            {
                deliveries.Add(Stopwatch.GetElapsedTime(sentAt[k], at).TotalMilliseconds);
            }
            if (got.Count >= clients)
            {
                complete++;
                every.Add(Stopwatch.GetElapsedTime(sentAt[k], got.Values.Max()).TotalMilliseconds);
            }
            else
            {
                every.Add(double.PositiveInfinity);
            }
        }
        var e = every.Order().ToArray();
        var d = deliveries.Order().ToArray();
        var a = answers.Order().ToArray();
        static string Ms(double v) => double.IsPositiveInfinity(v) ? "never" : v.ToString("F1", CultureInfo.InvariantCulture);
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {clients} | {count} | {accepted} | {complete} | {Ms(P(e, 0.50))} | {Ms(P(e, 0.90))} | {Ms(P(e, 0.99))} | {Ms(e.Length > 0 ? e[^1] : double.NaN)} | {P(d, 0.50):F1} | {P(d, 0.99):F1} | {P(a, 0.50):F1} | {P(a, 0.99):F1} |");
        var traffic = string.Create(CultureInfo.InvariantCulture,
            $"{receipts.Messages / (double)clients / duration.TotalSeconds:F1} messages/s, {receipts.Bytes / (double)clients / duration.TotalSeconds / 1024:F1} KiB/s{(receipts.Failures > 0 ? $", {receipts.Failures} connections lost" : "")}; CPU over {duration.TotalSeconds:F0} s: server {serverCpu.TotalSeconds:F1} s, clients {clientsCpu.TotalSeconds:F1} s");
        Console.WriteLine("measured: " + row);
        return new Outcome(row, traffic, P(e, 0.50), P(e, 0.99), complete, count);
    }

    /// <summary>The case's version as the officer's screen has it (the case view), once the report is applied.</summary>
    private static async Task<int> VersionAsync(HttpClient http, string cookie, string caseId)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, CommandRoutes.CaseOf(caseId));
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                return json.RootElement.GetProperty("case").GetProperty("version").GetInt32();
            }
            if (attempt >= 100)
            {
                throw new InvalidOperationException($"case {caseId}: {(int)response.StatusCode}");
            }
            await Task.Delay(50);
        }
    }

    private static RawEvent Report(string reportId, string village) =>
        new(Guid.NewGuid().ToString("n"), EventTypes.ReportFiled, 1, EventTimestamps.Format(DateTimeOffset.UtcNow.AddSeconds(-1)), "latency",
            new JsonObject
            {
                ["report_id"] = reportId,
                ["village_code"] = village,
                ["category"] = "living_alone",
                ["reporter_type"] = "school",
            }.ToJsonString());

    private static async Task DelayUntil(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static double P(double[] sorted, double q) => LatencyServer.Percentile(sorted, q);

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
