using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lbc.Contracts;
using Lbc.Domain.Events;

namespace Lbc.Server.Tests.Ledger;

/// <summary>
/// The township ledger import end to end over real HTTP (issue 15): a township user's preview counts, the commit and the
/// figures it changes, importing the same file again, the size limit, villages of another township, and the export that
/// comes back unchanged.
/// </summary>
public sealed class LedgerImportTests : IAsyncLifetime
{
    private const string Township = TestEvents.KangpingTownship;
    private LedgerServer _server = null!;

    private static string Village(int i = 0) => LedgerFiles.VillageOf(Township, i);

    public async Task InitializeAsync() => _server = await LedgerServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Three children held (k-a unchanged, k-b whose guardian changes, k-c missing from the file) and a file with two new ones and two bad rows.</summary>
    private async Task<LedgerFiles> SeedAndBuildFileAsync()
    {
        await _server.SeedAsync(
            TestEvents.ChildRegistered("k-a", Village(0)),
            TestEvents.ChildRegistered("k-b", Village(1)),
            TestEvents.ChildRegistered("k-c", Village(0)));
        return new LedgerFiles()
            .Child("k-a", Village(0), r => r["出生日期"] = BirthOf("k-a"))
            .Child("k-b", Village(1), r => { r["出生日期"] = BirthOf("k-b"); r["监护类型"] = "父母一方"; })
            .Child("k-d", Village(0))
            .Child("k-e", Village(2))
            .Child("k-f", Village(0), r => r["出生日期"] = "2016-13-45")
            .Child("k-g", Village(1), r => r["留守类型"] = "其他");
    }

    // TestEvents registers children born nine years before today (UTC).
    private static string BirthOf(string _) => DateTime.UtcNow.AddYears(-9).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Upload_FileWithNewChangedMissingAndBadRows_PreviewCountsEachAndListsBadRowsWithColumn()
    {
        var file = await SeedAndBuildFileAsync();
        using var staff = await _server.ClientAsAsync(Roles.TownshipStaff, Township);

        var preview = await LedgerServer.PreviewAsync(staff, file.ToCsv());

        Assert.Equal((2, 1, 1), (preview.NewChildren, preview.Updated, preview.ProposedExits));
        Assert.Equal(["k-d", "k-e"], preview.NewChildList.Select(c => c.ChildId));
        Assert.Equal(["guardian"], Assert.Single(preview.UpdatedList).Fields);
        var exit = Assert.Single(preview.ExitList);
        Assert.Equal(("k-c", (string?)null), (exit.ChildId, exit.SuggestedReason));
        // Rows as Excel numbers them (header on row 1): k-f on row 6, k-g on row 7.
        Assert.Equal([(6, "出生日期", "invalid_date"), (7, "留守类型", "unknown_category")],
            preview.Errors.Select(e => (e.Row, e.Column, e.Code)));
        Assert.All(preview.Errors, e => Assert.DoesNotContain("2016-13-45", e.Reason, StringComparison.Ordinal));
        Assert.Equal((6, 4, 2), (preview.Counts.Rows, preview.Counts.ValidRows, preview.Counts.BadRows));
    }

