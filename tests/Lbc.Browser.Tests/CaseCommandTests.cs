using System.Diagnostics;
using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>
/// The police console's command path in a real browser: a report filed through ingest reaches two officers; one
/// acknowledges it with a click in the case view, and the other's queue shows it acknowledged, with who did it, from the
/// live feed (not from the first officer's answer).
/// </summary>
public sealed class CaseCommandTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    // Generous: the whole suite shares two cores with a server and two browsers; the live path is measured in the benchmarks.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OfficerAcknowledgesInTheCaseView_OtherOfficerSeesItAcknowledgedWithWhoDidIt()
    {
        await using var first = await chromium.NewSessionAsync(server, output);
        await using var second = await chromium.NewSessionAsync(server, output);
        var officer = await first.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var colleague = await second.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        var caseId = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-ACK"), TestEvents.ShenyangVillage) { Category = "domestic_violence" });
        await Expect(officer.Case(caseId)).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });
        await Expect(colleague.Case(caseId)).ToHaveAttributeAsync("data-stage", "received", new() { Timeout = Ms(Limit) });
        // A new priority-1 report is impossible to miss: highlighted in the queue, counted in the tab title.
        await Expect(officer.Case(caseId)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("unseen"));
        Assert.StartsWith("(1)", await officer.Page.TitleAsync(), StringComparison.Ordinal);

        await officer.Case(caseId).DblClickAsync();
        await Expect(officer.Page.Locator($".case-view[data-case='{caseId}']")).ToBeVisibleAsync();
        var clicked = Stopwatch.StartNew();
        await officer.Page.Locator("[data-action='case.acknowledged']").ClickAsync();

        await Expect(officer.Page.Locator("[data-command-result='ok']")).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });
        var row = colleague.Case(caseId);
        await Expect(row).ToHaveAttributeAsync("data-stage", "acknowledged", new() { Timeout = Ms(Limit) });
        output.WriteLine($"Acknowledged on the other officer's screen {clicked.ElapsedMilliseconds} ms after the click");
        await Expect(row).ToContainTextAsync(TestUsers.DisplayNameOf(Roles.PoliceDutyOfficer, "21"));
        // The case view now offers the next step of the chain and no longer the one just recorded.
        await Expect(officer.Page.Locator("[data-action='case.dispatched']")).ToBeVisibleAsync();
        await Expect(officer.Page.Locator("[data-action='case.acknowledged']")).ToHaveCountAsync(0);
        await Expect(officer.Page.Locator(".timeline li[data-event-type='case.acknowledged']")).ToContainTextAsync(
            TestUsers.DisplayNameOf(Roles.PoliceDutyOfficer, "21"));
        await officer.ScreenshotAsync("case-view");
        await colleague.ScreenshotAsync("other-officer");
    }

    [Fact]
    public async Task SecondOfficerClicksTheSameStepLate_IsToldWhoWasFirst()
    {
        await using var first = await chromium.NewSessionAsync(server, output);
        await using var second = await chromium.NewSessionAsync(server, output);
        var officer = await first.SignInAsync(Roles.PoliceDutyOfficer, "21");
        var colleague = await second.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        var caseId = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-RACE"), TestEvents.ShenyangVillage) { Category = "living_alone" });
        await officer.GotoAsync($"/cases/{caseId}");
        await colleague.GotoAsync($"/cases/{caseId}");
        await Expect(colleague.Page.Locator("[data-action='case.acknowledged']")).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });

        // The colleague's page still shows the old version when the first officer acknowledges.
        await officer.Page.Locator("[data-action='case.acknowledged']").ClickAsync();
        await Expect(officer.Page.Locator("[data-command-result='ok']")).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });
        var late = colleague.Page.Locator("[data-action='case.acknowledged']");
        var clickedLate = false;
        try
        {
            // The live feed may already have replaced the button (then there is nothing to race).
            await late.ClickAsync(new() { Timeout = 1000 });
            clickedLate = true;
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
        }
        var timelineAck = colleague.Page.Locator(".timeline li[data-event-type='case.acknowledged']");
        var refused = colleague.Page.Locator("[data-command-result='refused']");
        if (clickedLate)
        {
            // The click reached the server (refused, naming who was first) or landed on the button that replaced it,
            // which holds clicks for a moment so that nobody records a step they did not choose.
            await Expect(refused.Or(timelineAck).First).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });
            if (await refused.CountAsync() > 0)
            {
                await Expect(refused).ToContainTextAsync(TestUsers.DisplayNameOf(Roles.PoliceDutyOfficer, "21"), new() { Timeout = Ms(Limit) });
            }
        }
        // Either way the colleague ends up seeing the case acknowledged, once, and nothing recorded in their name: a
        // wrongly sent step would show its result and its timeline line within the wait below.
        await Expect(timelineAck).ToHaveCountAsync(1, new() { Timeout = Ms(Limit) });
        await colleague.Page.WaitForTimeoutAsync(1500);
        await Expect(colleague.Page.Locator("[data-command-result='ok']")).ToHaveCountAsync(0);
        await Expect(colleague.Page.Locator(".timeline li[data-event-type='case.dispatched']")).ToHaveCountAsync(0);
        await colleague.ScreenshotAsync();
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
