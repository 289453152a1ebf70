using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Lbc.Benchmarks.Browser;
using Lbc.Reference;

namespace Lbc.Benchmarks;

/// <summary>
/// <c>--all</c>: the five figures of the benchmarks issue, each beside its bare baseline measured in the same run,
/// written as one markdown document. The load driver and the hub latency tool run as child processes (one after
/// the other, so they do not compete for the cores); registry scale and the browser run in this process.
/// <c>--smoke</c> uses tiny sizes and asserts nothing: it only keeps the harness working (CI).
/// </summary>
internal static partial class Harness
{
    public static async Task<int> RunAsync(bool smoke, string? output, string? nationalDirectory, IReadOnlyList<string> args)
    {
        var root = RepoRoot();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var sections = new List<string>();
        var targets = new List<string>();

        // 1 + 4: ingest and recovery, from the load driver (its own redis-server, the real server process).
        var events = smoke ? 20_000 : 1_000_000;
        // The server as deployed (compose/Dockerfile): published, precompiled (ReadyToRun).
        var serverBuild = Directory.CreateTempSubdirectory("lbc-server-r2r-").FullName;
        await RunToolAsync(root, "publish", "src/Lbc.Server", "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
            "-p:LbcReadyToRun=true", "-o", serverBuild, "--nologo", "-v", "q");
        var load = await RunToolAsync(root, "run", "-c", "Release", "--project", "tools/Lbc.LoadDriver", "--",
            "--events", events.ToString(CultureInfo.InvariantCulture), "--server", Path.Combine(serverBuild, "Lbc.Server.dll"));
        Directory.Delete(serverBuild, recursive: true);
        var loadResults = Results(load);
        sections.Add("## 1. Ingest from `lbc:events` and 4. recovery\n\n"
            + $"`tools/Lbc.LoadDriver --events {events:N0} --server …`, the server published as deployed (`-r linux-x64 -p:LbcReadyToRun=true`, "
            + "as compose/Dockerfile does): its own redis-server on a random loopback port (AOF `appendfsync always`), "
            + "70% registrations, 25% visits, 5% reports. Ingest is the server's own consumer during a full replay (its \"Replay done\" line); "
            + "recovery is the server process from start to ready (`/healthz`), killed and restarted after a snapshot with 1% more events appended.\n\n"
            + Tables(load));

        // 2: delivery latency at 500 clients, 1,000 background events/s.
        string[] hubArgs = smoke ? ["20", "3", "2", "50"] : ["500", "30", "5", "1000"];
        var hub = await RunToolAsync(root, ["run", "-c", "Release", "--project", "tools/Lbc.HubLatency", "--", .. hubArgs]);
        sections.Add("## 2. Delivery latency\n\n"
            + $"`tools/Lbc.HubLatency {string.Join(' ', hubArgs)}` (clients, seconds, new reports/s, background events/s): appended to the log -> "
            + "received by every hub client, all signed in as the province police duty officer (one scope: every report reaches every client), "
            + "beside a bare relay hub (log tail -> one group send, no projection) in the same server process. The clients are light raw "
            + "WebSocket clients speaking the SignalR JSON protocol in a child process, the same for both hubs (they scan each frame for "
            + "the report ids instead of deserialising it, so the figure measures the hubs rather than 500 .NET clients on 2 cores).\n\n"
            + Tables(hub));

        // 3: registry scale (and in-process ingest: validation + projection beside a bare JSON parse).
        var liaoning = ReferenceData.Load(ReferenceData.DefaultDirectory);
        var ingest = IngestThroughput.Measure(liaoning, smoke ? 20_000 : 500_000);
        var registries = new List<RegistryScale.Result>
        {
            RegistryScale.Measure("Liaoning default", liaoning, smoke ? 2_000 : 60_000, "21"),
            RegistryScale.Measure("Liaoning 1M", liaoning, smoke ? 5_000 : 1_000_000, "21"),
        };
        string? generated = null;
        if (nationalDirectory is null && !smoke)
        {
            generated = Directory.CreateTempSubdirectory("lbc-national-").FullName;
            await RunAsync("npm", Path.Combine(root, "tools", "geodata"), "ci", "--no-audit", "--no-fund");
            await RunToolAsync(root, "run", "-c", "Release", "--project", "tools/Lbc.GeoGen", "--", "--national", "--out", generated);
            nationalDirectory = generated;
        }
        if (nationalDirectory is not null)
        {
            var national = ReferenceData.Load(nationalDirectory);
            registries.Add(RegistryScale.Measure("National 7M", national, smoke ? 20_000 : 7_000_000, "21"));
            national = null;
        }
        if (generated is not null)
        {
            Directory.Delete(generated, recursive: true);
        }
        var registryTable = RegistryScale.Table(registries);
        Console.WriteLine(registryTable);
        sections.Add("## 3. Registry scale\n\n"
            + "Children registered directly into the projection's registry (in this process); bytes per child from the managed heap "
            + "before and after, beside the id strings alone; the default province's indicators and heatmap beside summing one township array. "
            + (smoke ? "Smoke: the national set is skipped unless `--national DIR` is given." : "National: `tools/Lbc.GeoGen --national` (all townships of `china-division`, approximate points), generated into a temp folder.")
            + "\n\n" + registryTable + "\n" + IngestThroughput.Table(ingest));

        // 5: browser.
        var browser = await BrowserComparison.RunAsync(smoke, "police.province", "lbc-demo-2016");
        Console.WriteLine(browser);
        sections.Add("## 5. Browser\n\n"
            + "Published builds (`dotnet publish -c Release`), headless Chromium over the DevTools protocol, a fresh browser context per run "
            + "(cold cache), the two apps alternated. The dashboard runs on its embedded default with the demo accounts on; each run signs in "
            + "as `police.province` before the measured navigation; ready = the map shows live cases.\n\n" + browser);

        if (!smoke)
        {
            var national = registries.FirstOrDefault(r => r.Label.StartsWith("National", StringComparison.Ordinal));
            var bare = loadResults.GetValueOrDefault("ingest.bare");
            var consumer = loadResults.GetValueOrDefault("ingest.consumer");
            targets.Add(Row("1. ingest ≥ 50,000 events/s and ≥ ½ the bare loop", $"{consumer:N0} events/s", $"bare loop {bare:N0} events/s (ratio {consumer / bare:F2})", consumer >= 50_000 && consumer >= bare / 2));
            var (dashboardP50, dashboardP99) = Percentiles(hub, "| dashboard");
            var (bareP50, bareP99) = Percentiles(hub, "| bare");
            targets.Add(Row("2. delivery p99 < 250 ms (500 clients, 1,000 events/s)", $"p50 {dashboardP50:F1} ms, p99 {dashboardP99:F1} ms", $"bare relay p50 {bareP50:F1} ms, p99 {bareP99:F1} ms", dashboardP99 < 250));
            if (national is not null)
            {
                targets.Add(Row("3. registry < 150 bytes/child (national 7M)", $"{national.BytesPerChild:F1} bytes/child", $"id strings alone {national.BaselineIdSetBytesPerChild:F1} bytes/child", national.BytesPerChild < 150));
                targets.Add(Row("3. province view < 20 ms (national 7M)", $"indicators {national.IndicatorsMs:F2} ms, heatmap {national.HeatmapMs:F2} ms", $"sum of a township array {national.BaselineSumMs:F4} ms", Math.Max(national.IndicatorsMs, national.HeatmapMs) < 20));
            }
            var snapshot = loadResults.GetValueOrDefault("recovery.snapshot");
            targets.Add(Row("4. recovery < 5 s after 1M events (snapshot + tail)", $"{snapshot:F2} s", $"full replay {loadResults.GetValueOrDefault("recovery.full"):F2} s", snapshot < 5));
            var ratio = BrowserComparison.LastRatio;
            targets.Add(Row("5. browser ≤ 1.2 × blank template", $"ratio {ratio:F2}", "blank Blazor WebAssembly template (see 5.)", ratio <= 1.2));
        }

        var document = new StringBuilder();
        document.AppendLine("# Benchmarks");
        document.AppendLine();
        document.AppendLine("Written by the harness; every figure beside a bare baseline measured in the same run on the same machine, so compare within a table.");
        document.AppendLine();
        document.AppendLine("| | |");
        document.AppendLine("|---|---|");
        document.AppendLine(CultureInfo.InvariantCulture, $"| command | `dotnet run -c Release --project bench/Lbc.Benchmarks -- {string.Join(' ', args)}` |");
        document.AppendLine(CultureInfo.InvariantCulture, $"| date | {started:yyyy-MM-dd HH:mm zzz} (took {clock.Elapsed.TotalMinutes:F1} min) |");
        document.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {CpuModel()} |");
        document.AppendLine(CultureInfo.InvariantCulture, $"| cores | {Environment.ProcessorCount} |");
        document.AppendLine(CultureInfo.InvariantCulture, $"| memory | {MemoryGiB()} |");
        document.AppendLine(CultureInfo.InvariantCulture, $"| OS | {OsName()} |");
        document.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {RuntimeInformation.FrameworkDescription} |");
        document.AppendLine(CultureInfo.InvariantCulture, $"| mode | {(smoke ? "smoke (tiny sizes, figures mean nothing)" : "full")} |");
        document.AppendLine();
        if (targets.Count > 0)
        {
            document.AppendLine("## Targets");
            document.AppendLine();
            document.AppendLine("| target | figure | baseline (same run) | met |");
            document.AppendLine("|---|---|---|---|");
            targets.ForEach(t => document.AppendLine(t));
            document.AppendLine();
        }
        foreach (var section in sections)
        {
            document.AppendLine(section.TrimEnd());
            document.AppendLine();
        }
        Console.WriteLine(document);
        if (output is not null)
        {
            File.WriteAllText(output, document.ToString());
            Console.WriteLine($"Written to {output}");
        }
        return 0;
    }