    [Fact]
    public async Task Commit_WithoutBadRowsAndAnExit_FiguresChange_AndTheSameFileAgainAppendsNothing()
    {
        var file = await SeedAndBuildFileAsync();
        using var staff = await _server.ClientAsAsync(Roles.TownshipStaff, Township);
        Assert.Equal(3, await LedgerServer.ChildrenOfAsync(staff, Township));
        var preview = await LedgerServer.PreviewAsync(staff, file.ToCsv());

        // A file with bad rows is refused unless the user chooses to leave them out.
        using (var refused = await staff.PostAsJsonAsync(LedgerRoutes.CommitOf(preview.ImportId), new LedgerCommitRequest(false),
            ContractsJsonContext.Default.LedgerCommitRequest))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("bad_rows", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var done = await LedgerServer.CommitAsync(staff, preview.ImportId,
            new LedgerCommitRequest(true, new Dictionary<string, string> { ["k-c"] = "parent_returned" }));

        Assert.Equal((LedgerRoutes.Done, true, (string?)null), (done.State, done.Applied, done.Error));
        // k-a, k-b, k-d, k-e active; k-c exited; k-f and k-g never imported.
        Assert.Equal(4, await LedgerServer.ChildrenOfAsync(staff, Township));
        var logged = await _server.Dashboard.Factory.Log.CountWithoutAuditAsync();

        var again = await LedgerServer.PreviewAsync(staff, file.ToCsv());
        Assert.Equal((0, 0, 0), (again.NewChildren, again.Updated, again.ProposedExits));
        var repeated = await LedgerServer.CommitAsync(staff, again.ImportId, new LedgerCommitRequest(true));

        Assert.Equal((LedgerRoutes.Done, 0), (repeated.State, repeated.Appended));
        Assert.Equal(logged, await _server.Dashboard.Factory.Log.CountWithoutAuditAsync());
        Assert.Equal(4, await LedgerServer.ChildrenOfAsync(staff, Township));
        // Committing the first preview once more (a retried click) appends nothing either.
        var retried = await LedgerServer.CommitAsync(staff, preview.ImportId, new LedgerCommitRequest(true));
        Assert.Equal(0, retried.Appended);
        Assert.Equal(logged, await _server.Dashboard.Factory.Log.CountWithoutAuditAsync());
    }

    [Fact]
    public async Task Commit_NamesAndPhonesOfTheFile_NotOnTheLogInPlain()
    {
        var file = new LedgerFiles().Child("k-p", Village(0), r => { r["姓名"] = "欧阳明月"; r["监护人电话"] = "13912345678"; });
        using var staff = await _server.ClientAsAsync(Roles.TownshipStaff, Township);
        var preview = await LedgerServer.PreviewAsync(staff, file.ToCsv());
        await LedgerServer.CommitAsync(staff, preview.ImportId, new LedgerCommitRequest(false));

        var log = await _server.Dashboard.Factory.Log.ReadAfterAsync(LogPosition.Start, 10_000);
        var registered = Assert.Single(log, e => e.Event.Type == EventTypes.ChildRegistered);
        Assert.Contains("personal_sealed", registered.Event.Data, StringComparison.Ordinal);
        Assert.All(log, e => Assert.DoesNotContain("欧阳明月", e.Event.Data, StringComparison.Ordinal));
        Assert.All(log, e => Assert.DoesNotContain("13912345678", e.Event.Data, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_LargerThan10MB_RefusedWith413AndAClearMessage()
    {
        using var staff = await _server.ClientAsAsync(Roles.TownshipStaff, Township);
        var big = new byte[11 * 1024 * 1024];
        Array.Fill(big, (byte)'a');

        using var response = await LedgerServer.UploadAsync(staff, big, "台账.csv");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("10 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_VillagesOfAnotherTownship_RowsRefusedAndNeverImported_OtherRolesAndTownshipsForbidden()
    {
        var other = TestEvents.ShenyangTownship;
        var file = new LedgerFiles().Child("k-own", Village(0)).Child("k-away", LedgerFiles.VillageOf(other));
        using var staff = await _server.ClientAsAsync(Roles.TownshipStaff, Township);

        var preview = await LedgerServer.PreviewAsync(staff, file.ToCsv());
        Assert.Contains(preview.Errors, e => e.Row == 3 && e.Code == "outside_jurisdiction");
        await LedgerServer.CommitAsync(staff, preview.ImportId, new LedgerCommitRequest(true));

        Assert.Equal(0, await LedgerServer.ChildrenOfAsync(await _server.ClientAsAsync(Roles.CivilAffairs, "21"), other));
        using (var export = await staff.GetAsync($"{LedgerRoutes.Export}?township={other}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        }
        using var police = await _server.ClientAsAsync(Roles.PoliceDutyOfficer, Township[..6]);
        using var byPolice = await LedgerServer.UploadAsync(police, file.ToCsv(), "台账.csv");
        Assert.Equal(HttpStatusCode.Forbidden, byPolice.StatusCode);
        // The county's civil affairs may import for its townships.
        using var county = await _server.ClientAsAsync(Roles.CivilAffairs, Township[..6]);
        var byCounty = await LedgerServer.PreviewAsync(county, new LedgerFiles().Child("k-county", Village(0)).ToCsv());
        Assert.Equal((1, 0), (byCounty.NewChildren, byCounty.ErrorsTotal));
    }

    [Fact]
    public async Task Export_ImportedAgain_NoChanges()
    {
        var file = await SeedAndBuildFileAsync();
        using var staff = await _server.ClientAsAsync(Roles.TownshipStaff, Township);
        var preview = await LedgerServer.PreviewAsync(staff, file.ToCsv());
        await LedgerServer.CommitAsync(staff, preview.ImportId, new LedgerCommitRequest(true));

        using var export = await staff.GetAsync(LedgerRoutes.Export);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var csv = await export.Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain("王小丫", Encoding.UTF8.GetString(csv), StringComparison.Ordinal); // no names leave in bulk
        var back = await LedgerServer.PreviewAsync(staff, csv, "export.csv");

        Assert.Equal((0, 0, 0, 0), (back.NewChildren, back.Updated, back.ProposedExits, back.ErrorsTotal));
        Assert.Equal(5, back.Counts.Unchanged);
    }

    [Fact]
    public async Task Template_IsAnXlsxWhoseExampleRowIsFlagged()
    {
        using var staff = await _server.ClientAsAsync(Roles.TownshipStaff, Township);
        var template = await staff.GetByteArrayAsync(LedgerRoutes.Template);

        var preview = await LedgerServer.PreviewAsync(staff, template, "ledger-template.xlsx");

        Assert.Contains(preview.Errors, e => e.Code == "example_row");
    }
}
