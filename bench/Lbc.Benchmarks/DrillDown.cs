using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.Access;

namespace Lbc.Benchmarks;

/// <summary>
/// The leading group's drill-down (issue 13): from the request of a region's figures to the answer, for the province,
/// a city and a county (the ones with the most townships), at the default province and with a national registry.
/// Server side: <see cref="CommandCenterProjection.RegionTable"/> and <see cref="Suppression.Table"/> on the projection
/// in this process. End to end: <c>GET /api/regions/{code}/figures</c> as the leading group from the published server
/// (as deployed, in its own process) that restored the same projection from a snapshot at start (its reference data
/// swapped for the national catalog at national scale), and the leading group's <c>GET /api/snapshot</c> in bytes.
/// Baseline in the same run: summing one township array.
/// </summary>
internal static class DrillDown
{
    public sealed record Row(string Level, string Code, string Name, int SubRegions, double ServerP50, double ServerP99,
        double HttpP50 = double.NaN, double HttpP99 = double.NaN, long HttpBytes = 0);

    public sealed record Result(string Label, int Children, int Townships, int Calls, double BaselineSumMs, IReadOnlyList<Row> Rows,
        long SnapshotBytes = 0, double SnapshotMs = double.NaN, double RestoreSeconds = double.NaN);

    /// <summary>The province, its city with the most townships and its county with the most townships.</summary>
    public static IReadOnlyList<(string Level, string Code)> Regions(RegionCatalog regions, string province)
    {
        var city = regions.Cities.Where(c => RegionCodes.Contains(province, c.Code))
            .MaxBy(c => regions.CountiesIn(c.Code).Sum(k => regions.TownshipsIn(k.Code).Count))!;
        var county = regions.Counties.Where(c => RegionCodes.Contains(province, c.Code)).MaxBy(c => regions.TownshipsIn(c.Code).Count)!;
        return [("province", province), ("city", city.Code), ("county", county.Code)];
    }

