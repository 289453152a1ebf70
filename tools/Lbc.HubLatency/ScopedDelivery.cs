using System.Diagnostics;
using System.Globalization;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.Server.Access;
using Lbc.Server.Feed;
using Lbc.Server.Hosting;

namespace Lbc.HubLatency;

/// <summary>
/// Delivery to users spread over many jurisdictions (figure 2 of issue 17): clients signed in as police duty officers of
/// 100 counties, of the 14 cities and of the province, and as the leading group, in several receiving processes; the log
/// takes reports and a heavy background of registrations. A report's latency is measured at every client whose
/// jurisdiction contains it (its county's, its city's and the province's officers); the leading group's clients get the
/// aggregates only and are there as load. The baseline is a bare relay that sends every event to every client.
/// </summary>
/// <remarks>
/// Usage: <c>scopes [clients=2000] [seconds=30] [reportsPerSecond=5] [backgroundPerSecond=1000] [processes=2]</c>.
/// </remarks>
internal static class ScopedDelivery
{
    private const string Password = "latency-password";

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = Arg(args, 0, 2000);
        var seconds = Arg(args, 1, 30);
        var reportsPerSecond = Arg(args, 2, 5);
        var backgroundPerSecond = Arg(args, 3, 1000);
        var processes = Math.Max(1, Arg(args, 4, 2));

