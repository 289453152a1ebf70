using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>
/// The audit page in a real browser: an officer acknowledges a case in the case view; an administrator opens the audit
/// trail from the navigation, finds the acknowledgement with who did it, narrows it to the case, and exports it as CSV.
/// </summary>
public sealed class AuditTrailTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AdministratorSeesAnOfficersAcknowledgementInTheAuditTrail_FiltersByCase_AndExportsIt()
    {
        await using var officerSession = await chromium.NewSessionAsync(server, output);
        await using var adminSession = await chromium.NewSessionAsync(server, output);
        var officer = await officerSession.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        var caseId = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-AUDIT"), TestEvents.ShenyangVillage) { Category = "injury" });
        await server.WaitForCaseAsync(caseId);
        await officer.GotoAsync($"cases/{caseId}");
        await officer.Page.Locator("[data-action='case.acknowledged']").ClickAsync();
        await Expect(officer.Page.Locator("[data-command-result='ok']")).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });
        // An officer has no audit trail: no link, and the page says so.
        await Expect(officer.Page.Locator("[data-nav='audit']")).ToHaveCountAsync(0);

        var admin = await adminSession.SignInAsync(Roles.Administrator, "21");
        await admin.Page.Locator("[data-nav='audit']").ClickAsync();
        var line = admin.AuditLine("case.acknowledged", caseId);
        await Expect(line).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });
        await Expect(line).ToContainTextAsync(TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2101"));
        await Expect(line).ToHaveAttributeAsync("data-audit-user", TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2101"));
        // The administrator's own sign-in is there too, newest first.
        await Expect(admin.AuditLine(AuditRoutes.SignIn).First).ToHaveAttributeAsync("data-audit-user", TestUsers.UsernameOf(Roles.Administrator, "21"));

        await admin.Page.Locator("[data-audit-filter='caseId']").FillAsync(caseId);
        await admin.Page.Locator("[data-audit-search]").ClickAsync();
        await Expect(admin.Page.Locator("table.audit-table")).ToHaveAttributeAsync("data-audit-lines", "1", new() { Timeout = Ms(Limit) });
        await Expect(line).ToBeVisibleAsync();
        await admin.ScreenshotAsync("audit", fullPage: true);

        var export = await admin.Page.Locator("[data-audit-export]").GetAttributeAsync("href");
        Assert.Contains("format=csv", export, StringComparison.Ordinal);
        var (status, csv) = await admin.FetchAsync(export!);
        Assert.Equal(200, status);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.Contains($",case.acknowledged,ok,{TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2101")},{Roles.PoliceDutyOfficer},2101,{caseId},", rows[1], StringComparison.Ordinal);
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
