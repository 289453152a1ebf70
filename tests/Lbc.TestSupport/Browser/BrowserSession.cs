using Microsoft.Playwright;

namespace Lbc.TestSupport.Browser;

/// <summary>
/// One test's browser context: its own cookies (so two sessions are two users), a recorder of everything it received,
/// and the test's artifacts. Dispose closes the context and every page in it.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>How long a page may take to boot the WebAssembly runtime and show live data on 2 busy cores.</summary>
    public static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(45);

    internal BrowserSession(IBrowserContext context, TestArtifacts artifacts)
    {
        Context = context;
        Artifacts = artifacts;
        // Every wait in these tests names its own timeout; this bounds the rest (fills and clicks wait for the app to boot).
        context.SetDefaultTimeout((float)LoadTimeout.TotalMilliseconds);
        Traffic.Attach(context);
    }

    public IBrowserContext Context { get; }

    public TrafficRecorder Traffic { get; } = new();

    public TestArtifacts Artifacts { get; }

    /// <summary>A new tab on <paramref name="path"/> (relative to the server, e.g. <c>"signin"</c> or <c>"cases/R-1"</c>); does not wait for data.</summary>
    public async Task<DashboardPage> OpenAsync(string path = "")
    {
        var page = await Context.NewPageAsync();
        Traffic.Attach(page);
        // The browser's own complaints (a failed script, an unhandled .NET exception) explain most timeouts.
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Artifacts.Log($"[browser {message.Type}] {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Artifacts.Log($"[page error] {error}");
        await page.GotoAsync(path);
        return new DashboardPage(page, Artifacts);
    }

    /// <summary>Signs in through the real /signin page as the test account <c>role@jurisdiction</c> and waits for live data.</summary>
    public Task<DashboardPage> SignInAsync(string role, string jurisdiction) =>
        SignInAsUserAsync(TestUsers.UsernameOf(role, jurisdiction), TestUsers.Password);

    /// <summary>Signs in through the real /signin page with any account (a demo account, a configured one).</summary>
    public async Task<DashboardPage> SignInAsUserAsync(string username, string password)
    {
        var page = await OpenAsync("signin");
        await page.SignInAsync(username, password);
        return page;
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
