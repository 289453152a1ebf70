using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Lbc.TestSupport.Browser;

/// <summary>
/// Where a browser test leaves what a person should look at: screenshots in <c>tests/artifacts/screenshots/</c> of the
/// repository (gitignored; <c>LBC_TEST_ARTIFACTS</c> overrides the folder), each path also written to the test output,
/// plus the browser's errors and warnings.
/// </summary>
public sealed class TestArtifacts(string testName, ITestOutputHelper output)
{
    private static readonly Lazy<string> s_screenshots = new(() =>
        Environment.GetEnvironmentVariable("LBC_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? Path.Combine(configured, "screenshots")
            : Path.Combine(RepositoryRoot(), "tests", "artifacts", "screenshots"));

    public string TestName { get; } = testName;

    /// <summary>
    /// Saves what the page shows now as <c>&lt;TestName&gt;.png</c> (or <c>&lt;TestName&gt;-&lt;label&gt;.png</c>); the
    /// viewport, or the whole scrolled page with <paramref name="fullPage"/>. Returns the path.
    /// </summary>
    public async Task<string> ScreenshotAsync(IPage page, string? label = null, bool fullPage = false)
    {
        Directory.CreateDirectory(s_screenshots.Value);
        var path = Path.Combine(s_screenshots.Value, label is null ? $"{TestName}.png" : $"{TestName}-{label}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        Log($"Screenshot: {path}");
        return path;
    }

    /// <summary>Writes to the test's output; a browser event arriving after the test ended is dropped, not an error.</summary>
    public void Log(string message)
    {
        try
        {
            output.WriteLine(message);
        }
        catch (InvalidOperationException)
        {
            // xunit refuses output once the test has finished (e.g. a console message during teardown).
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return dir.FullName;
            }
        }
        // Run from a copied build output: keep the artifacts beside it rather than fail the test.
        return AppContext.BaseDirectory;
    }
}
