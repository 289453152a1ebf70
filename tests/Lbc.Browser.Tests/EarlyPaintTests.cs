using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>
/// The duty officer's page painted before the .NET runtime has booted (wwwroot/js/early.js, issue 17 target 4): the
/// indicator figures and the map with the county borders and the case markers, from the same scoped endpoints and the
/// sign-in cookie; then the Blazor page takes the same Leaflet map over, in the same place, without a frame where the
/// map is missing. The runtime's boot is held back (dotnet.js is not served until the test lets it) to look at the
/// page in between.
/// </summary>
public sealed class EarlyPaintTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    // Every animation frame from the test's mark on: is a map with case markers and the open-cases figure visible?
    private const string WatchFrames = """
        () => {
            window.__frames = { total: 0, missing: 0 };
            const visible = e => !!e && getComputedStyle(e).visibility === 'visible' && e.getBoundingClientRect().width > 0;
            const tick = () => {
                const map = document.querySelector('.leaflet-container[data-case-count]');
                const figure = document.querySelector('#early [data-early-figure="openCases"] .value')
                    ?? document.querySelector('#app [data-figure="openCases"] .value');
                window.__frames.total++;
                if (!visible(map) || !visible(figure)) window.__frames.missing++;
                // The places in the first frame without the early page: what the hand-over itself did (the top bar may
                // grow later, when the alarm's badges arrive with the hub's snapshot, as it does without the early paint).
                if (!window.__frames.handedOver && !document.getElementById('early')) {
                    const rect = e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round).join(','); };
                    window.__frames.handedOver = { map: rect(map), tiles: rect(document.querySelector('#app .tiles')) };
                }
                requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
        }
        """;

    private const string Places = """
        () => {
            const rect = e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round).join(','); };
            const map = document.querySelector('.leaflet-container');
            const tiles = document.querySelector('#early .tiles') ?? document.querySelector('#app .tiles');
            return { map: rect(map), tiles: rect(tiles) };
        }
        """;

    [Fact]
    public async Task MapAndFiguresShowBeforeTheRuntimeBoots_AndBlazorTakesTheSameMapOver()
    {
        var caseId = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-EP"), TestEvents.ShenyangVillage) { Category = "missing" });
        await server.WaitForCaseAsync(caseId);
        await using var session = await chromium.NewSessionAsync(server, output);
        await session.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var expected = await OpenCasesAsync(session);

        // A fresh tab, as after a reload: the runtime's loader waits until the test lets it go.
        var page = await session.Context.NewPageAsync();
        var boot = new TaskCompletionSource();
        await page.RouteAsync("**/_framework/dotnet.js", async route =>
        {
            await boot.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("");

        var earlyMap = page.Locator("#early .leaflet-container");
        await Expect(earlyMap).ToBeVisibleAsync(new() { Timeout = Ms(Wait) });
        await Expect(earlyMap).ToHaveAttributeAsync("data-case-count", expected.Markers.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = Ms(Wait) });
        var (paths, painted) = await new LeafletMap(earlyMap).WaitForBordersAsync(Wait);
        output.WriteLine($"Early map: {expected.Markers} case markers, borders {paths} paths / {painted:P0} of the canvas painted");
        var earlyFigure = page.Locator("#early [data-early-figure=\"openCases\"]");
        await Expect(earlyFigure.Locator(".value")).ToHaveTextAsync(expected.Figure.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        // zh-CN first: the tile's label as the resources say (Figure_openCases).
        await Expect(earlyFigure.Locator(".label")).ToHaveTextAsync("未结案件");
        // The runtime has not started: Blazor rendered nothing, and the page shows the early paint over it.
        Assert.Equal(0, await page.Locator("#app .ops").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => !!(window.lbcEarly && window.lbcEarly.painted)"));
        // Nothing of it in browser storage.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        await session.Artifacts.ScreenshotAsync(page, "early");

        // The early map is marked, to find it again after the hand-over; every frame from now on is watched.
        await page.EvaluateAsync("() => { window.__earlyMap = document.querySelector('#early .leaflet-container'); }");
        var before = await page.EvaluateAsync<JsonElement>(Places);
        await page.EvaluateAsync(WatchFrames);
        boot.SetResult();

        // Blazor's page replaces the early one: one map, the very same Leaflet container, in Blazor's map element.
        await Expect(page.Locator("#early")).ToHaveCountAsync(0, new() { Timeout = Ms(BrowserSession.LoadTimeout) });
        await Expect(page.Locator("#app .ops-map .leaflet-container")).ToBeVisibleAsync();
        Assert.Equal(1, await page.Locator(".leaflet-container").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('#app .ops-map .leaflet-container') === window.__earlyMap"));
        await Expect(page.Locator("#app .leaflet-container")).ToHaveAttributeAsync("data-case-count", expected.Markers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#app [data-figure=\"openCases\"] .value")).ToHaveTextAsync(expected.Figure.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        // The Blazor markers have the popups with the case's hooks.
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('.leaflet-overlay-pane canvas') !== null"));
        var frames = await page.EvaluateAsync<JsonElement>("() => window.__frames");
        var after = frames.GetProperty("handedOver");
        output.WriteLine($"Before: {before}; after: {after}; frames {frames}");
        await session.Artifacts.ScreenshotAsync(page, "handed-over");
        // Nothing moved, and no frame went without the map and the figures.
        Assert.Equal(before.GetProperty("map").GetString(), after.GetProperty("map").GetString());
        Assert.Equal(before.GetProperty("tiles").GetString(), after.GetProperty("tiles").GetString());
        Assert.True(frames.GetProperty("total").GetInt32() > 0);
        Assert.Equal(0, frames.GetProperty("missing").GetInt32());
    }

    [Fact]
    public async Task EarlyPaint_FollowsTheLanguage_AndPaintsNothingSignedOut()
    {
        await using var session = await chromium.NewSessionAsync(server, output);
        // Signed out: the early requests come back 401, nothing is painted and the app goes to sign-in.
        var anonymous = await session.Context.NewPageAsync();
        await anonymous.GotoAsync("");
        await anonymous.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal),
            new() { Timeout = Ms(BrowserSession.LoadTimeout) });
        Assert.Equal(0, await anonymous.Locator("#early").CountAsync());
        Assert.Equal(0, await anonymous.Locator(".leaflet-container").CountAsync());
        await anonymous.CloseAsync();

        await session.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var page = await session.Context.NewPageAsync();
        var boot = new TaskCompletionSource();
        await page.RouteAsync("**/_framework/dotnet.js", async route =>
        {
            await boot.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("?lang=en");
        await Expect(page.Locator("#early [data-early-figure=\"openCases\"] .label")).ToHaveTextAsync("Open cases", new() { Timeout = Ms(Wait) });
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        var before = await page.EvaluateAsync<JsonElement>(Places);
        await page.EvaluateAsync(WatchFrames);
        boot.SetResult();
        await Expect(page.Locator("#early")).ToHaveCountAsync(0, new() { Timeout = Ms(BrowserSession.LoadTimeout) });
        await Expect(page.Locator("#app [data-figure=\"openCases\"] .label")).ToHaveTextAsync("Open cases");
        // The longer English labels wrap the top bar and the tiles alike in both: the map stays where it was.
        await Expect(page.Locator("#app .ops-map .leaflet-container")).ToBeVisibleAsync();
        var after = (await page.EvaluateAsync<JsonElement>("() => window.__frames")).GetProperty("handedOver");
        Assert.Equal(before.GetProperty("map").GetString(), after.GetProperty("map").GetString());
        Assert.Equal(before.GetProperty("tiles").GetString(), after.GetProperty("tiles").GetString());
    }

    /// <summary>What the server says the officer's page shows: the open-cases figure and the number of open cases (markers).</summary>
    [Fact]
    public async Task WithoutTheEarlyScript_TheAppStillStarts()
    {
        await using var session = await chromium.NewSessionAsync(server, output);
        await session.SignInAsync(Roles.PoliceDutyOfficer, "21");
        // early.js is what starts the runtime (autostart is off); when it cannot load, js/start-fallback.js must.
        var page = await session.Context.NewPageAsync();
        await page.RouteAsync("**/js/early.js", route => route.AbortAsync());
        await page.GotoAsync("");

        await Expect(page.Locator("#app .ops")).ToBeVisibleAsync(new() { Timeout = Ms(Wait) });
        await Expect(page.Locator("#app [data-figure=\"openCases\"] .value")).ToBeVisibleAsync(new() { Timeout = Ms(Wait) });
        Assert.Equal(0, await page.Locator("#early").CountAsync());
    }

    private static async Task<(int Figure, int Markers)> OpenCasesAsync(BrowserSession session)
    {
        var page = await session.Context.NewPageAsync();
        await page.GotoAsync("healthz");
        var snapshot = await page.EvaluateAsync<JsonElement>("async () => (await fetch('/api/snapshot', { credentials: 'same-origin' })).json()");
        await page.CloseAsync();
        var figure = snapshot.GetProperty("indicators").TryGetProperty("openCases", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : 0;
        var markers = snapshot.GetProperty("openCases").EnumerateArray().Count(c => !c.GetProperty("closed").GetBoolean());
        return (figure, markers);
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
