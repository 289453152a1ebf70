using System.Globalization;
using Lbc.Benchmarks;
using Lbc.Benchmarks.Browser;
using Lbc.Reference;

// Usage: dotnet run -c Release --project bench/Lbc.Benchmarks -- --all [--smoke] [--national DIR] [--out docs/benchmarks.md] [--before TITLE]
//   --all: the whole harness (load driver, hub latency, command round trip, registry scale with a generated national set,
//   placement suggestions, drill-down, browser), every figure beside its baseline, written to --out; --before TITLE keeps
//   the targets of the report being replaced beside the new ones, in a section of that title. Without --all: registry scale and in-process ingest only;
//   --micro: BenchmarkDotNet; --browser [--drill CITY]: the browser comparison alone (and the drill-down click into CITY); --personal: sealing and the reveal (personal data);
//   --ledger: a 20,000-row township ledger XLSX through the real server (preview, commit, peak memory);
//   --registry [--repeat N] [--national DIR]: registry scale only, each Liaoning size N times (and national 7M once); --ingest [--repeat N]: in-process validate + project only;
//   --alerts: what the alert rules add to applying the log (issue 16), at the default traffic and at 1,000 events/s;
//   --bulletins: the province's quarterly bulletin as PDF and XLSX from a quarter of history (issue 16), beside one history query.
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

if (arguments.Contains("--all"))
{
    return await Harness.RunAsync(smoke, output, nationalDirectory, args, Option("--before"));
}

if (arguments.Contains("--micro"))
{
    BenchmarkDotNet.Running.BenchmarkRunner.Run<IngestBenchmarks>();
    return 0;
}

if (arguments.Contains("--personal"))
{
    var personal = PersonalDataBench.Table(await PersonalDataBench.MeasureAsync(ReferenceData.Load(ReferenceData.DefaultDirectory),
        smoke ? 200 : 5_000, smoke ? 10_000 : 1_000_000));
    Console.WriteLine(personal);
    if (output is not null)
    {
        File.AppendAllText(output, Environment.NewLine + personal);
    }
    return 0;
}

if (arguments.Contains("--alerts"))
{
    var regions = ReferenceData.Load(ReferenceData.DefaultDirectory);
    var children = smoke ? 2_000 : 60_000;
    var alerts = AlertCost.Table(
    [
        AlertCost.Measure(regions, 20, smoke ? 2_000 : 500_000, children, stress: false, smoke ? 1 : 3),
        AlertCost.Measure(regions, 1_000, smoke ? 2_000 : 500_000, children, stress: false, smoke ? 1 : 3),
        AlertCost.Measure(regions, 1_000, smoke ? 2_000 : 500_000, children, stress: true, smoke ? 1 : 3),
    ]);
    Console.WriteLine(alerts);
    if (output is not null)
    {
        File.AppendAllText(output, Environment.NewLine + alerts);
    }
    return 0;
}

if (arguments.Contains("--bulletins"))
{
    var bulletins = BulletinBench.Table(await BulletinBench.MeasureAsync(smoke, Option("--bulletin-data")));
    Console.WriteLine(bulletins);
    if (output is not null)
    {
        File.AppendAllText(output, Environment.NewLine + bulletins);
    }
    return 0;
}

if (arguments.Contains("--ledger"))
{
    var ledger = LedgerImportBench.Table(await LedgerImportBench.MeasureAsync(smoke ? 500 : 20_000));
    Console.WriteLine(ledger);
    if (output is not null)
    {
        File.AppendAllText(output, Environment.NewLine + ledger);
    }
    return 0;
}

if (arguments.Contains("--browser"))
{
    // --drill CITY: also the leading group's drill-down click into that city (8.), on the same dashboard.
    (string, string)? drill = Option("--drill") is { } city ? (city, ReferenceData.Load(ReferenceData.DefaultDirectory).NameOf(city) ?? city) : null;
    var browser = await BrowserComparison.RunAsync(smoke, Option("--browser-user") ?? "police.province", Option("--browser-password") ?? "lbc-demo-2016", drill);
    Console.WriteLine(browser);
    if (BrowserComparison.LastDrillDown is { } clicks)
    {
        Console.WriteLine(clicks);
    }
    if (output is not null)
    {
        File.AppendAllText(output, Environment.NewLine + browser);
    }
    return 0;
}

var liaoning = ReferenceData.Load(ReferenceData.DefaultDirectory);
if (arguments.Contains("--registry"))
{
    // --registry [--repeat N]: registry scale alone (3.), each size N times in turn (the memory figure moves with whatever
    // else the process allocated before; repeats show the spread).
    var repeat = int.Parse(Option("--repeat") ?? "1", CultureInfo.InvariantCulture);
    var sizes = new List<RegistryScale.Result>();
    for (var r = 0; r < repeat; r++)
    {
        sizes.Add(RegistryScale.Measure("Liaoning default", liaoning, smoke ? 2_000 : 60_000, "21"));
        sizes.Add(RegistryScale.Measure("Liaoning 1M", liaoning, smoke ? 5_000 : 1_000_000, "21"));
    }
    CountryPayload.Result? country = null;
    if (nationalDirectory is not null)
    {
        var national = ReferenceData.Load(nationalDirectory);
        var (result, projection) = RegistryScale.MeasureKeeping("National 7M", national, smoke ? 20_000 : 7_000_000, "21");
        sizes.Add(result);
        // The leading group's payload for the country (issue 17, target 3), on the same registry.
        country = CountryPayload.Measure(projection, national);
    }
    Console.WriteLine(RegistryScale.Table(sizes));
    if (country is not null)
    {
        Console.WriteLine(CountryPayload.Table(country));
    }
    return 0;
}
if (arguments.Contains("--ingest"))
{
    // --ingest [--repeat N]: in-process validate + project alone, N times (one thread, no Redis), with the process's CPU time
    // per run: compare two builds by running this on each, alternately.
    var repeat = int.Parse(Option("--repeat") ?? "3", CultureInfo.InvariantCulture);
    for (var r = 0; r < repeat; r++)
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var run = IngestThroughput.Measure(liaoning, smoke ? 20_000 : 500_000);
        var used = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"ingest run {r + 1}: validate + project {run.EventsPerSecond:N0} events/s, bare JSON parse {run.BareEventsPerSecond:N0} events/s, ratio {run.EventsPerSecond / run.BareEventsPerSecond:F3}, process CPU {used.TotalSeconds:F2} s");
    }
    Console.WriteLine("allocations: " + IngestThroughput.Allocations(liaoning, smoke ? 20_000 : 500_000));
    return 0;
}
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

var report = RegistryScale.Table(results) + Environment.NewLine + IngestThroughput.Table(ingest);
Console.WriteLine(report);
if (output is not null)
{
    File.WriteAllText(output, report);
    Console.WriteLine($"Written to {output}");
}
return 0;
