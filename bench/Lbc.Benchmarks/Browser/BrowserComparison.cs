using System.Globalization;
using System.Text;

namespace Lbc.Benchmarks.Browser;

/// <summary>
/// Navigation to "the map shows live data" for the dashboard's published build, beside navigation to
/// "Hello, world!" for the blank Blazor WebAssembly template, published and measured the same way.
/// </summary>
internal static class BrowserComparison
{
    // Issue 17's "map is live": the county borders drawn (the overlay pane holds a canvas or SVG paths), the case
    // markers drawn (the map carries their count once the snapshot's cases are on it; 0 is a valid count) and the
    // indicator figures shown (the open-cases tile has its value), each on screen (not in a hidden element). Whoever
    // draws them: the page painted before the runtime boots (js/early.js: data-early-figure) or Blazor (data-figure).
    private const string DashboardReady =
        "(() => { const shown = e => e.checkVisibility({ visibilityProperty: true });"
        + " return [...document.querySelectorAll('[data-case-count]')].some(shown)"
        + " && document.querySelector('.leaflet-overlay-pane canvas, .leaflet-overlay-pane path') !== null"
        + " && [...document.querySelectorAll('[data-figure=\"openCases\"] .value, [data-early-figure=\"openCases\"] .value')]"
        + ".some(e => shown(e) && e.textContent.trim() !== ''); })()";
    // Blazor's own page on screen, connected to the hub (the early page, if any, handed over): the app is interactive.
    private const string DashboardInteractive =
        "(() => { const ops = document.querySelector('#app .ops'); return !!ops && ops.checkVisibility({ visibilityProperty: true })"
        + " && !document.getElementById('early') && document.querySelector('.connection-connected') !== null; })()";
    private const string BlankReady = "(document.querySelector('h1')?.textContent ?? '').includes('Hello')";

    /// <summary>Median dashboard / median blank of the last run.</summary>
    public static double LastRatio { get; private set; } = double.NaN;

    /// <summary>The drill-down click's table (<see cref="DrillDownBrowser"/>) of the last run, when it was asked for.</summary>
    public static string? LastDrillDown { get; private set; }

    /// <param name="drillDown">Also the leading group's drill-down click (<see cref="DrillDownBrowser"/>) on the same dashboard: that city.</param>
    public static async Task<string> RunAsync(bool smoke, string? user, string? password, (string Code, string Name)? drillDown = null)
    {
        var repoRoot = RepoRoot();
        var work = Directory.CreateTempSubdirectory("lbc-browser-bench-").FullName;
        var runs = smoke ? 1 : 7;
        var dashboardPort = Apps.FreePort();
        var blankPort = Apps.FreePort();
        var dashboard = await Apps.StartDashboardAsync(repoRoot, work, dashboardPort, smoke ? 2_000 : 60_000);
        try
        {
            await using var blank = await Apps.StartBlankTemplateAsync(work, blankPort);
            var origin = new Uri($"http://127.0.0.1:{dashboardPort}/");
            // The dashboard needs a signed-in user: the demo duty officer of the embedded default unless told otherwise.
            var signIn = BrowserLoad.SignIn(origin, user ?? "police.province", password ?? "lbc-demo-2016");
            // Alternate the two so machine noise hits both alike.
            var dashboardTimes = new List<double>();
            var interactiveTimes = new List<double>();
            var blankTimes = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                blankTimes.AddRange((await BrowserLoad.MeasureAsync("blank", new Uri($"http://127.0.0.1:{blankPort}/"), BlankReady, null, 1)).RunsMs);
                var run = await BrowserLoad.MeasureAsync("dashboard", origin, DashboardReady, signIn, 1, DashboardInteractive);
                dashboardTimes.AddRange(run.RunsMs);
                interactiveTimes.AddRange(run.ThenMs!);
            }
            var d = new BrowserLoad.Result("dashboard", dashboardTimes);
            var b = new BrowserLoad.Result("blank", blankTimes);
            LastRatio = d.MedianMs / b.MedianMs;
            var report = new StringBuilder();
            report.AppendLine("| browser (headless Chromium, published builds, cold context) | runs | median ms | min ms | max ms |");
            report.AppendLine("|---|---|---|---|---|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| blank Blazor WebAssembly template: navigation → \"Hello, world!\" (baseline) | {runs} | {b.MedianMs:F0} | {blankTimes.Min():F0} | {blankTimes.Max():F0} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| dashboard: navigation → map shows county borders, live cases and the figures | {runs} | {d.MedianMs:F0} | {dashboardTimes.Min():F0} | {dashboardTimes.Max():F0} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| ratio dashboard / blank | | {d.MedianMs / b.MedianMs:F2} | | |");
            var interactive = new BrowserLoad.Result("interactive", interactiveTimes);
            report.AppendLine(CultureInfo.InvariantCulture, $"| dashboard: navigation → Blazor's page on screen and connected (not the target; for the hand-over's cost) | {runs} | {interactive.MedianMs:F0} | {interactiveTimes.Min():F0} | {interactiveTimes.Max():F0} |");
            if (drillDown is { } city)
            {
                LastDrillDown = await DrillDownBrowser.MeasureAsync(origin, city.Code, city.Name, smoke ? 1 : 5);
                Console.WriteLine(LastDrillDown);
            }
            return report.ToString();
        }
        finally
        {
            dashboard.Kill(entireProcessTree: true);
            await dashboard.WaitForExitAsync();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }

    private static string RepoRoot()
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