    /// <summary>Server side, in this process: what the figures endpoint computes under the projection's lock.</summary>
    public static Result MeasureServerSide(string label, CommandCenterProjection projection, RegionCatalog regions, int children, string province, int calls)
    {
        var rows = new List<Row>();
        foreach (var (level, code) in Regions(regions, province))
        {
            var subRegions = projection.SubRegionCodes(code).Count;
            var times = CallTimes.Measure(calls, () =>
            {
                var (parent, table) = projection.RegionTable(code);
                return Suppression.Table(parent, [.. table.Select(r => r.Figures)]);
            });
            rows.Add(new Row(level, code, regions.NameOf(code) ?? code, subRegions, CallTimes.P(times, 0.50), CallTimes.P(times, 0.99)));
        }
        var plain = new int[regions.Townships.Count];
        var random = new Random(13);
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] = random.Next(100);
        }
        var baseline = CallTimes.Measure(Math.Max(calls, 200), () => plain.Sum());
        return new Result(label, children, regions.Townships.Count, calls, CallTimes.P(baseline, 0.50), rows);
    }

    /// <summary>
    /// End to end over HTTP: writes <paramref name="projection"/> as a snapshot into a fresh data folder, starts the published
    /// server (<paramref name="serverDirectory"/>; with <paramref name="referenceDirectory"/>, a copy whose reference data
    /// is that catalog) on it with the simulator off, checks that it restored every child, and times the leading group's
    /// requests. Adds the HTTP figures to <paramref name="serverSide"/>'s rows.
    /// </summary>
    public static async Task<Result> MeasureHttpAsync(Result serverSide, string serverDirectory, string? referenceDirectory,
        CommandCenterProjection projection, int calls)
    {
        var work = Directory.CreateTempSubdirectory("lbc-drill-").FullName;
        Process? server = null;
        try
        {
            var directory = serverDirectory;
            if (referenceDirectory is not null)
            {
                directory = Path.Combine(work, "server");
                CopyDirectory(serverDirectory, directory);
                foreach (var file in new[] { "regions.tsv", "villages.tsv" })
                {
                    File.Copy(Path.Combine(referenceDirectory, file), Path.Combine(directory, "reference", file), overwrite: true);
                }
            }
            var data = Path.Combine(work, "data");
            var snapshots = Directory.CreateDirectory(Path.Combine(data, "snapshots")).FullName;
            // As SnapshotStore names them: log kind and position (the start of an empty SQLite log).
            using (var file = File.Create(Path.Combine(snapshots, $"sqlite-{0:D20}-{0:D10}.snap")))
            {
                ProjectionSnapshot.Write(file, projection, "sqlite", LogPosition.Start);
            }
            var port = Browser.Apps.FreePort();
            var clock = Stopwatch.StartNew();
            server = StartServer(directory, data, port);
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitReadyAsync(http, server);
            var restore = clock.Elapsed.TotalSeconds;

            var admin = await SignInAsync(http, "admin");
            var health = await GetAsync(http, "/healthz", admin);
            var active = JsonDocument.Parse(health.Body).RootElement.GetProperty("projection").GetProperty("activeChildren").GetInt32();
            var expected = projection.ActiveChildren;
            if (active != expected)
            {
                throw new InvalidOperationException($"{serverSide.Label}: the server did not restore the snapshot ({active:N0} children, expected {expected:N0})");
            }

            var leader = await SignInAsync(http, "leader.province");
            var rows = new List<Row>();
            foreach (var row in serverSide.Rows)
            {
                var path = $"/api/regions/{row.Code}/figures";
                for (var i = 0; i < Math.Min(10, calls); i++)
                {
                    await GetAsync(http, path, leader);
                }
                var times = new double[calls];
                long bytes = 0;
                for (var i = 0; i < calls; i++)
                {
                    var answer = await GetAsync(http, path, leader);
                    times[i] = answer.Ms;
                    bytes = answer.Body.Length;
                }
                Array.Sort(times);
                rows.Add(row with { HttpP50 = CallTimes.P(times, 0.50), HttpP99 = CallTimes.P(times, 0.99), HttpBytes = bytes });
            }
            await GetAsync(http, "/api/snapshot", leader);
            var snapshot = await GetAsync(http, "/api/snapshot", leader);
            return serverSide with { Rows = rows, SnapshotBytes = snapshot.Body.Length, SnapshotMs = snapshot.Ms, RestoreSeconds = restore };
        }
        finally
        {
            if (server is not null)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                server.Dispose();
            }
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Process StartServer(string directory, string data, int port)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            Path.Combine(directory, "Lbc.Server.dll"), "--urls", $"http://127.0.0.1:{port}", "--Dashboard:DataDirectory", data,
            "--Dashboard:Simulator:Enabled", "false", "--Dashboard:DemoAccounts:Enabled", "true", "--Logging:LogLevel:Default", "Warning",
        })
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && (line.Contains("fail", StringComparison.Ordinal) || line.Contains("Snapshot", StringComparison.Ordinal)))
            {
                Console.WriteLine("  server: " + line.Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.WriteLine("  server: " + line.Trim());
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process server)
    {
        for (var i = 0; i < 3000; i++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {server.ExitCode}");
            }
            try
            {
                if ((await http.GetStringAsync("/healthz")).Contains("\"ready\":true", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the server did not become ready");
    }

    private static async Task<string> SignInAsync(HttpClient http, string username)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["username"] = username, ["password"] = "lbc-demo-2016" }),
        };
        request.Headers.Add("X-Requested-With", "lbc-dashboard");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
        return cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>One GET, timed from sending the request to the last byte of the answer.</summary>
    private static async Task<(double Ms, byte[] Body)> GetAsync(HttpClient http, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }
        return (ms, body);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    public static string Table(IEnumerable<Result> results)
    {
        var report = new StringBuilder();
        report.AppendLine("| drill-down (leading group) | children | townships | region | sub-regions | server: RegionTable + Suppression.Table p50 ms | p99 ms | HTTP GET …/figures p50 ms | p99 ms | answer bytes | baseline: sum of a township array ms |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            foreach (var row in r.Rows)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Label} | {r.Children:N0} | {r.Townships:N0} | {row.Level} {row.Code} {row.Name} | {row.SubRegions:N0} | {row.ServerP50:F2} | {row.ServerP99:F2} | {row.HttpP50:F1} | {row.HttpP99:F1} | {row.HttpBytes:N0} | {r.BaselineSumMs:F4} |");
            }
        }
        report.AppendLine();
        report.AppendLine("| leading group's snapshot (GET /api/snapshot as leading_group) | children | townships | bytes | ms | server start to ready, snapshot restored, s |");
        report.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.Children:N0} | {r.Townships:N0} | {r.SnapshotBytes:N0} | {r.SnapshotMs:F1} | {r.RestoreSeconds:F1} |");
        }
        return report.ToString();
    }
}
