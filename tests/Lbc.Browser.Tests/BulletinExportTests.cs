using System.Globalization;
using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>The drill-down's bulletin export in a real browser: the region shown, the period picked, a file downloaded.</summary>
public sealed class BulletinExportTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task LeadingGroup_OnACity_PicksAMonthAndDownloadsItsWorkbook()
    {
        await using var session = await chromium.NewSessionAsync(server, output);
        var leader = await session.SignInAsync(Roles.LeadingGroup, "21");
        var page = leader.Page;
        await Expect(page.Locator(".province[data-region-view='21']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.Locator("tr.region-row[data-region='2101']").ClickAsync();
        await Expect(page.Locator(".province[data-region-view='2101']")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        var month = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await page.Locator("[data-bulletin-period]").SelectOptionAsync(month);
        var link = page.Locator("[data-bulletin-export='xlsx']");
        await Expect(link).ToHaveAttributeAsync("href", BulletinRoutes.Of("2101", month, "xlsx"));
        await leader.ScreenshotAsync("export");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());

        Assert.Equal($"bulletin-2101-{month}.xlsx", download.SuggestedFilename);
        var path = await download.PathAsync();
        var head = new byte[2];
        await using (var file = File.OpenRead(path!))
        {
            Assert.Equal(2, await file.ReadAsync(head));
        }
        Assert.Equal("PK"u8.ToArray(), head);
    }
}
