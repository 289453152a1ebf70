using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>Signing out in a real browser: back to the sign-in page, and nothing of the session still loads data.</summary>
public sealed class SignOutTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task SignOut_ReturnsToSignIn_AndTheOldPageCanNoLongerLoadData()
    {
        await using var session = await chromium.NewSessionAsync(server, output);
        var officer = await session.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var otherTab = await session.OpenAsync();
        await otherTab.WaitUntilLiveAsync();
        Assert.Equal(200, (await otherTab.FetchAsync("api/snapshot")).Status);

        await officer.SignOutAsync();

        await Expect(officer.Page.Locator("#username")).ToBeEmptyAsync();
        await officer.ScreenshotAsync();
        // The pages' own code asking for data, as their scripts would: refused, in this tab and in the one left open.
        Assert.Equal(401, (await officer.FetchAsync("api/snapshot")).Status);
        Assert.Equal(401, (await otherTab.FetchAsync("api/snapshot")).Status);
        // Back to the dashboard the user had open: it sends them to sign in again instead of showing data.
        await officer.Page.GoBackAsync();
        await officer.Page.WaitForURLAsync("**/signin", new() { Timeout = Ms(BrowserSession.LoadTimeout) });
        await Expect(officer.Page.Locator("#username")).ToBeVisibleAsync();
        await Expect(officer.Page.Locator(".topbar .updated")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A hub WebSocket is authenticated once, when it opens: unless signing out ends it, a tab left open keeps streaming
    /// new cases (ids, villages, coordinates) to a browser whose user has signed out.
    /// </summary>
    [Fact]
    public async Task SignOut_InOneTab_EndsTheLiveFeedOfTheTabsLeftOpen()
    {
        await using var session = await chromium.NewSessionAsync(server, output);
        await using var colleagueSession = await chromium.NewSessionAsync(server, output);
        var officer = await session.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var otherTab = await session.OpenAsync();
        await otherTab.WaitUntilLiveAsync();
        var colleague = await colleagueSession.SignInAsync(Roles.PoliceDutyOfficer, "21");

        await officer.SignOutAsync();

        try
        {
            await Expect(otherTab.Connected).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        }
        catch (PlaywrightException)
        {
            await otherTab.ScreenshotAsync();
            Assert.Fail("10 s after signing out, a tab left open still had its live hub connection: it keeps receiving new cases.");
        }
        // A report after the sign-out reaches the officer still signed in, and not the tab left open.
        var caseId = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-BT"), TestEvents.ShenyangVillage));
        await Expect(colleague.Case(caseId)).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(otherTab.Case(caseId)).ToHaveCountAsync(0);
        await otherTab.ScreenshotAsync();
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