        // The accounts are made from the catalog the server will load; one short-lived catalog is enough to name them.
        var accounts = Accounts(Lbc.Reference.ReferenceData.Load(Lbc.Reference.ReferenceData.DefaultDirectory));
        var settings = new Dictionary<string, string?>();
        var hash = PasswordHashing.Hash(Password, 100_000);
        foreach (var a in accounts)
        {
            settings[$"Dashboard:Users:{a.Username}:DisplayName"] = a.Username;
            settings[$"Dashboard:Users:{a.Username}:Role"] = a.Role;
            settings[$"Dashboard:Users:{a.Username}:Jurisdiction"] = a.Jurisdiction;
            settings[$"Dashboard:Users:{a.Username}:PasswordHash"] = hash;
        }
        await using var server = await LatencyServer.StartAsync(settings);
        var regions = server.App.Services.GetRequiredService<RegionCatalog>();
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in accounts)
        {
            cookies[a.Username] = await LatencyServer.SignInAsync(http, a.Username, Password);
        }
        var plan = Plan(accounts, clients);
        Console.WriteLine($"{clients} clients in {processes} processes over {accounts.Count} users ({accounts.Count(a => a.Role == Roles.PoliceDutyOfficer && a.Jurisdiction.Length == 6)} counties, "
            + $"{accounts.Count(a => a.Jurisdiction.Length == 4)} cities, the province's police and the leading group), {seconds} s per run, "
            + $"{reportsPerSecond} reports/s + {backgroundPerSecond} other events/s, {Environment.ProcessorCount} cores");
        Console.WriteLine($"clients per kind of scope: {string.Join(", ", plan.GroupBy(a => Kind(a)).Select(g => $"{g.Key} {g.Count()}"))}");

        // Reports in the measured counties' villages; registrations anywhere in the province.
        var countyVillages = accounts.Where(a => a.Jurisdiction.Length == 6)
            .Select(a => regions.Townships.Where(t => t.CountyCode == a.Jurisdiction).SelectMany(t => regions.VillagesIn(t.Code)).Select(v => v.Code).FirstOrDefault())
            .OfType<string>().ToArray();
        var allVillages = regions.Townships.Where((_, i) => i % 3 == 0).Select(t => regions.VillagesIn(t.Code)).Where(v => v.Count > 0).Select(v => v[0].Code).ToArray();

        var dashboard = await MeasureAsync("dashboard /hubs/ops (scoped)", server, server.HubUri(OpsHub.Path), plan, cookies, processes, regions,
            countyVillages, allVillages, seconds, reportsPerSecond, backgroundPerSecond, everyoneSeesEverything: false);
        var bare = await MeasureAsync("bare /hubs/bare (every event to every client)", server, server.HubUri(BareHub.Path), plan, cookies, processes, regions,
            countyVillages, allVillages, seconds, reportsPerSecond, backgroundPerSecond, everyoneSeesEverything: true);

        Console.WriteLine();
        Console.WriteLine("| hub | clients | deliveries | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine(dashboard.Row);
        Console.WriteLine(bare.Row);
        Console.WriteLine();
        Console.WriteLine($"dashboard: {dashboard.Traffic}");
        Console.WriteLine($"bare: {bare.Traffic}");
        Console.WriteLine($"messages dropped from full per-connection queues: {server.App.Services.GetRequiredService<ScopedFeed>().Dropped}");
        return 0;
    }

    private sealed record Account(string Username, string Role, string Jurisdiction, string? CityCode);

    /// <summary>The province's police, the leading group, each city's police and the police of the first 100 counties.</summary>
    private static List<Account> Accounts(RegionCatalog regions)
    {
        var accounts = new List<Account>
        {
            new("lat-province", Roles.PoliceDutyOfficer, RegionCodes.Liaoning, null),
            new("lat-leading", Roles.LeadingGroup, RegionCodes.Liaoning, null),
        };
        accounts.AddRange(regions.Cities.Select(c => new Account($"lat-city-{c.Code}", Roles.PoliceDutyOfficer, c.Code, c.Code)));
        accounts.AddRange(regions.Counties.Take(100).Select(c => new Account($"lat-county-{c.Code}", Roles.PoliceDutyOfficer, c.Code, c.CityCode)));
        return accounts;
    }

    /// <summary>
    /// Which user each client signs in as: 5% province police, 5% leading group, 15% spread over the cities, the rest over
    /// the counties (round robin within each kind, so every scope has clients).
    /// </summary>
    private static Account[] Plan(List<Account> accounts, int clients)
    {
        var counties = accounts.Where(a => a.Jurisdiction.Length == 6).ToArray();
        var cities = accounts.Where(a => a.Jurisdiction.Length == 4).ToArray();
        var province = accounts[0];
        var leading = accounts[1];
        var plan = new Account[clients];
        var provinceCount = clients / 20;
        var leadingCount = clients / 20;
        var cityCount = clients * 15 / 100;
        for (var i = 0; i < clients; i++)
        {
            plan[i] = i < provinceCount ? province
                : i < provinceCount + leadingCount ? leading
                : i < provinceCount + leadingCount + cityCount ? cities[(i - provinceCount - leadingCount) % cities.Length]
                : counties[(i - provinceCount - leadingCount - cityCount) % counties.Length];
        }
        // Interleave so each receiving process holds every kind.
        return [.. plan.Select((a, i) => (a, i)).OrderBy(p => p.i % 97).ThenBy(p => p.i).Select(p => p.a)];
    }

    private static string Kind(Account a) => a.Role == Roles.LeadingGroup ? "leading group" : a.Jurisdiction.Length switch
    {
        2 => "province police",
        4 => "city police",
        _ => "county police",
    };

    private static async Task<Result> MeasureAsync(string name, LatencyServer server, Uri hubUri, Account[] plan, Dictionary<string, string> cookies,
        int processes, RegionCatalog regions, string[] countyVillages, string[] allVillages, int seconds, int reportsPerSecond, int backgroundPerSecond,
        bool everyoneSeesEverything)
    {
        var run = Guid.NewGuid().ToString("n")[..6];
        var marker = $"LAT-{run}-";
        var warmup = TimeSpan.FromSeconds(3);
        var maxReports = (int)(reportsPerSecond * (warmup.TotalSeconds + seconds + 2)) + 16;
        // Client c of the run is client (c - offsets[p]) of process p.
        var slices = Enumerable.Range(0, processes).Select(p => (From: plan.Length * p / processes, To: plan.Length * (p + 1) / processes)).ToArray();
        var receivers = slices.Select(s => LatencyServer.StartReceivers(hubUri, s.To - s.From,
            [.. plan[s.From..s.To].Select(a => cookies[a.Username])], marker, maxReports)).ToArray();
        try
        {
            foreach (var r in receivers)
            {
                await LatencyServer.WaitConnectedAsync(r, name);
            }
            var appendedAt = new long[maxReports + 1];
            var reportTownship = new string?[maxReports + 1];
            var random = new Random(2016);
            var tick = TimeSpan.FromMilliseconds(100);
            var reports = 0;
            var started = Stopwatch.GetTimestamp();
            var serverCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clientsCpu = receivers.Select(r => r.TotalProcessorTime).ToArray();
            for (var t = 0; Stopwatch.GetElapsedTime(started) < warmup + TimeSpan.FromSeconds(seconds) && reports < maxReports; t++)
            {
                var batch = new List<RawEvent>(backgroundPerSecond / 10 + 1);
                for (var i = 0; i < backgroundPerSecond / 10; i++)
                {
                    batch.Add(LoadEvents.Registration($"C-{run}-{t}-{i}", allVillages[random.Next(allVillages.Length)]));
                }
                var reportIds = new List<int>();
                if (reportsPerSecond > 0 && t * reportsPerSecond / 10 != (t + 1) * reportsPerSecond / 10)
                {
                    var n = reports++;
                    var village = countyVillages[random.Next(countyVillages.Length)];
                    reportTownship[n] = regions.TryGetTownshipOfVillage(village, out var township) ? township.Code : "";
                    reportIds.Add(n);
                    batch.Add(LoadEvents.Report(marker + n.ToString(CultureInfo.InvariantCulture), village));
                }
                await server.Log.AppendAsync(batch);
                var appended = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(started, appended) >= warmup)
                {
                    foreach (var n in reportIds)
                    {
                        appendedAt[n] = appended;
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
            serverCpu = Process.GetCurrentProcess().TotalProcessorTime - serverCpu;
            var clientsCpuUsed = receivers.Select((r, i) => r.TotalProcessorTime - clientsCpu[i]).ToArray();

            var latencies = new List<double>();
            long expected = 0, messages = 0, bytes = 0;
            var failures = 0;
            var byKind = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            for (var p = 0; p < receivers.Length; p++)
            {
                var receipts = await LatencyServer.CollectAsync(receivers[p], maxReports + 1);
                messages += receipts.Messages;
                bytes += receipts.Bytes;
                failures += receipts.Failures;
                for (var n = 0; n < reports; n++)
                {
                    if (appendedAt[n] == 0)
                    {
                        continue;
                    }
                    for (var c = slices[p].From; c < slices[p].To; c++)
                    {
                        if (!everyoneSeesEverything && !Sees(plan[c], reportTownship[n]!, regions))
                        {
                            continue;
                        }
                        expected++;
                        if (receipts.At[n].TryGetValue(c - slices[p].From, out var at))
                        {
                            var ms = Stopwatch.GetElapsedTime(appendedAt[n], at).TotalMilliseconds;
                            latencies.Add(ms);
                            var kind = Kind(plan[c]);
                            (byKind.TryGetValue(kind, out var list) ? list : byKind[kind] = []).Add(ms);
                        }
                    }
                }
            }
            var sorted = latencies.Order().ToArray();
            var perKind = string.Join("; ", byKind.OrderBy(k => k.Key).Select(k =>
            {
                var s = k.Value.Order().ToArray();
                return string.Create(CultureInfo.InvariantCulture, $"{k.Key} p50 {LatencyServer.Percentile(s, 0.5):F1} / p99 {LatencyServer.Percentile(s, 0.99):F1} ms ({s.Length})");
            }));
            var traffic = string.Create(CultureInfo.InvariantCulture,
                $"per client {messages / (double)plan.Length / duration.TotalSeconds:F1} messages/s, {bytes / (double)plan.Length / duration.TotalSeconds / 1024:F1} KiB/s"
                + $"{(failures > 0 ? $", {failures} connections lost" : "")}; CPU over {duration.TotalSeconds:F0} s: server {serverCpu.TotalSeconds:F1} s, "
                + $"clients {string.Join(" + ", clientsCpuUsed.Select(c => c.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)))} s; {perKind}");
            return new Result(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {plan.Length} | {sorted.Length} of {expected} | {LatencyServer.Percentile(sorted, 0.50):F1} | {LatencyServer.Percentile(sorted, 0.90):F1} | {LatencyServer.Percentile(sorted, 0.99):F1} | {(sorted.Length > 0 ? sorted[^1] : double.NaN):F1} |"),
                traffic);
        }
        finally
        {
            foreach (var r in receivers)
            {
                if (!r.HasExited)
                {
                    r.Kill();
                }
                r.Dispose();
            }
        }
    }

    /// <summary>Whether a case-level user of this account sees a report in <paramref name="township"/> (the leading group sees no cases).</summary>
    private static bool Sees(Account account, string township, RegionCatalog regions) =>
        account.Role != Roles.LeadingGroup && township.StartsWith(account.Jurisdiction, StringComparison.Ordinal);

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
