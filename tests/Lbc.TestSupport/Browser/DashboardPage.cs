using System.Text.Json;
using Microsoft.Playwright;

namespace Lbc.TestSupport.Browser;

/// <summary>
/// One tab of the dashboard, with the waits every page shares: signed in, hub connected, data loaded. Page-specific
/// checks find elements by the contract's <c>data-*</c> attributes (ARCHITECTURE.md, "Pages and hooks"), never by
/// text or CSS, so they hold for the pages still being written (<c>/cases/{id}</c>, <c>/placements</c>, <c>/province</c>).
/// </summary>
public sealed class DashboardPage(IPage page, TestArtifacts artifacts)
{
    // Live: the hub is connected, data has been loaded (the top bar shows "last updated") and no loading state remains.
    // "error" as soon as Blazor shows its unhandled-error bar: waiting longer would only hide the cause.
    private const string LiveState = """
        () => {
            const error = document.getElementById('blazor-error-ui');
            if (error && getComputedStyle(error).display !== 'none') return 'error';
            const live = document.querySelector('.connection-connected') && document.querySelector('.topbar .updated')
                && !document.querySelector('.replay');
            return live ? 'live' : false;
        }
        """;

    public IPage Page { get; } = page;

    /// <summary>The top bar's hub indicator while it says "connected" (none otherwise).</summary>
    public ILocator Connected => Page.Locator(".connection-connected");

    /// <summary>A case's row (queue) or marker popup: <c>[data-case="id"]</c>.</summary>
    public ILocator Case(string caseId) => Page.Locator($"[data-case=\"{caseId}\"]");

    /// <summary>A line of the audit page (<c>/audit</c>): <c>[data-audit-action]</c>, of one case when <paramref name="caseId"/> is given.</summary>
    public ILocator AuditLine(string action, string? caseId = null) =>
        Page.Locator(caseId is null ? $"tr[data-audit-action=\"{action}\"]" : $"tr[data-audit-action=\"{action}\"][data-audit-case=\"{caseId}\"]");

    /// <summary>Goes to <paramref name="path"/> in this tab (relative, e.g. <c>"placements"</c>) and waits for live data.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitUntilLiveAsync();
    }

    /// <summary>Fills the real sign-in form and submits it, then waits until the home page shows live data.</summary>
    public async Task SignInAsync(string username, string password)
    {
        // The form exists only once the WebAssembly runtime has booted; fills wait for it.
        await Page.Locator("#username").FillAsync(username);
        await Page.Locator("#password").FillAsync(password);
        await Page.Locator("form button[type=submit]").ClickAsync();
        await Page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal),
            new PageWaitForURLOptions { Timeout = Ms(BrowserSession.LoadTimeout) });
        await WaitUntilLiveAsync();
    }

    /// <summary>Signs out through the top bar's button and waits for the sign-in form.</summary>
    public async Task SignOutAsync()
    {
        await Page.Locator("button.signout").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal),
            new PageWaitForURLOptions { Timeout = Ms(BrowserSession.LoadTimeout) });
        await Page.Locator("#username").WaitForAsync(new LocatorWaitForOptions { Timeout = Ms(BrowserSession.LoadTimeout) });
    }

    /// <summary>Waits until the page is signed in, connected to the hub and showing loaded (not loading) data.</summary>
    public async Task WaitUntilLiveAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? BrowserSession.LoadTimeout;
        string? state;
        try
        {
            var handle = await Page.WaitForFunctionAsync(LiveState, null, new PageWaitForFunctionOptions { Timeout = Ms(limit), PollingInterval = 100 });
            state = await handle.JsonValueAsync<string>();
        }
        catch (TimeoutException)
        {
            state = null;
        }
        if (state != "live")
        {
            throw new TimeoutException(
                $"The page never showed live data within {limit.TotalSeconds:0} s ({(state == "error" ? "Blazor's error bar is shown" : "still waiting")}); " +
                $"at {Page.Url}, connection: '{await TextOrNone(".connection")}', top bar: '{await TextOrNone(".topbar")}'");
        }
    }

    /// <summary>
    /// What this tab gets when its own code asks the server for <paramref name="path"/> (same origin, with whatever
    /// cookie the browser holds): whether the page can still load data.
    /// </summary>
    public async Task<(int Status, string Body)> FetchAsync(string path)
    {
        var result = await Page.EvaluateAsync<JsonElement>(
            "async path => { const r = await fetch(path, { credentials: 'same-origin' }); return { status: r.status, body: await r.text() }; }",
            path);
        return (result.GetProperty("status").GetInt32(), result.GetProperty("body").GetString() ?? "");
    }

    /// <summary>Saves a screenshot of this tab as the test's artifact; returns its path.</summary>
    public Task<string> ScreenshotAsync(string? label = null, bool fullPage = false) => artifacts.ScreenshotAsync(Page, label, fullPage);

    private async Task<string> TextOrNone(string selector)
    {
        var locator = Page.Locator(selector);
        return await locator.CountAsync() > 0 ? (await locator.First.InnerTextAsync()).ReplaceLineEndings(" ") : "(none)";
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
