using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Server.Tests.Commands;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// The audit trail (issue 14 item 3) on the real server and its SQLite log: what users do and are refused becomes lines
/// an administrator reads at <c>/api/audit</c> (and as CSV), each an event on the log that names who and what, never a
/// password, a cookie or a value of what was sent; administrators only, within their jurisdiction.
/// </summary>
public sealed class AuditTrailTests(SqliteCommandServer server) : IClassFixture<SqliteCommandServer>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    // 沈阳: the county of the test village (its officer, its cases); 朝阳: another city's county.
    private static string CountyA => TestEvents.ShenyangTownship[..6];
    private static string CountyB => TestEvents.ChaoyangTownship[..6];

    [Fact]
    public async Task SignInAndSignOut_AreLinesWithUserRoleAndRegion_AndTheLogHoldsNeitherPasswordNorCookie()
    {
        var cookie = await server.Factory.SignInAsync(Roles.CivilAffairs, CountyB);
        using (var user = Client(cookie))
        {
            using var logout = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Logout);
            logout.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
            Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(logout)).StatusCode);
        }
        var username = TestUsers.UsernameOf(Roles.CivilAffairs, CountyB);
        using var admin = await server.ClientAsync(Roles.Administrator, "21");

        var lines = await EventuallyAsync(admin, $"user={username}", l => l.Count(e => e.Action is AuditRoutes.SignIn or AuditRoutes.SignOut) >= 2);

        var signIn = Assert.Single(lines, l => l.Action == AuditRoutes.SignIn);
        Assert.Equal(("ok", Roles.CivilAffairs, CountyB), (signIn.Outcome, signIn.Role, signIn.Jurisdiction));
        Assert.False(string.IsNullOrEmpty(signIn.Address));
        var signOut = Assert.Single(lines, l => l.Action == AuditRoutes.SignOut);
        Assert.True(signOut.Sequence > signIn.Sequence, "newest first, in log order");
        Assert.Equal(signOut, lines[0]);
        var logged = await AuditEventsAsync();
        Assert.All(logged, e => Assert.StartsWith("dashboard@", e.Src, StringComparison.Ordinal));
        AssertNowhereOnTheLog(logged, TestUsers.Password, cookie["lbc.auth=".Length..]);
    }

    [Fact]
    public async Task FailedSignIn_OfAnAccountNamesIt_UnderAnUnknownNameLeavesTheNameOut()
    {
        var account = TestUsers.UsernameOf(Roles.LeadingGroup, CountyB);
        var typed = "wrong-" + Guid.NewGuid().ToString("n")[..8];
        var unknown = "no-such-user-" + Guid.NewGuid().ToString("n")[..8];
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(account, typed));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(unknown, typed));
        using var admin = await server.ClientAsync(Roles.Administrator, "21");

        var failed = await EventuallyAsync(admin, "", l => l.Count(e => e.Action == AuditRoutes.SignIn && e.Outcome == "failed" && e.Address is not null) >= 2
            && l.Any(e => e.User == account));

        var known = Assert.Single(failed, l => l.User == account && l.Outcome == "failed");
        Assert.Equal(("wrong_credentials", Roles.LeadingGroup, CountyB), (known.Reason, known.Role, known.Jurisdiction));
        Assert.Contains(failed, l => l.Action == AuditRoutes.SignIn && l.User is null && l.Reason == "wrong_credentials; unknown_account");
        // Neither the password typed nor a name that is no account (it might be someone's password) stays on the log.
        AssertNowhereOnTheLog(await AuditEventsAsync(), typed, unknown);
    }

    [Fact]
    public async Task Command_IsALine_NamingTheOfficerTheirRoleRegionAndTheCase()
    {
        var caseId = await FileReportAsync();
        using var officer = await server.ClientAsync(Roles.PoliceDutyOfficer, CountyA);
        var accepted = await PostCommandAsync(officer, EventTypes.CaseAcknowledged, caseId);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using var admin = await server.ClientAsync(Roles.Administrator, "21");

        var line = Assert.Single(await EventuallyAsync(admin, $"caseId={caseId}", l => l.Count > 0));

        Assert.Equal((EventTypes.CaseAcknowledged, "ok", TestUsers.UsernameOf(Roles.PoliceDutyOfficer, CountyA), Roles.PoliceDutyOfficer, CountyA, TestEvents.ShenyangTownship),
            (line.Action, line.Outcome, line.User, line.Role, line.Jurisdiction, line.Region));
    }

    [Fact]
    public async Task RefusedAccess_CaseElsewhere404_LeadingGroup403_RefusedCommand_AndHubCall_AreLines_WithoutWhatWasSent()
    {
        var caseId = await FileReportAsync();
        var secret = "payload-" + Guid.NewGuid().ToString("n");
        using var other = await server.ClientAsync(Roles.PoliceDutyOfficer, CountyB);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(CommandRoutes.CaseOf(caseId))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostCommandAsync(other, EventTypes.CaseClosed, caseId, new JsonObject { ["outcome"] = secret })).StatusCode);
        using var leader = await server.ClientAsync(Roles.LeadingGroup, "21");
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync(CommandRoutes.CaseOf(caseId))).StatusCode);
        await using (var hub = await server.Factory.ConnectHubAsync(await server.CookieAsync(Roles.PoliceDutyOfficer, CountyB)))
        {
            await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync(OpsHub.MarkHandlingMethod, caseId));
        }
        using var admin = await server.ClientAsync(Roles.Administrator, "21");

        var lines = await EventuallyAsync(admin, $"caseId={caseId}", l => l.Count(e => e.Action == AuditRoutes.AccessRefused) >= 4);

        var refused = lines.Where(l => l.Action == AuditRoutes.AccessRefused).ToList();
        Assert.All(refused, l => Assert.Equal("refused", l.Outcome));
        Assert.Contains(refused, l => l.Target == "GET /api/cases/{caseId}" && l.Reason == "not_found" && l.User == TestUsers.UsernameOf(Roles.PoliceDutyOfficer, CountyB));
        Assert.Contains(refused, l => l.Target == "POST /api/commands" && l.Reason == "not_found");
        Assert.Contains(refused, l => l.Target == "GET /api/cases/{caseId}" && l.Reason == "forbidden" && l.Role == Roles.LeadingGroup);
        Assert.Contains(refused, l => l.Target == $"hub {OpsHub.Path} {OpsHub.MarkHandlingMethod}");
        AssertNowhereOnTheLog(await AuditEventsAsync(), secret);
    }

    [Theory]
    [InlineData(Roles.PoliceDutyOfficer)]
    [InlineData(Roles.CivilAffairs)]
    [InlineData(Roles.LeadingGroup)]
    public async Task AuditApi_RefusedToEveryoneButAdministrators(string role)
    {
        using var user = await server.ClientAsync(role, "21");

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(AuditRoutes.Audit)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(AuditRoutes.Audit + "?format=csv")).StatusCode);
        using var anonymous = server.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(AuditRoutes.Audit)).StatusCode);
    }

    [Fact]
    public async Task AuditApi_AnAdministratorSeesTheirJurisdictionOnly_AndNotWhereARefusedCaseIs()
    {
        var caseId = await FileReportAsync();
        using var officer = await server.ClientAsync(Roles.PoliceDutyOfficer, CountyA);
        Assert.Equal(HttpStatusCode.Accepted, (await PostCommandAsync(officer, EventTypes.CaseAcknowledged, caseId)).StatusCode);
        using var other = await server.ClientAsync(Roles.PoliceDutyOfficer, CountyB);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(CommandRoutes.CaseOf(caseId))).StatusCode);
        using var shenyang = await server.ClientAsync(Roles.Administrator, "2101");
        using var chaoyang = await server.ClientAsync(Roles.Administrator, "2113");

        var ours = await EventuallyAsync(shenyang, $"caseId={caseId}", l => l.Count >= 2);
        var theirs = await EventuallyAsync(chaoyang, $"caseId={caseId}", l => l.Count >= 1);

        Assert.Contains(ours, l => l.Action == EventTypes.CaseAcknowledged);
        Assert.All(ours, l => Assert.Equal(TestEvents.ShenyangTownship, l.Region));
        // 朝阳's administrator sees their officer's refused request, not the command in 沈阳 nor where the case is.
        var line = Assert.Single(theirs);
        Assert.Equal((AuditRoutes.AccessRefused, (string?)null), (line.Action, line.Region));
    }

    [Fact]
    public async Task CsvExport_IsAFileOfTheLines_SafeInASpreadsheet_AndItselfALine()
    {
        using var officer = await server.ClientAsync(Roles.PoliceDutyOfficer, CountyA);
        var probe = "=HYPERLINK(\"evil.example\")," + Guid.NewGuid().ToString("n")[..6];
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(CommandRoutes.CaseOf(probe))).StatusCode);
        using var admin = await server.ClientAsync(Roles.Administrator, "21");
        await EventuallyAsync(admin, $"caseId={Uri.EscapeDataString(probe)}", l => l.Count > 0);

        using var response = await admin.GetAsync($"{AuditRoutes.Audit}?format=csv&caseId={Uri.EscapeDataString(probe)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,action,outcome,user,role,jurisdiction,case_id,region,target,reason,address", rows[0]);
        var row = Assert.Single(rows[1..]);
        // Quoted (it holds a comma and quotes) and led by an apostrophe, so a spreadsheet shows it instead of running it.
        Assert.Contains("\"'=HYPERLINK(\"\"evil.example\"\"),", row, StringComparison.Ordinal);
        Assert.Contains(",access_refused,refused," + TestUsers.UsernameOf(Roles.PoliceDutyOfficer, CountyA) + ",", row, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00,", row);
        await EventuallyAsync(admin, $"user={TestUsers.UsernameOf(Roles.Administrator, "21")}", l => l.Any(e => e.Action == AuditRoutes.AuditExported));
    }

    [Fact]
    public async Task AuditApi_BadFilters_Are400NamingTheField()
    {
        using var admin = await server.ClientAsync(Roles.Administrator, "21");

        using var response = await admin.GetAsync($"{AuditRoutes.Audit}?from=yesterday&limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("limit", out _));
    }

    private HttpClient Client(string cookie)
    {
        var client = server.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string username, string password)
    {
        using var client = server.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest(username, password), ContractsJsonContext.Default.LoginRequest),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        return (await client.SendAsync(request)).StatusCode;
    }

    private async Task<string> FileReportAsync()
    {
        var caseId = "R-AUD-" + Guid.NewGuid().ToString("n");
        using var producer = server.Factory.CreateClient();
        using var request = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Reports)
        {
            Content = new StringContent(
                $$"""{"reportId":"{{caseId}}","category":"missing","reporterType":"school","villageCode":"{{TestEvents.ShenyangVillage}}"}""",
                Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.Accepted, (await producer.SendAsync(request)).StatusCode);
        using var officer = await server.ClientAsync(Roles.PoliceDutyOfficer, CountyA);
        var deadline = DateTime.UtcNow + s_wait;
        // Waits on the snapshot, which writes no audit line: polling the case itself would put a refusal ("not found
        // yet") on the trail for every try before the report is applied.
        while (!(await officer.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot))!.OpenCases.Any(c => c.CaseId == caseId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the report never reached the projection");
            await Task.Delay(50);
        }
        return caseId;
    }

    private static async Task<HttpResponseMessage> PostCommandAsync(HttpClient client, string type, string caseId, JsonObject? data = null)
    {
        var command = new JsonObject
        {
            ["commandId"] = Guid.NewGuid().ToString("n"), ["type"] = type, ["caseId"] = caseId, ["expectedVersion"] = 1, ["data"] = data,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, CommandRoutes.Commands)
        {
            Content = new StringContent(command.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        return await client.SendAsync(request);
    }

    /// <summary>The lines of <c>/api/audit?{query}</c> once <paramref name="done"/> holds (they reach the log in the background).</summary>
    private static async Task<IReadOnlyList<AuditEntryDto>> EventuallyAsync(HttpClient admin, string query, Func<IReadOnlyList<AuditEntryDto>, bool> done)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (true)
        {
            var page = (await admin.GetFromJsonAsync($"{AuditRoutes.Audit}?limit=1000&{query}", ContractsJsonContext.Default.AuditPageDto))!;
            if (done(page.Entries))
            {
                return page.Entries;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the audit trail never showed the expected lines; it has: {JsonSerializer.Serialize(page.Entries.Select(e => $"{e.Action} {e.User} {e.Outcome} {e.Reason}"))}");
            await Task.Delay(50);
        }
    }

    private async Task<List<RawEvent>> AuditEventsAsync() =>
        [.. (await server.ReadLogAsync()).Where(e => e.Type == EventTypes.AuditRecorded)];

    /// <summary>Not in any audit event as written to the log, in any field.</summary>
    private static void AssertNowhereOnTheLog(IReadOnlyList<RawEvent> events, params string[] values)
    {
        Assert.NotEmpty(events);
        foreach (var e in events)
        {
            var text = $"{e.Id} {e.Src} {e.Data}";
            foreach (var value in values)
            {
                Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            }
        }
    }
}
