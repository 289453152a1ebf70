using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lbc.Contracts;
using Lbc.Server.PersonalData;
using Microsoft.Extensions.DependencyInjection;
using static Lbc.Server.Tests.PersonalData.PersonalDataScenario;

namespace Lbc.Server.Tests.PersonalData;

/// <summary>
/// Crypto-shredding on the embedded default, retention 0 days: once a case (of a child without a ledger id) closes, the
/// retention job deletes its key; the reveal answers 410 (and says so in the audit trail), while every event on the log,
/// the sealed report included, keeps exactly the bytes it had.
/// </summary>
public sealed class ShreddingTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new(new Dictionary<string, string?>
    {
        ["Dashboard:PersonalData:RetentionDays"] = "0",
        ["Dashboard:PersonalData:ShredInterval"] = "00:00:00.200",
    });

    public async Task InitializeAsync() => await _factory.WaitUntilReadyAsync(_factory.CreateClient());

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task CaseClosed_RetentionOver_KeyShredded_Reveal410_LogBytesUnchanged()
    {
        var caseId = await FileReportAsync(_factory, TestPersons.New(), TestEvents.ShenyangVillage);
        using var officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, TestEvents.ShenyangTownship[..6]);
        await WaitForCaseAsync(officer, caseId);
        using (var open = await officer.GetAsync(PersonalRoutes.PersonalOf(caseId, Reason)))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }
        var store = _factory.Services.GetRequiredService<IPersonalKeyStore>();
        Assert.Equal(1, await store.CountAsync());
        var before = await ReadLogAsync(_factory.Log);

        await CloseAsync(_factory.Log, caseId);

        using var erased = await RevealUntilAsync(officer, caseId, HttpStatusCode.Gone);
        Assert.Contains("erased", await erased.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync());
        var after = await ReadLogAsync(_factory.Log);
        Assert.Equal(before.Select(e => (e.Position, e.Event)), after.Take(before.Count).Select(e => (e.Position, e.Event)));
        Assert.Contains(after, e => e.Event.Data.Contains("lbc-pd1.", StringComparison.Ordinal));
        using var admin = await _factory.CreateClientAs(Roles.Administrator, "21");
        var page = (await admin.GetFromJsonAsync($"{AuditRoutes.Audit}?caseId={Uri.EscapeDataString(caseId)}", ContractsJsonContext.Default.AuditPageDto))!;
        Assert.Contains(page.Entries, e => e.Action == AuditRoutes.PersonalRevealed && e.Outcome == "failed"
            && e.Reason!.StartsWith("erased after retention; ", StringComparison.Ordinal));
        // The case itself is still there for the officers (closed, within the case view's retention): only the person is gone.
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(CommandRoutes.CaseOf(caseId))).StatusCode);
    }

    [Fact]
    public async Task SurnameMaskOff_ByDefault_TheLogHoldsNoPartOfTheName()
    {
        var person = TestPersons.New(surname: "欧阳");
        var caseId = await FileReportAsync(_factory, person, TestEvents.ShenyangVillage);
        using var officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "21");

        var listed = await WaitForCaseAsync(officer, caseId);

        Assert.Null(listed.DisplayMask);
        var report = (await ReadLogAsync(_factory.Log)).Single(e => e.Event.Data.Contains(caseId, StringComparison.Ordinal));
        TestPersons.AssertAbsent(Encoding.UTF8.GetBytes(report.Event.Data), ["欧阳", "\u6B27"], "the report on the log");
    }
}

/// <summary>A province that allows the surname mask: lists show 王＊, and nothing more of the name is in plain anywhere.</summary>
public sealed class SurnameMaskTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new(new Dictionary<string, string?> { ["Dashboard:PersonalData:SurnameMask"] = "true" });

    public async Task InitializeAsync() => await _factory.WaitUntilReadyAsync(_factory.CreateClient());

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("王", "王＊")]
    [InlineData("欧阳", "欧阳＊")]
    public async Task SurnameMaskOn_ListsShowTheSurnameAndTheMark_TheRestOfTheNameStaysSealed(string surname, string mask)
    {
        var person = TestPersons.New(surname: surname, birthDate: TestPersons.BornYearsAgo(3));
        var caseId = await FileReportAsync(_factory, person, TestEvents.ShenyangVillage);
        using var officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "21");

        var listed = await WaitForCaseAsync(officer, caseId);

        Assert.Equal((mask, "under_6"), (listed.DisplayMask, listed.AgeBand));
        var report = (await ReadLogAsync(_factory.Log)).Single(e => e.Event.Data.Contains(caseId, StringComparison.Ordinal));
        TestPersons.AssertAbsent(Encoding.UTF8.GetBytes(report.Event.Data), [person.ChildName!, person.ChildName![surname.Length..]], "the report on the log");
    }
}
