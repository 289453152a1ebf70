using Lbc.Contracts;
using Lbc.Domain.Regions;

namespace Lbc.Browser.Tests;

/// <summary>The dashboard on a national catalog (Liaoning plus a township of Jilin), for the country's leading group.</summary>
public sealed class NationalDashboard : LiveDashboard
{
    private readonly NationalCatalog _catalog;

    public NationalDashboard()
        : this(new NationalCatalog())
    {
    }

    private NationalDashboard(NationalCatalog catalog)
        : base(catalog.Settings()) => _catalog = catalog;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _catalog.Dispose();
    }
}

/// <summary>
/// The country's leading group in a real browser: its drill-down opens at 全国 with a row and a named circle per province,
/// a click on a province shows its cities (circles: no outlines outside Liaoning), and the breadcrumb leads back to 全国.
/// </summary>
public sealed class NationalLeadingGroupTests(NationalDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<NationalDashboard>, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task CountryLeadingGroup_SeesTheProvinces_DrillsIntoJilin_AndComesBackToTheCountry()
    {
        await server.Ingest.PostEventsAsync(TestEvents.ChildRegistered(TestReport.NewId("C-NAT"), NationalCatalog.JilinVillage));
        await using var session = await chromium.NewSessionAsync(server, output);
        var leader = await session.SignInAsync(Roles.LeadingGroup, RegionCodes.Country);
        var page = leader.Page;

        await Expect(page.Locator($".province[data-region-view='{RegionCodes.Country}']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr.region-row")).ToHaveCountAsync(2);
        var map = page.Locator("[data-map=choropleth]");
        await Expect(map).ToHaveAttributeAsync("data-region-count", "2", new() { Timeout = 15_000 });
        await Expect(map.Locator(".region-label")).ToHaveTextAsync(["辽宁省", "吉林省"]);
        await leader.ScreenshotAsync("country");

        await page.Locator("tr.region-row[data-region='22']").ClickAsync();
        await Expect(page.Locator(".province[data-region-view='22']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr.region-row[data-region='2201']")).ToBeVisibleAsync();
        await Expect(map).ToHaveAttributeAsync("data-region-count", "1");
        await Expect(map.Locator(".region-label")).ToHaveTextAsync(["长春市"]);
        await Expect(page.Locator("[data-crumb]")).ToHaveCountAsync(2);

        await page.Locator($"a[data-crumb='{RegionCodes.Country}']").ClickAsync();
        await Expect(page.Locator($".province[data-region-view='{RegionCodes.Country}']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr.region-row")).ToHaveCountAsync(2);
    }
}
