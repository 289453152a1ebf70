using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lbc.Benchmarks.Browser;

/// <summary>
/// The drill-down click in the browser (issue 13): the leading group on <c>/province</c>, fully drawn, clicks a city's
/// row; measured in the page (performance.now(), a MutationObserver recording the first moment each part is in the DOM)
/// from the click to the city's figures (breadcrumb view and headline tiles), its choropleth (the map's regions set),
/// its township heat layers, and its trend charts (every chart drawn anew). Each run in a fresh browser context.
/// </summary>
internal static class DrillDownBrowser
{
    public sealed record Run(double Figures, double Map, double Heat, double Charts, int HistoryReads, double LastHistoryAnswer, int Charted)
    {
        public double All => Math.Max(Math.Max(Figures, Map), Math.Max(Heat, Charts));
    }

    /// <summary>Median of the last measurement (click to everything on screen), for the targets table.</summary>
    public static double LastMedianMs { get; private set; } = double.NaN;

    private const string ProvinceReady = """
        (() => {
            const view = document.querySelector('[data-region-view="21"]');
            if (!view || !view.querySelector('.headline [data-figure]')) return false;
            const map = view.querySelector('[data-map=choropleth]');
            if (!map || !map.hasAttribute('data-region-count') || !map.hasAttribute('data-heat-points')) return false;
            const canvases = [...view.querySelectorAll('.trend-canvas')];
            return canvases.length > 0 && canvases.every(c => c.querySelector('svg'));
        })()
        """;

    public static async Task<string> MeasureAsync(Uri origin, string cityCode, string cityName, int runs)
    {
        await using var chromium = await Chromium.StartAsync();
        await using var devTools = await DevToolsSession.ConnectAsync(chromium.DevTools);
        var signIn = BrowserLoad.SignIn(origin, "leader.province", "lbc-demo-2016");
        var results = new List<Run>();
        for (var run = 0; run < runs; run++)
        {
            var (context, session) = await devTools.OpenPageAsync();
            await signIn(devTools, session);
            await devTools.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(origin, "province").ToString() }, session);
            await WaitAsync(devTools, session, ProvinceReady, TimeSpan.FromSeconds(90), "the province view never finished drawing");
            // Let the first load's trailing work (history reads, tiles) finish before the click.
            await Task.Delay(1500);
            var click = (await devTools.EvaluateAsync(session, Instrument(cityCode))).GetBoolean();
            if (!click)
            {
                throw new InvalidOperationException($"no row for {cityCode} on /province");
            }
            await WaitAsync(devTools, session, "window.__lbcDrill && window.__lbcDrill.done === true", TimeSpan.FromSeconds(60),
                $"the drill-down to {cityCode} never finished drawing");
            // What the charts waited for: the history reads the click started (the drill's own reads are two: figures, townships).
            var times = await devTools.EvaluateAsync(session, """
                (() => {
                    const d = __lbcDrill;
                    const reads = performance.getEntriesByType('resource').filter(e => e.name.includes('/api/history') && e.startTime >= d.click);
                    return JSON.stringify({ f: d.figures - d.click, m: d.map - d.click, h: d.heat - d.click, c: d.charts - d.click,
                        n: reads.length, last: reads.length ? Math.max(...reads.map(e => e.responseEnd)) - d.click : 0,
                        charts: document.querySelectorAll('.trend-canvas').length });
                })()
                """);
            using var doc = JsonDocument.Parse(times.GetString()!);
            var r = doc.RootElement;
            results.Add(new Run(r.GetProperty("f").GetDouble(), r.GetProperty("m").GetDouble(), r.GetProperty("h").GetDouble(), r.GetProperty("c").GetDouble(),
                r.GetProperty("n").GetInt32(), r.GetProperty("last").GetDouble(), r.GetProperty("charts").GetInt32()));
            await devTools.SendAsync("Target.disposeBrowserContext", new JsonObject { ["browserContextId"] = context });
        }
        LastMedianMs = Median(results.Select(r => r.All));
        var report = new StringBuilder();
        report.AppendLine("| browser: click on a city's row on /province (leading group), medians | runs | figures ms | choropleth ms | heat layers ms | charts ms | everything ms | min | max | charts | history reads after the click | last history answer ms |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| province 21 → city {cityCode} {cityName} | {runs} | {Median(results.Select(r => r.Figures)):F0} | {Median(results.Select(r => r.Map)):F0} | {Median(results.Select(r => r.Heat)):F0} | {Median(results.Select(r => r.Charts)):F0} | {LastMedianMs:F0} | {results.Min(r => r.All):F0} | {results.Max(r => r.All):F0} | {results[0].Charted} | {Median(results.Select(r => (double)r.HistoryReads)):F0} | {Median(results.Select(r => r.LastHistoryAnswer)):F0} |");
        return report.ToString();
    }

    /// <summary>
    /// Marks what the province view has drawn (old chart drawings, the map's region and heat markers removed), starts a
    /// MutationObserver that records the first moment each part of the city's view is in the DOM, then clicks the row.
    /// </summary>
    private static string Instrument(string code) => $$"""
        (() => {
            const code = '{{code}}';
            const row = document.querySelector(`tr.region-row[data-region="${code}"]`);
            if (!row) return false;
            const map = document.querySelector('[data-map=choropleth]');
            map.removeAttribute('data-region-count');
            map.removeAttribute('data-heat-points');
            document.querySelectorAll('.trend-canvas svg').forEach(s => s.setAttribute('data-lbc-old', ''));
            const r = window.__lbcDrill = { done: false };
            const check = () => {
                const now = performance.now();
                const view = document.querySelector(`[data-region-view="${code}"]`);
                if (!view) return;
                if (r.figures === undefined && view.querySelector('.headline [data-figure]')) r.figures = now;
                const m = view.querySelector('[data-map=choropleth]');
                if (r.map === undefined && m && m.hasAttribute('data-region-count')) r.map = now;
                if (r.heat === undefined && m && m.hasAttribute('data-heat-points')) r.heat = now;
                const canvases = [...view.querySelectorAll('.trend-canvas')];
                if (r.charts === undefined && canvases.length > 0 && canvases.every(c => c.querySelector('svg:not([data-lbc-old])'))) r.charts = now;
                if (r.figures !== undefined && r.map !== undefined && r.heat !== undefined && r.charts !== undefined) {
                    r.done = true;
                    observer.disconnect();
                }
            };
            const observer = new MutationObserver(check);
            observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
            r.click = performance.now();
            row.click();
            return true;
        })()
        """;

    private static async Task WaitAsync(DevToolsSession devTools, string session, string expression, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var value = await devTools.EvaluateAsync(session, $"(() => {{ try {{ return !!({expression}); }} catch {{ return false; }} }})()");
            if (value.ValueKind == JsonValueKind.True)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException(failure);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
