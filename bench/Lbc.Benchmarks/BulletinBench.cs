using System.Diagnostics;
using System.Globalization;
using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;
using Lbc.Server.Apis;
using Lbc.Server.Bulletins;
using Lbc.Server.Bulletins.Composition;
using Lbc.Server.Bulletins.Pdf;
using Lbc.Server.Bulletins.Xlsx;
using Lbc.Server.History;
using Lbc.Server.Metrics;

namespace Lbc.Benchmarks;

/// <summary>
/// The province's quarterly bulletin (issue 16): a full quarter of per-minute history for the province and its 14 cities in
/// the embedded SQLite store (retention raised to hold it; the store's default keeps 30 days), police response times of a
/// report every three minutes, then the real <see cref="BulletinComposer"/> and the PDF and XLSX writers, for the leading
/// group (history read through its privacy rule) and for a case-level user. Baseline: one history query of the quarter (one
/// series, one region, by the day), the unit the bulletin is made of.
/// </summary>
internal static class BulletinBench
{
    public sealed record Result(BulletinPeriod Period, long MinuteRows, long DurationRows, double SeedSeconds, int Runs,
        double BaselineMs, double ComposeLeaderMs, double ComposeCasesMs, double PdfMs, double XlsxMs, long PdfBytes, long XlsxBytes,
        int Queries, string? Skipped);

