using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>
/// The township ledger import in a real browser (issue 15): a township user uploads a file with two bad rows, sees them listed
/// with their row and column, chooses to import the rest, follows the progress, and the township's children figure changes.
/// </summary>
public sealed class LedgerImportTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    private const string Township = TestEvents.KangpingTownship;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TownshipUserUploadsFileWithTwoBadRows_SeesThemListed_ImportsTheRest_FiguresChange()
    {
        var village = LedgerFiles.VillageOf(Township);
        var file = new LedgerFiles()
            .Child("XCZ-0001", village)
            .Child("XCZ-0002", village, r => r["出生日期"] = "2016/02/30")
            .Child("XCZ-0003", LedgerFiles.VillageOf(Township, 1))
            .Child("XCZ-0004", village, r => r["监护类型"] = "爷爷奶奶")
            .Child("XCZ-0005", village);
        var path = Path.Combine(Path.GetTempPath(), $"小城子镇台账-{Guid.NewGuid():n}.csv");
        await File.WriteAllBytesAsync(path, file.ToCsv());
        try
        {
            await using var session = await chromium.NewSessionAsync(server, output);
            var staff = await session.SignInAsync(Roles.TownshipStaff, Township);
            // Township staff land on the import; the navigation leads there too.
            await Expect(staff.Page.Locator("[data-nav='ledger']")).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });
            await staff.GotoAsync("ledger");
            var children = staff.Page.Locator("[data-figure='children'] .value");
            await Expect(children).ToHaveTextAsync("0", new() { Timeout = Ms(Limit) });

            await staff.Page.Locator("[data-ledger-file]").SetInputFilesAsync(path);
            await staff.Page.Locator("[data-ledger-upload]").ClickAsync();

            var errors = staff.Page.Locator("[data-ledger-error]");
            await Expect(errors).ToHaveCountAsync(2, new() { Timeout = Ms(Limit) });
            await Expect(errors.Nth(0)).ToHaveAttributeAsync("data-row", "3");
            await Expect(errors.Nth(0)).ToHaveAttributeAsync("data-column", "出生日期");
            await Expect(errors.Nth(1)).ToHaveAttributeAsync("data-row", "5");
            await Expect(errors.Nth(1)).ToHaveAttributeAsync("data-column", "监护类型");
            await Expect(staff.Page.Locator("[data-ledger-count='new']")).ToHaveAttributeAsync("data-value", "3");
            await Expect(staff.Page.Locator("[data-ledger-count='bad-rows']")).ToHaveAttributeAsync("data-value", "2");
            var commit = staff.Page.Locator("[data-action='ledger.submitted']");
            await Expect(commit).ToBeDisabledAsync(); // bad rows: only with the user's choice to leave them out
            await staff.ScreenshotAsync("preview");

            await staff.Page.Locator("[data-ledger-skip-bad-rows]").CheckAsync();
            await commit.ClickAsync();

            await Expect(staff.Page.Locator("[data-ledger-state]")).ToHaveAttributeAsync("data-ledger-state", LedgerRoutes.Done, new() { Timeout = Ms(Limit) });
            await Expect(children).ToHaveTextAsync("3", new() { Timeout = Ms(Limit) });
            Assert.DoesNotContain("王小丫", await staff.Page.ContentAsync(), StringComparison.Ordinal); // names stay out of the page
            await staff.ScreenshotAsync("imported");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
