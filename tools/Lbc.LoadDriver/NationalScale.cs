using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Lbc.Domain.Events;

/// <summary>
/// The figures of issue 17's target 3 that the ingest and recovery runs do not give: the server's resident memory with the
/// national projection (beside the same server on an empty log with the same catalog), the snapshot's size on disk, and the
/// leading groups' payloads (the province's and the country's: each one's snapshot and drill-down figures), read from the
/// running server.
/// </summary>
internal static class NationalScale
{
    public sealed record Figures(long ActiveChildren, long ResidentBytes, long PeakResidentBytes, long SnapshotFileBytes,
        LeaderPayload Province, LeaderPayload Country, long PoliceSnapshotBytes);

    /// <summary>What one leading group's screen asks for first: its live snapshot and its region's drill-down, bytes and median ms.</summary>
    public sealed record LeaderPayload(long SnapshotBytes, double SnapshotMs, long FiguresBytes, double FiguresMs);

    public readonly record struct ProcessMemory(long Resident, long Peak);

    private const int VisitEvery = 3;
    private const int ReportEvery = 500;

    /// <summary>How many events <see cref="Generate"/> yields for these children.</summary>
    public static int EventCount(int children, int firstChild = 0)
    {
        var count = children;
        for (var child = firstChild; child < firstChild + children; child++)
        {
            count += (child % VisitEvery == 0 ? 1 : 0) + (child % ReportEvery == ReportEvery - 1 ? 1 : 0);
        }
        return count;
    }

    /// <summary>
    /// <paramref name="children"/> registrations in villages all over the country, a visit for every third child after its
    /// registration, and a report (a case) per 500 children, interleaved as a ledger's arrival would be. The children from
    /// <paramref name="firstChild"/> on: a later call adds new children (the tail of a restart), never refers to unknown ones.
    /// </summary>
    public static IEnumerable<RawEvent> Generate(int children, string[] villages, int firstChild = 0)
    {
        var random = new Random(2016 + firstChild);
        var ts = EventTimestamps.Format(DateTimeOffset.UtcNow.AddMinutes(-5));
        var visitedAt = EventTimestamps.Format(DateTimeOffset.UtcNow.AddDays(-12));
        string[] kinds = ["both_parents_away", "one_parent_away_other_incapable"];
        string[] guardians = ["entrusted", "parent_at_home", "none"];
        string[] categories = ["living_alone", "missing", "guardian_incapable", "domestic_violence"];
        string[] reporters = ["school", "medical", "village_committee"];
        for (var child = firstChild; child < firstChild + children; child++)
        {
            var village = villages[random.Next(villages.Length)];
            yield return new($"nat-{child}-r", EventTypes.ChildRegistered, 1, ts, "load-driver",
                $$"""{"child_id":"N-{{child}}","village_code":"{{village}}","birth_date":"{{2011 + child % 14}}-06-01","kind":"{{kinds[child % 2]}}","guardian":"{{guardians[child % 3]}}"}""");
            if (child % VisitEvery == 0)
            {
                yield return new($"nat-{child}-v", EventTypes.VisitRecorded, 1, ts, "load-driver",
                    $$"""{"child_id":"N-{{child}}","visited_at":"{{visitedAt}}","visitor_id":"v-1","finding":"ok"}""");
            }
            if (child % ReportEvery == ReportEvery - 1)
            {
                yield return new($"nat-{child}-p", EventTypes.ReportFiled, 1, ts, "load-driver",
                    $$"""{"report_id":"R-N-{{child}}","village_code":"{{village}}","category":"{{categories[child / ReportEvery % 4]}}","reporter_type":"{{reporters[child % 3]}}"}""");
            }
        }
    }

