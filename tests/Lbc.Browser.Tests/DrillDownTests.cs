using System.Text.RegularExpressions;
using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>
/// The leading group's drill-down in a real browser: the choropleth of the cities, a click on a city shows its
/// counties, a click on a county its townships, the breadcrumb leads back up, and the heat layer draws.
/// </summary>
public sealed partial class DrillDownTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task LeadingGroup_ClicksCityThenCounty_SeesItsCountiesThenTownships_AndCanGoBackUp()
    {
        var village = TestEvents.ShenyangVillage;
        for (var i = 0; i < 6; i++)
        {
            await server.Ingest.PostEventsAsync(TestEvents.ChildRegistered(TestReport.NewId("C-DD"), village));
        }
        await using var session = await chromium.NewSessionAsync(server, output);
        var leader = await session.SignInAsync(Roles.LeadingGroup, "21");
        var page = leader.Page;

        // The province: 14 cities in the table and coloured on the map.
        await Expect(page.Locator(".province[data-region-view='21']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr.region-row")).ToHaveCountAsync(14);
        await Expect(page.Locator("[data-map=choropleth]")).ToHaveAttributeAsync("data-region-count", "14", new() { Timeout = 15_000 });
        await leader.ScreenshotAsync("province");

        var city = village[..4];
        await page.Locator($"tr.region-row[data-region='{city}']").ClickAsync();
        await Expect(page.Locator($".province[data-region-view='{city}']")).ToBeVisibleAsync();
        Assert.Contains($"region={city}", page.Url, StringComparison.Ordinal);
        var counties = Geography.Catalog.CountiesIn(city).Count;
        await Expect(page.Locator("tr.region-row")).ToHaveCountAsync(counties);

        var county = village[..6];
        await page.Locator($"tr.region-row[data-region='{county}']").ClickAsync();
        await Expect(page.Locator($".province[data-region-view='{county}']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr.region-row")).ToHaveCountAsync(Geography.Catalog.TownshipsIn(county).Count);
        // The township with the six children shows them (6 is not suppressed); every other shows 0.
        await Expect(page.Locator($"tr.region-row[data-region='{village[..9]}'] td[data-column='children']")).ToHaveTextAsync("6");
        await Expect(page.Locator("[data-crumb]")).ToHaveCountAsync(3);

        await page.Locator("input[data-heat=overdue]").CheckAsync();
        await Expect(page.Locator("[data-map=choropleth]")).ToHaveAttributeAsync("data-region-count", Geography.Catalog.TownshipsIn(county).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await leader.ScreenshotAsync("county");

        // Back up through the breadcrumb.
        await page.Locator($"a[data-crumb='{city}']").ClickAsync();
        await Expect(page.Locator($".province[data-region-view='{city}']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr.region-row")).ToHaveCountAsync(counties);
    }

    [Fact]
    public async Task SortByAnyColumn_WorstFirst_ThenReversed()
    {
        await using var session = await chromium.NewSessionAsync(server, output);
        var leader = await session.SignInAsync(Roles.LeadingGroup, "21");
        var page = leader.Page;
        await Expect(page.Locator("tr.region-row")).ToHaveCountAsync(14);

        await page.Locator("th[data-sort='children']").ClickAsync();
        var descending = await ColumnAsync(page, "children");
        await page.Locator("th[data-sort='children']").ClickAsync();
        var ascending = await ColumnAsync(page, "children");

        Assert.Equal(descending.OrderByDescending(v => v), descending);
        Assert.Equal(ascending.OrderBy(v => v), ascending);
    }

    private static async Task<List<int>> ColumnAsync(Microsoft.Playwright.IPage page, string column) =>
        [.. (await page.Locator($"td[data-column='{column}']").AllTextContentsAsync())
            .Where(t => Number().IsMatch(t)).Select(t => int.Parse(t.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"^[\d,]+$")]
    private static partial Regex Number();
}
