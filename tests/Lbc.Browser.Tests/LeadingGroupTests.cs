using System.Globalization;
using System.Text.RegularExpressions;
using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>
/// The provincial leading group's screen in a real browser: indicators and township figures, and never an identity.
/// The privacy check searches everything the browser received (every HTTP body, every hub frame), not the server's DTOs.
/// </summary>
public sealed partial class LeadingGroupTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task LeadingGroup_SeesIndicatorsAndTownships_AndNoIdentityEverReachesTheBrowser()
    {
        // Something to leak: a registered child, and a report about that child placed at exact coordinates.
        var village = TestEvents.ShenyangVillage;
        var township = Geography.Catalog.Townships.Single(t => t.Code == village[..9]);
        var childId = TestReport.NewId("C-BT");
        // About a kilometre from the township's point, so the pair differs from the township points the map may get.
        // Four decimals exactly, so the pattern below is a prefix of any longer or rounded rendering of them.
        var (lon, lat) = (Math.Round(township.Point.Lon + 0.0137, 4), Math.Round(township.Point.Lat + 0.0113, 4));
        await server.Ingest.PostEventsAsync(TestEvents.ChildRegistered(childId, village));
        var first = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-BT"), village)
        {
            Category = "domestic_violence", ChildId = childId, Lon = lon, Lat = lat,
        });
        await server.WaitForCaseAsync(first);

        await using var session = await chromium.NewSessionAsync(server, output);
        var leader = await session.SignInAsync(Roles.LeadingGroup, "21");

        // The leading group's home is the drill-down. Indicators: one open case is below 5, so the tile reads "<5",
        // never "1"; and the table of cities has rows.
        var openCases = leader.Page.Locator("[data-figure=\"openCases\"]");
        await Expect(openCases).ToContainTextAsync("<5");
        await Expect(leader.Page.Locator("tr.region-row").First).ToBeVisibleAsync();

        // Four more reports while the page is open: the count reaches 5 and is shown, so hub frames were received too.
        var reports = new List<string> { first };
        for (var i = 0; i < 4; i++)
        {
            reports.Add(await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-BT"), village) { Category = "domestic_violence" }));
        }
        await Expect(openCases.Locator(".value")).ToHaveTextAsync("5", new() { Timeout = 10_000 });
        // And in the city's row (沈阳市) of the sub-region table.
        var cityRow = leader.Page.Locator($"tr[data-region=\"{village[..4]}\"]");
        await Expect(cityRow.Locator("td").Filter(new() { HasTextRegex = ExactlyFive() })).ToHaveCountAsync(1);
        // The whole page: the sections are below the map and the table.
        await leader.ScreenshotAsync(fullPage: true);

        var leaks = new List<string>();
        foreach (var id in reports.Append(childId).Append(village))
        {
            leaks.AddRange(await session.Traffic.FindAsync(id));
        }
        leaks.AddRange(await session.Traffic.FindAsync(VillageCode()));
        leaks.AddRange(await session.Traffic.FindAsync(PairOf(lon, lat)));
        output.WriteLine($"Searched {session.Traffic.Responses.Count} responses and {session.Traffic.Frames.Count} WebSocket frames");
        Assert.True(session.Traffic.Frames.Count > 0, "the page received no hub frame: nothing live was checked");
        Assert.True(leaks.Count == 0, "The leading group's browser received identities:\n" + string.Join("\n", leaks.Take(20)));
    }

    /// <summary>
    /// The report's coordinate pair in any order and format (JSON fields, an array, "lat,lon"), to its 4 decimals (a prefix of
    /// any longer rendering); county borders and township points are other numbers.
    /// </summary>
    private static Regex PairOf(double lon, double lat)
    {
        var x = Regex.Escape(lon.ToString(CultureInfo.InvariantCulture));
        var y = Regex.Escape(lat.ToString(CultureInfo.InvariantCulture));
        return new Regex($@"{x}\d*\D{{1,40}}?{y}|{y}\d*\D{{1,40}}?{x}");
    }

    [GeneratedRegex(@"^\s*5\s*$")]
    private static partial Regex ExactlyFive();

    /// <summary>Any Liaoning village code: 12 digits starting 21, not part of a longer number or a decimal fraction.</summary>
    [GeneratedRegex(@"(?<![\d.])21\d{10}(?!\d)")]
    private static partial Regex VillageCode();
}