    /// <param name="keep">A folder to keep the seeded history in and reuse on the next run (seeding a quarter takes minutes).</param>
    public static async Task<Result> MeasureAsync(bool smoke, string? keep = null)
    {
        var regions = Lbc.Reference.ReferenceData.Load(Lbc.Reference.ReferenceData.DefaultDirectory);
        var now = DateTimeOffset.UtcNow;
        var thisQuarter = (now.Month - 1) / 3 + 1;
        var period = thisQuarter == 1 ? new BulletinPeriod(now.Year - 1, 4, null) : new BulletinPeriod(now.Year, thisQuarter - 1, null);
        var directory = keep ?? Path.Combine(Path.GetTempPath(), "lbc-bench-bulletin-" + Guid.NewGuid().ToString("n"));
        var marker = Path.Combine(directory, $"seeded-{period.Code}{(smoke ? "-smoke" : "")}");
        using var store = new SqliteHistoryStore(Path.Combine(directory, "history.db"), TimeProvider.System, retentionDays: 800);
        try
        {
            var step = smoke ? TimeSpan.FromHours(6) : TimeSpan.FromMinutes(1);
            var seed = Stopwatch.StartNew();
            var (minuteRows, durationRows) = File.Exists(marker)
                ? (15 * (long)((period.End - period.Start) / step), 3 * (long)Math.Ceiling((period.End - period.Start) / TimeSpan.FromMinutes(3)))
                : await SeedAsync(store, regions, period, step);
            seed.Stop();
            File.WriteAllText(marker, "");

            var composer = new BulletinComposer(store, regions, new BulletinGeometry(new ReferenceFiles(Lbc.Reference.ReferenceData.DefaultDirectory), regions), TimeProvider.System);
            var rules = new CommandCenterProjection(regions, RuleSettings.Default, now).RulesDto();
            var options = new BulletinOptions();
            var (cjk, latin) = (options.ResolveCjkFont(), options.ResolveLatinFont());
            var runs = smoke ? 1 : 5;
            var baseline = new List<double>();
            var leader = new List<double>();
            var cases = new List<double>();
            var pdf = new List<double>();
            var xlsx = new List<double>();
            long pdfBytes = 0, xlsxBytes = 0;
            var (query, _) = HistoryQueryParser.Parse("children", "21", BulletinComposer.Iso(period.Start), BulletinComposer.Iso(period.End), "1d", "avg", null, regions);
            for (var run = 0; run < runs + 1; run++)
            {
                var w = Stopwatch.StartNew();
                await store.QueryAsync(query!, CancellationToken.None);
                var b = w.Elapsed.TotalMilliseconds;
                w.Restart();
                var bulletin = await composer.ComposeAsync("21", period, aggregatesOnly: true, rules, CancellationToken.None);
                var l = w.Elapsed.TotalMilliseconds;
                w.Restart();
                await composer.ComposeAsync("21", period, aggregatesOnly: false, rules, CancellationToken.None);
                var c = w.Elapsed.TotalMilliseconds;
                double p = double.NaN;
                if (cjk is not null && latin is not null)
                {
                    w.Restart();
                    pdfBytes = BulletinPdfWriter.Write(bulletin, cjk, latin).Length;
                    p = w.Elapsed.TotalMilliseconds;
                }
                w.Restart();
                xlsxBytes = BulletinXlsxWriter.Write(bulletin).Length;
                var x = w.Elapsed.TotalMilliseconds;
                if (run > 0)
                {
                    // The first run warms the JIT, the fonts and SQLite's page cache: not counted.
                    baseline.Add(b);
                    leader.Add(l);
                    cases.Add(c);
                    pdf.Add(p);
                    xlsx.Add(x);
                }
            }
            // Reads per bulletin: 15 regions x (14 counts + 3 stages) + 3 headline counts + the previous quarter (20), each
            // count read twice for the leading group (the days, and the hours that decide what is hidden).
            var reads = 15 * (BulletinFields.TableCounts.Count + BulletinFields.ResponseStages.Count) + BulletinFields.HeadlineCounts.Count
                + BulletinFields.TableCounts.Count + BulletinFields.HeadlineCounts.Count + BulletinFields.ResponseStages.Count;
            return new Result(period, minuteRows, durationRows, seed.Elapsed.TotalSeconds, baseline.Count, Median(baseline), Median(leader), Median(cases),
                Median(pdf), Median(xlsx), pdfBytes, xlsxBytes, reads,
                cjk is null ? $"no CJK font ({BulletinOptions.CjkPackage})" : latin is null ? $"no Latin font ({BulletinOptions.LatinPackage})" : null);
        }
        finally
        {
            store.Dispose();
            try
            {
                if (keep is null)
                {
                    Directory.Delete(directory, true);
                }
            }
            catch (IOException)
            {
            }
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Province and cities every <paramref name="step"/> of the quarter (the province the sum), figures drifting by city and hour.</summary>
    private static async Task<(long Minutes, long Durations)> SeedAsync(SqliteHistoryStore store, RegionCatalog regions, BulletinPeriod period, TimeSpan step)
    {
        long minutes = 0;
        var random = new Random(16);
        for (var t = period.Start; t < period.End; t += step)
        {
            var rows = new List<RegionRow>(15);
            var province = Figures.Build();
            for (var i = 0; i < regions.Cities.Count; i++)
            {
                var children = 4_000 + 300 * i + (int)(t - period.Start).TotalDays;
                var overdue = 150 + 20 * i + random.Next(10);
                var builder = Figures.Build();
                builder[Figure.Children] = children;
                builder[Figure.VisitOverdue] = overdue;
                builder[Figure.VisitDueSoon] = 200;
                builder[Figure.VisitedOnTime] = children - overdue - 200;
                builder[Figure.StaleRecords] = 100 + i;
                builder[Figure.LateTownships] = i % 4 == 0 ? 2 : 6 + i;
                builder[Figure.SchoolAge] = 2_500 + 100 * i;
                builder[Figure.Paired] = 2_300 + 100 * i;
                builder[Figure.OpenCases] = 20 + i;
                builder[Figure.ReportsBySchool] = 30 + i;
                builder[Figure.ReportsByMedical] = 12;
                builder[Figure.ReportsByVillageCommittee] = 25;
                var figures = builder.ToFigures();
                province.Add(figures);
                rows.Add(new RegionRow(regions.Cities[i].Code, RegionLevel.City, figures));
            }
            rows.Insert(0, new RegionRow("21", RegionLevel.Province, province.ToFigures()));
            await store.WriteMinuteAsync(t, rows, CancellationToken.None);
            minutes += rows.Count;
        }
        var samples = new List<DurationSample>();
        long durations = 0;
        var township = regions.Townships;
        var n = 0;
        for (var t = period.Start; t < period.End; t += TimeSpan.FromMinutes(3))
        {
            var at = township[random.Next(township.Count)].Code;
            foreach (var (stage, seconds) in new[] { ("acknowledged", 60 + random.Next(600)), ("dispatched", 300 + random.Next(900)), ("on_scene", 1_800 + random.Next(3_600)) })
            {
                samples.Add(new DurationSample(CommandCenterProjection.ResponseKind, stage, "missing", at, t, seconds, $"bench-{n++}"));
            }
            if (samples.Count >= 3_000)
            {
                await store.WriteDurationsAsync(samples, CancellationToken.None);
                durations += samples.Count;
                samples.Clear();
            }
        }
        await store.WriteDurationsAsync(samples, CancellationToken.None);
        durations += samples.Count;
        return (minutes, durations);
    }

    public static string Table(Result r) => string.Create(CultureInfo.InvariantCulture, $"""
        ## 11. Bulletin export

        `dotnet run -c Release --project bench/Lbc.Benchmarks -- --bulletins` ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} +00:00): the province's bulletin
        for {r.Period.Code} (`bench/Lbc.Benchmarks/BulletinBench.cs`). History: the embedded SQLite store holding the whole quarter,
        {r.MinuteRows:N0} region-minute rows (the province and its 14 cities, every minute; the other regions' rows would sit apart
        in the table's (region, time) order) and {r.DurationRows:N0} police stage times (a report every 3 minutes), seeded in
        {r.SeedSeconds:0.0} s (0 when kept from an earlier run with `--bulletin-data DIR`). The composer makes {r.Queries} history reads through the history API's own parser and read path
        (the leading group's counts twice: the days and the hours that decide what is hidden). Median of {r.Runs} runs after a warm-up run.{(r.Skipped is null ? "" : $" PDF skipped: {r.Skipped}.")}

        | step | ms | size |
        |---|---|---|
        | baseline: one history query of the quarter (children, province, by the day) | {r.BaselineMs:0.0} | |
        | compose, leading group (history through its privacy rule, suppression) | {r.ComposeLeaderMs:0} | |
        | compose, case-level user (history as stored) | {r.ComposeCasesMs:0} | |
        | write the PDF (PDFsharp, fonts embedded as subsets, choropleth as vector paths) | {r.PdfMs:0} | {r.PdfBytes / 1024.0:0} KB |
        | write the XLSX (OpenXML, 10 sheets) | {r.XlsxMs:0} | {r.XlsxBytes / 1024.0:0} KB |
        | **PDF bulletin, leading group (compose + write; target < 5 s)** | **{r.ComposeLeaderMs + r.PdfMs:0}** | |
        | **XLSX bulletin, leading group (compose + write; target < 5 s)** | **{r.ComposeLeaderMs + r.XlsxMs:0}** | |

        """);
}
