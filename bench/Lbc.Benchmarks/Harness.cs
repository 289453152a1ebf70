using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Lbc.Benchmarks.Browser;
using Lbc.Domain.Regions;
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
    /// <param name="beforeTitle">
    /// With an existing <paramref name="output"/>: keep that report's targets beside this run's in a section of this title
    /// (e.g. "Before the restructure"), so a change's effect can be read.
    /// </param>
    public static async Task<int> RunAsync(bool smoke, string? output, string? nationalDirectory, IReadOnlyList<string> args, string? beforeTitle = null)
    {
        var previous = beforeTitle is not null && output is not null && File.Exists(output) ? File.ReadAllText(output) : null;
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
        try
        {
            var load = await RunToolAsync(root, "run", "-c", "Release", "--project", "tools/Lbc.LoadDriver", "--",
                "--events", events.ToString(CultureInfo.InvariantCulture), "--server", Path.Combine(serverBuild, "Lbc.Server.dll"));
            var loadResults = Results(load);
            Require(loadResults, "ingest.bare", "ingest.consumer", "recovery.full", "recovery.snapshot");
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
            var (dashboardP50, dashboardP99) = Percentiles(hub, "| dashboard");
            var (bareP50, bareP99) = Percentiles(hub, "| bare");
            Require(new Dictionary<string, double> { ["delivery.dashboard.p99"] = dashboardP99, ["delivery.bare.p99"] = bareP99 }, "delivery.dashboard.p99", "delivery.bare.p99");

            // 6: command round trip (issue 11): click -> every officer's screen, under the simulator's default traffic.
            string[] commandArgs = smoke ? ["commands", "20", "20", "2", "2000"] : ["commands", "500", "200", "2", "60000"];
            var commands = await RunToolAsync(root, ["run", "-c", "Release", "--project", "tools/Lbc.HubLatency", "--", .. commandArgs]);
            var commandResults = Results(commands);
            Require(commandResults, "command.p50", "command.p99", "command.bare.p50", "command.bare.p99");
            var commandSection = "## 6. Command round trip\n\n"
                + $"`tools/Lbc.HubLatency {string.Join(' ', commandArgs)}` (clients, measured commands, commands/s, children seeded): the dashboard "
                + "server in the tool's process with its simulator on (it seeds an empty log with the province and then plays its live traffic at "
                + "its default rate, 20 events/s), one police duty officer of the province signed in per hub client (the same light raw WebSocket "
                + "clients as 2., in a child process), and a driver, another officer, that files the fresh reports first and then clicks "
                + "`case.acknowledged` and then `case.dispatched` on each (with the version its case view shows, the second once the first was "
                + "answered), at random moments of a steady rate. Each command is timed from the moment its POST is sent to the moment the last "
                + "of the clients has the case at its new stage (its `stage` in the hub message) or a later one (a dispatch applied within the "
                + "same feed tick as the acknowledgement reaches the screens as the dispatched case only); `never` = a command some client did not get. "
                + "Baseline in the same run, same clients: a bare POST that appends one event to the same log, relayed by the bare hub "
                + "(click, log, relay, sockets: no sign-in check, no policy, no projection, no feed).\n\n"
                + Tables(commands);

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
            var drills = new List<DrillDown.Result>();
            var suggestions = new List<SuggestionRanking.Result>();
            var drillCalls = smoke ? 20 : 200;
            var httpCalls = smoke ? 10 : 200;
            var suggestCalls = smoke ? 50 : 2_000;
            var now = DateTimeOffset.UtcNow;
            // 8 and 7 at the default province: the simulator's seeding, applied here.
            var seedChildren = smoke ? 2_000 : 60_000;
            var seeded = SimulatorSeed.Province(liaoning, seedChildren, now);
            Console.WriteLine($"simulator seeding applied: {seeded.Events:N0} events, {seeded.Projection.ActiveChildren:N0} children, {seeded.InstitutionIds.Count} institutions");
            var defaultDrill = DrillDown.MeasureServerSide("Liaoning default (simulator seeding)", seeded.Projection, liaoning, seeded.Projection.ActiveChildren, RegionCodes.Liaoning, drillCalls);
            drills.Add(await DrillDown.MeasureHttpAsync(defaultDrill, serverBuild, referenceDirectory: null, seeded.Projection, httpCalls));
            Console.WriteLine(DrillDown.Table(drills));
            // The child waits in the township with the most children of the province's largest county.
            var suggestTownship = liaoning.TownshipsIn(DrillDown.Regions(liaoning, RegionCodes.Liaoning)[2].Code)[0].Code;
            suggestions.Add(SuggestionRanking.Measure("Liaoning: the simulator's institutions", seeded.Projection, liaoning, seeded.InstitutionIds, suggestTownship, now, suggestCalls));
            seeded = null;
            GC.Collect();
            if (nationalDirectory is not null)
            {
                var national = ReferenceData.Load(nationalDirectory);
                var (registry, projection) = RegistryScale.MeasureKeeping("National 7M", national, smoke ? 20_000 : 7_000_000, "21");
                registries.Add(registry);
                var nationalDrill = DrillDown.MeasureServerSide("National 7M", projection, national, registry.Children, RegionCodes.Liaoning, drillCalls);
                drills.Add(await DrillDown.MeasureHttpAsync(nationalDrill, serverBuild, nationalDirectory, projection, httpCalls));
                Console.WriteLine(DrillDown.Table(drills));
                projection = null;
                GC.Collect();
                suggestions.Add(SuggestionRanking.Generated("National: 10,000 generated over the national townships", national, 10_000,
                    national.TryGetTownship(suggestTownship, out _) ? suggestTownship : national.Townships[0].Code, now, suggestCalls));
                national = null;
            }
            else
            {
                suggestions.Add(SuggestionRanking.Generated("10,000 generated over Liaoning's townships (no national geography in this run)", liaoning, 10_000,
                    suggestTownship, now, suggestCalls));
            }
            Console.WriteLine(SuggestionRanking.Table(suggestions));
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
            var drillCity = DrillDown.Regions(liaoning, RegionCodes.Liaoning)[1].Code;
            var browser = await BrowserComparison.RunAsync(smoke, "police.province", "lbc-demo-2016", (drillCity, liaoning.NameOf(drillCity) ?? drillCity));
            Console.WriteLine(browser);
            sections.Add("## 5. Browser\n\n"
                + "Published builds (`dotnet publish -c Release`), headless Chromium over the DevTools protocol, a fresh browser context per run "
                + "(cold cache), the two apps alternated. The dashboard runs on its embedded default with the demo accounts on; each run signs in "
                + "as `police.province` before the measured navigation; ready = the map shows live cases.\n\n" + browser);

            sections.Add(commandSection);
            sections.Add("## 7. Placement suggestions\n\n"
                + "`CommandCenterProjection.Suggest` (in this process) for one waiting child: a domestic violence report naming a registered "
                + "child of four, with a placement requested for the case, so every criterion of the ranking applies (protective places first, "
                + "welfare institution under six, same county, distance steps, staff on duty). The province: the institutions the simulator seeds "
                + "(every city's three, some counties' stations, shelters and boarding schools) on the default province as seeded. National: 10,000 "
                + "generated institutions, each at a random township of the national catalog (its county, the township's point moved by up to a "
                + "few kilometres), in the simulator's proportions of kinds, 3% without beds, 5% not accepting. Baseline in the same run: "
                + "sorting the same institutions by great-circle distance alone (every distance, one sort, the first ten).\n\n"
                + SuggestionRanking.Table(suggestions));
            sections.Add("## 8. Drill-down\n\n"
                + "The leading group's drill-down for the province, its city with the most townships and its county with the most townships. "
                + "Server side: `RegionTable` + `Suppression.Table` on the projection in this process. HTTP: `GET /api/regions/{code}/figures` "
                + "as `leader.province`, timed from sending to the last byte, against the published server (as deployed, its own process, the "
                + "simulator off) started on a snapshot of the same projection (it restores it at start as after a restart); at national scale "
                + "its reference data is the national catalog. Default: the province as the simulator seeds it (with 18 hours of cases). National: "
                + "the registry of 3. (children registered directly, no cases). The snapshot is the leading group's `GET /api/snapshot`. "
                + "Baseline in the same run: summing one township array.\n\n"
                + DrillDown.Table(drills)
                + (BrowserComparison.LastDrillDown is { } clickTable
                    ? "\nIn the browser, on the dashboard of 5. (published, the simulator seeding the default province, no history yet, so the "
                      + "charts draw empty lines): the leading group on `/province` waits until it is fully drawn, then clicks the row of the city "
                      + "above; measured in the page from the click to the moment each part is in the DOM (a MutationObserver: the city's headline "
                      + "figures, its choropleth, its township heat layers, every trend chart drawn anew; painting follows within a frame).\n\n"
                      + clickTable
                    : ""));

            if (!smoke)
            {
                var national = registries.FirstOrDefault(r => r.Label.StartsWith("National", StringComparison.Ordinal));
                var bare = loadResults.GetValueOrDefault("ingest.bare");
                var consumer = loadResults.GetValueOrDefault("ingest.consumer");
                targets.Add(Row("1. ingest ≥ 50,000 events/s and ≥ ½ the bare loop", $"{consumer:N0} events/s", $"bare loop {bare:N0} events/s (ratio {consumer / bare:F2})", consumer >= 50_000 && consumer >= bare / 2));
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
                var commandP99 = commandResults["command.p99"];
                targets.Add(Row("6. command round trip p99 < 300 ms (click → all 500 officers' screens, default traffic)",
                    $"p50 {Ms(commandResults["command.p50"])} ms, p99 {Ms(commandP99)} ms ({commandResults.GetValueOrDefault("command.complete"):F0} of {commandResults.GetValueOrDefault("command.count"):F0} reached every client)",
                    $"bare POST → log → relay p50 {Ms(commandResults["command.bare.p50"])} ms, p99 {Ms(commandResults["command.bare.p99"])} ms", commandP99 < 300));
                var largest = suggestions[^1];
                targets.Add(Row($"7. placement suggestions < 20 ms ({largest.Institutions:N0} institutions{(nationalDirectory is null ? ", Liaoning's townships" : ", national")})",
                    $"p50 {largest.P50:F2} ms, p99 {largest.P99:F2} ms", $"sort by distance p50 {largest.BaselineP50:F2} ms, p99 {largest.BaselineP99:F2} ms", largest.P99 < 20));
                var biggestDrill = drills[^1];
                var worst = biggestDrill.Rows.Max(r => r.HttpP99);
                targets.Add(Row($"8. drill-down < 300 ms, request to answer over HTTP ({biggestDrill.Label})",
                    string.Join(", ", biggestDrill.Rows.Select(r => $"{r.Level} p50 {r.HttpP50:F1} / p99 {r.HttpP99:F1} ms")),
                    $"sum of a township array {biggestDrill.BaselineSumMs:F4} ms; server side alone p99 ≤ {biggestDrill.Rows.Max(r => r.ServerP99):F2} ms", worst < 300));
                if (!double.IsNaN(DrillDownBrowser.LastMedianMs))
                {
                    targets.Add(Row("8. drill-down click < 300 ms in the browser (default province, province → city)",
                        $"median {DrillDownBrowser.LastMedianMs:F0} ms to figures, choropleth, heat layers and charts", "(see 8.)", DrillDownBrowser.LastMedianMs < 300));
                }
            }

        }
        finally
        {
            Directory.Delete(serverBuild, recursive: true);
        }

        var document = new StringBuilder();
        document.AppendLine("# Benchmarks");
        document.AppendLine();
        document.AppendLine("Written by the harness; every figure beside a bare baseline measured in the same run on the same machine, so compare within a table.");
        document.AppendLine();
        document.AppendLine("| | |");
        document.AppendLine("|---|---|");
        document.AppendLine(CultureInfo.InvariantCulture, $"| command | `dotnet run -c Release --project bench/Lbc.Benchmarks -- {string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))}` |");
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
        if (previous is not null && Before(beforeTitle!, previous, targets) is { } before)
        {
            document.AppendLine(before.TrimEnd());
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

    /// <summary>
    /// The previous report's targets beside this run's, row by row where the target is the same, each with the baseline
    /// measured in its own run (compare the ratios: the machine is shared and its speed varies between runs).
    /// </summary>
    private static string? Before(string title, string previous, IReadOnlyList<string> targets)
    {
        var lines = previous.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var date = lines.FirstOrDefault(l => l.StartsWith("| date |", StringComparison.Ordinal)) is { } d
            ? d["| date |".Length..].Split('(')[0].Trim().Replace(" +00:00", "", StringComparison.Ordinal) : "previous";
        var start = Array.IndexOf(lines, "## Targets");
        if (start < 0)
        {
            return null;
        }
        var old = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(Cells).Where(c => c.Length >= 4).ToList();
        var now = targets.Select(Cells).ToDictionary(c => c[0], c => c, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {title} ({date} run)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The report of {date}, its targets beside this run's. Each figure stands beside the baseline of its own run: compare the ratios (figure to baseline) rather than the raw figures, the machine is shared and its speed varies from run to run.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| target | {date}: figure | {date}: baseline | met | this run: figure | this run: baseline | met |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in old)
        {
            var current = now.GetValueOrDefault(row[0]) ?? ["", "–", "–", "–"];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row[0]} | {row[1]} | {row[2]} | {row[3]} | {current[1]} | {current[2]} | {current[3]} |");
        }
        // Its tables as they were (the methods are described above, unchanged), numbered sections only.
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Its tables ({date}):");
        text.AppendLine();
        var blank = true;
        var lastCode = false;
        foreach (var line in lines.SkipWhile(l => !l.StartsWith("## 1.", StringComparison.Ordinal))
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal) || (l.Length > 3 && char.IsDigit(l[3]))))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (!blank)
                {
                    text.AppendLine();
                }
                text.AppendLine("#" + line);
                text.AppendLine();
                blank = true;
            }
            else if (line.StartsWith('|') || line.StartsWith("    ", StringComparison.Ordinal))
            {
                var code = line.StartsWith(' ');
                if (!blank && code != lastCode)
                {
                    text.AppendLine();
                }
                text.AppendLine(line);
                blank = false;
                lastCode = code;
            }
            else if (line.Length == 0 && !blank)
            {
                text.AppendLine();
                blank = true;
            }
        }
        return text.ToString();

        static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
    }

    private static string Ms(double ms) => double.IsPositiveInfinity(ms) ? "never" : ms.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>
    /// Fails the run when a tool gave no figure (NaN or missing), in smoke runs too: that is the harness broken against the
    /// current server, not a slow machine.
    /// </summary>
    private static void Require(IReadOnlyDictionary<string, double> results, params string[] names)
    {
        var missing = names.Where(n => !results.TryGetValue(n, out var v) || double.IsNaN(v)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"No figure for {string.Join(", ", missing)}: a tool no longer measures against the current server");
        }
    }

    private static string Row(string target, string figure, string baseline, bool met) => $"| {target} | {figure} | {baseline} | {(met ? "yes" : "**no**")} |";

    /// <summary>The markdown table lines of a tool's output (and blank lines between tables).</summary>
    private static string Tables(string toolOutput)
    {
        var text = new StringBuilder();
        // What the last line written was: a table row, an indented (code) line, or a blank line.
        var last = ' ';
        foreach (var line in toolOutput.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith('|'))
            {
                if (last == 'c')
                {
                    text.AppendLine();
                }
                text.AppendLine(line);
                last = 't';
            }
            else if (line.StartsWith("messages dropped", StringComparison.Ordinal) || line.StartsWith("  server:", StringComparison.Ordinal)
                || line.StartsWith("  note:", StringComparison.Ordinal))
            {
                if (last == 't')
                {
                    text.AppendLine();
                }
                text.AppendLine("    " + line.Trim());
                last = 'c';
            }
            else if (last == 't')
            {
                text.AppendLine();
                last = ' ';
            }
        }
        return text.ToString();
    }

    private static Dictionary<string, double> Results(string toolOutput) =>
        ResultLine().Matches(toolOutput).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value switch
        {
            "NaN" => double.NaN,
            "∞" or "Infinity" => double.PositiveInfinity,
            var v => double.Parse(v, CultureInfo.InvariantCulture),
        });

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