    /// <summary>Resident and peak resident memory of a process (Linux: VmRSS and VmHWM of /proc/PID/status).</summary>
    public static ProcessMemory Memory(Process process)
    {
        long Read(string key)
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    var kb = line[(key.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
            return 0;
        }
        return new ProcessMemory(Read("VmRSS"), Read("VmHWM"));
    }

    public static async Task<Figures> MeasureAsync(Process server, int port, string data)
    {
        using var http = Client(port);
        var admin = await SignInAsync(http, "admin");
        var health = JsonDocument.Parse((await GetAsync(http, "/healthz", admin)).Body).RootElement;
        var active = health.GetProperty("projection").GetProperty("activeChildren").GetInt64();
        // The replay's garbage is collected on the runtime's own schedule; what stays resident is what a user's server holds.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var memory = Memory(server);
        var snapshot = Directory.GetFiles(Path.Combine(data, "snapshots"), "*.snap").Select(f => new FileInfo(f).Length).Max();

        var province = await LeaderPayloadAsync(http, "leader.province", "21");
        var country = await LeaderPayloadAsync(http, "leader.country", "00");
        var police = await SignInAsync(http, "police.province");
        var policeSnapshot = await GetAsync(http, "/api/snapshot", police);
        return new Figures(active, memory.Resident, memory.Peak, snapshot, province, country, policeSnapshot.Body.Length);
    }

    /// <summary>A leading group's snapshot and drill-down, each asked once to warm up and then five times (median time).</summary>
    private static async Task<LeaderPayload> LeaderPayloadAsync(HttpClient http, string user, string region)
    {
        var cookie = await SignInAsync(http, user);
        async Task<(long Bytes, double Ms)> Median(string path)
        {
            await GetAsync(http, path, cookie);
            var times = new List<double>();
            long bytes = 0;
            for (var i = 0; i < 5; i++)
            {
                var answer = await GetAsync(http, path, cookie);
                times.Add(answer.Ms);
                bytes = answer.Body.Length;
            }
            return (bytes, times.Order().ElementAt(times.Count / 2));
        }
        var snapshot = await Median("/api/snapshot");
        var figures = await Median($"/api/regions/{region}/figures");
        return new LeaderPayload(snapshot.Bytes, snapshot.Ms, figures.Bytes, figures.Ms);
    }

    /// <summary>The baseline for memory: the same server and catalog on an empty log (SQLite, simulator off), once ready.</summary>
    public static async Task<ProcessMemory> EmptyServerMemoryAsync(string dll, string data, string[] extra)
    {
        var port = FreePort();
        using var process = Process.Start(new ProcessStartInfo("dotnet",
            [dll, .. extra, "--urls", $"http://127.0.0.1:{port}", "--Dashboard:EventLog=Sqlite", "--Dashboard:Simulator:Enabled=false",
             $"--Dashboard:DataDirectory={data}", "--Logging:LogLevel:Default=Warning", "--Dashboard:DemoAccounts:Enabled=true"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        })!;
        process.BeginOutputReadLine();
        try
        {
            using var http = Client(port);
            string? admin = null;
            for (var i = 0; i < 1200; i++)
            {
                try
                {
                    admin ??= await SignInAsync(http, "admin");
                    var health = JsonDocument.Parse((await GetAsync(http, "/healthz", admin)).Body).RootElement;
                    if (health.GetProperty("projection").GetProperty("ready").GetBoolean())
                    {
                        await Task.Delay(TimeSpan.FromSeconds(5));
                        return Memory(process);
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(100);
            }
            throw new TimeoutException("the empty server never became ready");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public static void Print(Figures f, ProcessMemory resumed, ProcessMemory empty, long events, double fullSeconds, IReadOnlyList<double> restarts)
    {
        var resumedSeconds = restarts.Order().ElementAt(restarts.Count / 2);
        static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"| national scale (--Dashboard:Geography=national), {f.ActiveChildren:N0} children in {events:N0} events | figure | baseline (same run) | target |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| restart: snapshot + tail, process start to ready (median of {restarts.Count}: {string.Join(", ", restarts.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}) | {resumedSeconds:F1} s | full replay {fullSeconds:F1} s | < 10 s |");
        Console.WriteLine($"| resident memory after the full replay (VmRSS) | {Mib(f.ResidentBytes)} MiB (peak {Mib(f.PeakResidentBytes)} MiB) | same server and catalog, empty log: {Mib(empty.Resident)} MiB | < 2,048 MiB |");
        Console.WriteLine($"| resident memory after the snapshot restart | {Mib(resumed.Resident)} MiB (peak {Mib(resumed.Peak)} MiB) | | < 2,048 MiB |");
        Console.WriteLine($"| snapshot on disk | {Mib(f.SnapshotFileBytes)} MiB ({f.SnapshotFileBytes / (double)Math.Max(1, f.ActiveChildren):F1} bytes/child) | | |");
        Console.WriteLine($"| leading group (Liaoning) GET /api/snapshot | {f.Province.SnapshotBytes:N0} bytes, {f.Province.SnapshotMs:F1} ms | police.province's snapshot {f.PoliceSnapshotBytes:N0} bytes | < 2 MB |");
        Console.WriteLine($"| leading group (Liaoning) GET /api/regions/21/figures | {f.Province.FiguresBytes:N0} bytes, {f.Province.FiguresMs:F1} ms | | |");
        Console.WriteLine($"| leading group (country, leader.country) GET /api/snapshot | {f.Country.SnapshotBytes:N0} bytes, {f.Country.SnapshotMs:F1} ms | Liaoning's leading group, above | < 2 MB |");
        Console.WriteLine($"| leading group (country) GET /api/regions/00/figures | {f.Country.FiguresBytes:N0} bytes, {f.Country.FiguresMs:F1} ms | | |");
        Console.WriteLine($"##result national.restart {resumedSeconds:F2}");
        Console.WriteLine($"##result national.rss {f.ResidentBytes}");
        Console.WriteLine($"##result national.snapshot {f.SnapshotFileBytes}");
        Console.WriteLine($"##result national.leader {f.Province.SnapshotBytes}");
        Console.WriteLine($"##result national.leader.country {f.Country.SnapshotBytes}");
    }

    private static HttpClient Client(int port) =>
        new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };

    private static async Task<string> SignInAsync(HttpClient http, string user)
    {
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = new StringContent($"{{\"username\":\"{user}\",\"password\":\"lbc-demo-2016\"}}", Encoding.UTF8, "application/json"),
        };
        login.Headers.Add("X-Requested-With", "lbc-dashboard");
        using var response = await http.SendAsync(login);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
        return cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    private static async Task<(string Body, double Ms)> GetAsync(HttpClient http, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var ms = clock.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        }
        return (body, ms);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
