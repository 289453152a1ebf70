using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Lbc.TestSupport.Browser;

/// <summary>
/// Debian's headless chromium driven through Playwright, one browser per test class (<c>IClassFixture</c>); each test
/// takes a fresh context (<see cref="NewSessionAsync"/>): no cookie, cache or storage carried between tests.
/// Never <c>playwright install</c>: there is no internet, and Debian's build is what CI installs. Playwright's driver
/// runs on the Node.js it bundles in the NuGet package (copied next to the test assembly), so nothing else is needed.
/// Fails, rather than skips, when chromium or the CJK fonts are missing: a skip would hide that no page was checked.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>The flags this machine needs: root without a sandbox, no GPU, and no network beyond loopback to try.</summary>
    public static readonly IReadOnlyList<string> LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = FindChromium();
        RequireCjkFonts();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = LaunchArgs,
        });
    }

    /// <summary>
    /// A fresh browser context on <paramref name="server"/> (zh-CN, 1366x768, China time), recording every response and
    /// WebSocket frame; screenshots are named after <paramref name="testName"/> (the calling test by default).
    /// </summary>
    public async Task<BrowserSession> NewSessionAsync(LiveDashboard server, ITestOutputHelper output,
        Action<BrowserNewContextOptions>? configure = null, [CallerMemberName] string testName = "")
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        };
        configure?.Invoke(options);
        var context = await Browser.NewContextAsync(options);
        return new BrowserSession(context, new TestArtifacts(testName, output));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }

    /// <summary><c>CHROMIUM</c> if set, else <c>chromium</c> on the PATH (Debian puts it in /usr/bin).</summary>
    private static string FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured
                : throw new InvalidOperationException(
                    $"CHROMIUM is set to '{configured}', which does not exist. Unset it to use Debian's chromium (`apt-get install -y chromium`).");
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator).Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            "chromium is not installed, so the browser tests cannot run. Install Debian's package with " +
            "`apt-get install -y chromium fonts-noto-cjk` (.ci/run does), or set CHROMIUM to a chromium binary. " +
            "Do not run `playwright install`: it downloads a browser, and there is no internet here.");
    }

    /// <summary>Without a CJK font every Chinese label is drawn as a box: the screenshots would show nothing useful.</summary>
    private static void RequireCjkFonts()
    {
        const string fonts = "/usr/share/fonts";
        var found = Directory.Exists(fonts)
            && Directory.EnumerateFiles(fonts, "*CJK*", SearchOption.AllDirectories).Any();
        if (!found && OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException(
                "No CJK font is installed, so Chinese text would render as boxes. Install `apt-get install -y fonts-noto-cjk`.");
        }
    }
}
