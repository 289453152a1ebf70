using System.Globalization;
using System.Text;
using Lbc.Benchmarks;
using Lbc.Benchmarks.Browser;
using Lbc.Reference;

// Usage: dotnet run -c Release --project bench/Lbc.Benchmarks -- [--smoke] [--national DIR] [--out docs/benchmarks.md]
// --smoke runs tiny sizes so CI keeps the harness working; it asserts no figures.
var arguments = args.ToList();
var smoke = arguments.Contains("--smoke");
string? Option(string name)
{
    var i = arguments.IndexOf(name);
    return i >= 0 && i + 1 < arguments.Count ? arguments[i + 1] : null;
}
var output = Option("--out");
var nationalDirectory = Option("--national");
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

if (arguments.Contains("--micro"))
{
    BenchmarkDotNet.Running.BenchmarkRunner.Run<IngestBenchmarks>();
    return;
}

if (arguments.Contains("--browser"))
{
    var browser = await BrowserComparison.RunAsync(smoke, Option("--browser-user"), Option("--browser-password"));
    Console.WriteLine(browser);
    if (output is not null)
    {
        File.AppendAllText(output, Environment.NewLine + browser);
    }
    return;
}

var liaoning = ReferenceData.Load(ReferenceData.DefaultDirectory);
var ingest = IngestThroughput.Measure(liaoning, smoke ? 20_000 : 500_000);
var results = new List<RegistryScale.Result>
{
    RegistryScale.Measure("Liaoning default", liaoning, smoke ? 2_000 : 60_000, "21"),
    RegistryScale.Measure("Liaoning 1M", liaoning, smoke ? 5_000 : 1_000_000, "21"),
};
if (nationalDirectory is not null && !smoke)
{
    var national = ReferenceData.Load(nationalDirectory);
    results.Add(RegistryScale.Measure("National 7M", national, 7_000_000, "21"));
}
else
{
    Console.WriteLine("National scale skipped: pass --national DIR (generate with: dotnet run --project tools/Lbc.GeoGen -- --national)");
}

var report = new StringBuilder();
report.AppendLine("| registry | children | townships | bytes/child (measured) | bytes/child (registry arrays) | baseline: id strings alone | load s | province indicators ms | province heatmap ms | baseline: sum of township array ms |");
report.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    report.AppendLine(CultureInfo.InvariantCulture,
        $"| {r.Label} | {r.Children:N0} | {r.Townships:N0} | {r.BytesPerChild:F1} | {r.RegistryBytesPerChild:F1} | {r.BaselineIdSetBytesPerChild:F1} | {r.LoadSeconds:F2} | {r.IndicatorsMs:F3} | {r.HeatmapMs:F3} | {r.BaselineSumMs:F4} |");
}
report.AppendLine();
report.AppendLine("| in-process ingest | events | events/s |");
report.AppendLine("|---|---|---|");
report.AppendLine(CultureInfo.InvariantCulture, $"| bare JSON parse of the same payloads (baseline) | {ingest.Events:N0} | {ingest.BareEventsPerSecond:N0} |");
report.AppendLine(CultureInfo.InvariantCulture, $"| validate + project | {ingest.Events:N0} | {ingest.EventsPerSecond:N0} |");
Console.WriteLine(report);
if (output is not null)
{
    File.WriteAllText(output, report.ToString());
    Console.WriteLine($"Written to {output}");
}
