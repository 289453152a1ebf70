using Lbc.Contracts;

namespace Lbc.Browser.Tests;

/// <summary>
/// The audited reveal in a real browser: the queue shows the child's age band and no name; in the case view "查看个人信息"
/// asks for a reason, and only then shows the record; the administrator finds the reveal with its reason at /audit.
/// </summary>
public sealed class PersonalRevealTests(PersonalRevealTests.LoggedDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<PersonalRevealTests.LoggedDashboard>, IClassFixture<ChromiumFixture>
{
    /// <summary>The dashboard with every line it logs kept, as an operator's log would hold them.</summary>
    public sealed class LoggedDashboard() : LiveDashboard([], new LogCapture())
    {
    }

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task OfficerGivesAReason_SeesThePersonalData_QueueNeverShowsTheName_AdministratorSeesTheReveal()
    {
        await using var session = await chromium.NewSessionAsync(server, output);
        var officer = await session.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        var person = TestPersons.New(birthDate: TestPersons.BornYearsAgo(13));
        var caseId = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-PII"), TestEvents.ShenyangVillage)
        {
            Category = "living_alone",
            Personal = person,
        });

        await Expect(officer.Case(caseId).Locator("[data-child-mask]")).ToContainTextAsync("12-15", new() { Timeout = Ms(Limit) });
        Assert.DoesNotContain(person.ChildName!, await officer.Page.ContentAsync(), StringComparison.Ordinal);

        await officer.GotoAsync($"cases/{caseId}");
        await officer.Page.Locator("[data-reveal]").ClickAsync();
        var confirm = officer.Page.Locator("[data-reveal-confirm]");
        await officer.Page.Locator("[data-reveal-reason]").FillAsync("太短");
        await Expect(confirm).ToBeDisabledAsync();
        Assert.DoesNotContain(person.ChildName!, await officer.Page.ContentAsync(), StringComparison.Ordinal);
        const string Reason = "需要联系监护人核实儿童是否安全";
        await officer.Page.Locator("[data-reveal-reason]").FillAsync(Reason);
        await confirm.ClickAsync();

        await Expect(officer.Page.Locator("[data-personal-field='childName']")).ToHaveTextAsync(person.ChildName!, new() { Timeout = Ms(Limit) });
        await Expect(officer.Page.Locator("[data-personal-field='guardianPhone']")).ToHaveTextAsync(person.GuardianPhone!);
        await officer.ScreenshotAsync("revealed");
        await officer.Page.Locator("[data-reveal-hide]").ClickAsync();
        await Expect(officer.Page.Locator("[data-personal]")).ToHaveCountAsync(0);

        await using var adminSession = await chromium.NewSessionAsync(server, output);
        var admin = await adminSession.SignInAsync(Roles.Administrator, "21");
        await admin.GotoAsync($"audit?caseId={Uri.EscapeDataString(caseId)}");
        var line = admin.AuditLine(AuditRoutes.PersonalRevealed, caseId);
        await Expect(line).ToContainTextAsync(Reason, new() { Timeout = Ms(Limit) });
        await Expect(line).ToHaveAttributeAsync("data-audit-user", TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2101"));

        // After the whole session (sign-ins, live feed, reveal, audit): nothing personal in the browser's storage, and
        // no cookie, reason or personal value in the server's log.
        var storage = await officer.Page.EvaluateAsync<string>("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])");
        Assert.DoesNotContain(person.ChildName!, storage, StringComparison.Ordinal);
        Assert.DoesNotContain(person.GuardianPhone!, storage, StringComparison.Ordinal);
        var cookies = (await session.Context.CookiesAsync()).Concat(await adminSession.Context.CookiesAsync()).Select(c => c.Value).ToList();
        Assert.NotEmpty(cookies);
        var logged = string.Join("\n", server.ServerLog!.Entries.Select(e => e.Message + e.Exception));
        Assert.NotEmpty(server.ServerLog!.Entries);
        foreach (var secret in cookies.Concat([person.ChildName!, person.GuardianPhone!, Reason]))
        {
            Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        }
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