    private static string Row(string target, string figure, string baseline, bool met) => $"| {target} | {figure} | {baseline} | {(met ? "yes" : "**no**")} |";

    /// <summary>The markdown table lines of a tool's output (and blank lines between tables).</summary>
    private static string Tables(string toolOutput)
    {
        var text = new StringBuilder();
        var inTable = false;
        foreach (var line in toolOutput.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith('|'))
            {
                text.AppendLine(line);
                inTable = true;
            }
            else if (inTable)
            {
                text.AppendLine();
                inTable = false;
            }
            else if (line.StartsWith("messages dropped", StringComparison.Ordinal) || line.StartsWith("  server:", StringComparison.Ordinal))
            {
                text.AppendLine("    " + line.Trim());
            }
        }
        return text.ToString();
    }

    private static Dictionary<string, double> Results(string toolOutput) =>
        ResultLine().Matches(toolOutput).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    private static (double P50, double P99) Percentiles(string hubOutput, string rowStart)
    {
        var row = hubOutput.Split('\n').FirstOrDefault(l => l.StartsWith(rowStart, StringComparison.Ordinal));
        if (row is null)
        {
            return (double.NaN, double.NaN);
        }
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        // | hub | clients | deliveries | p50 | p90 | p99 | max |
        return (double.Parse(cells[4], CultureInfo.InvariantCulture), double.Parse(cells[6], CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^##result (\S+) (\S+)", RegexOptions.Multiline)]
    private static partial Regex ResultLine();

    private static Task<string> RunToolAsync(string root, params string[] args) => RunAsync("dotnet", root, args);

    /// <summary>Runs a child process, echoing its output as it comes; throws when it fails.</summary>
    private static async Task<string> RunAsync(string file, string workingDirectory, params string[] args)
    {
        Console.WriteLine($"$ {file} {string.Join(' ', args)}");
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
                Console.WriteLine(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with exit code {process.ExitCode}");
        }
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string MemoryGiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return $"{kb / 1024.0 / 1024.0:F1} GiB";
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            return $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB (GC)";
        }
    }

    private static string OsName()
    {
        try
        {
            var pretty = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return pretty is null ? RuntimeInformation.OSDescription : $"{pretty["PRETTY_NAME=".Length..].Trim('"')} ({RuntimeInformation.OSDescription})";
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run from inside the repository");
    }
}
