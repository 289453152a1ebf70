using System.Diagnostics;
using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>The police duty officer's screen in a real browser: the map, the case queue, and a new report arriving live.</summary>
public sealed class PoliceQueueTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    /// <summary>"Within a few seconds": the server pushes a new report at once, so this is slack for a busy machine.</summary>
    private static readonly TimeSpan ArrivalLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ProvinceOfficer_SignsIn_SeesCountyMapAndCaseQueue()
    {
        await using var session = await chromium.NewSessionAsync(server, output);

        var officer = await session.SignInAsync(Roles.PoliceDutyOfficer, "21");

        var map = LeafletMap.In(officer.Page);
        await Expect(map.Container).ToBeVisibleAsync();
        var (paths, painted) = await map.WaitForBordersAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"County borders: {paths} SVG paths, {painted:P0} of the overlay canvas painted");
        await Expect(officer.Page.Locator("section.cases")).ToBeVisibleAsync();
        await officer.ScreenshotAsync();
    }

    [Fact]
    public async Task ReportFiled_AppearsInTheQueueOfEverySignedInOfficer_WithinSeconds()
    {
        await using var first = await chromium.NewSessionAsync(server, output);
        await using var second = await chromium.NewSessionAsync(server, output);
        var officer = await first.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var colleague = await second.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var village = TestEvents.ShenyangVillage;
        var township = Geography.Catalog.NameOf(village[..9]);

        var filed = Stopwatch.StartNew();
        var caseId = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-BT"), village) { Category = "missing" });

        var row = officer.Case(caseId);
        await Expect(row).ToBeVisibleAsync(new() { Timeout = Ms(ArrivalLimit) });
        output.WriteLine($"Row of {caseId} shown after {filed.ElapsedMilliseconds} ms");
        await Expect(colleague.Case(caseId)).ToBeVisibleAsync(new() { Timeout = Ms(ArrivalLimit) });
        output.WriteLine($"Shown to the second officer after {filed.ElapsedMilliseconds} ms");
        // What the officer reads in the row: the category and the township by name, in Chinese.
        await Expect(row).ToContainTextAsync("失踪");
        await Expect(row).ToContainTextAsync(township!);
        await Expect(row).ToHaveAttributeAsync("data-stage", "received");
        // And the map has its marker.
        await Expect(LeafletMap.In(officer.Page).Container).ToHaveAttributeAsync("data-case-count", "1");
        await officer.ScreenshotAsync();
        await colleague.ScreenshotAsync("second-officer");
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
