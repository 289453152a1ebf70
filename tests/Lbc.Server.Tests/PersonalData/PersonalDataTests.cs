using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Server.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Lbc.Server.Tests.PersonalData;

/// <summary>
/// Personal data on the embedded default (issue 14 item 2): a reporter's form with a child's name, guardian and address
/// goes in; what an attacker with the disk, a hub connection or the operators' log finds is a sealed blob and an age band;
/// what a case-level user of the jurisdiction gets, with a reason, is the record, and the administrator sees that they did.
/// </summary>
public sealed class PersonalDataTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-personal-" + Guid.NewGuid().ToString("n"));
    private readonly LogCapture _log = new();
    private DashboardFactory _factory = null!;

    private static string County => TestEvents.ShenyangTownship[..6];
    private static string OtherCounty => TestEvents.ChaoyangTownship[..6];

    public async Task InitializeAsync()
    {
        _factory = new DashboardFactory(new Dictionary<string, string?>
        {
            // Everything the server would log at the most talkative setting an operator might choose.
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        }, _dataDirectory,
            web => web.ConfigureLogging(logging => logging.AddProvider(_log)));
        await _factory.WaitUntilReadyAsync(_factory.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ChildsNameInAReport_NowhereOnDiskInSnapshotsHubOrLogs_AndShownAfterAnAuditedReveal()
    {
        var person = TestPersons.New();
        var secrets = TestPersons.SecretsOf(person);
        var hubMessages = new List<string>();
        await using var hub = await _factory.ConnectHubAsync(await _factory.SignInAsync(Roles.PoliceDutyOfficer, "21"),
            batch => { lock (hubMessages) { hubMessages.Add(JsonSerializer.Serialize(batch, ContractsJsonContext.Default.DeltaBatch)); } });
        using var officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, County);

        var caseId = await FileReportAsync(person);
        var listed = await WaitForCaseAsync(officer, caseId);

        // Lists and maps: the age band and that there is something to reveal; no name (the surname mask is off by default).
        Assert.Equal(("6_to_11", true, (string?)null), (listed.AgeBand, listed.HasPersonal, listed.DisplayMask));
        var view = await officer.GetStringAsync(CommandRoutes.CaseOf(caseId));
        TestPersons.AssertAbsent(Encoding.UTF8.GetBytes(view), secrets, "the case view");

        using var noReason = await officer.GetAsync($"/api/cases/{Uri.EscapeDataString(caseId)}/personal");
        using var shortReason = await officer.GetAsync(PersonalRoutes.PersonalOf(caseId, "need it"));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shortReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        const string Reason = "联系监护人核实儿童下落 (calling the guardian)";
        using var revealed = await officer.GetAsync(PersonalRoutes.PersonalOf(caseId, Reason));
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Equal("no-store", revealed.Headers.CacheControl?.ToString());
        var record = (await revealed.Content.ReadFromJsonAsync(ContractsJsonContext.Default.PersonalDataDto))!;
        Assert.Equal(new PersonalDataDto(caseId, person.ChildName, person.ChildBirthDate, person.GuardianName, person.GuardianPhone,
            person.ReporterName, person.ReporterPhone, person.Address), record);

        using var admin = await _factory.CreateClientAs(Roles.Administrator, "21");
        var page = (await admin.GetFromJsonAsync($"{AuditRoutes.Audit}?caseId={Uri.EscapeDataString(caseId)}", ContractsJsonContext.Default.AuditPageDto))!;
        var reveal = Assert.Single(page.Entries, e => e.Action == AuditRoutes.PersonalRevealed && e.Outcome == "ok");
        Assert.Equal((TestUsers.UsernameOf(Roles.PoliceDutyOfficer, County), Reason), (reveal.User, reveal.Reason));
        Assert.Contains(page.Entries, e => e.Action == AuditRoutes.PersonalRevealed && e.Outcome == "refused");

        // On the log: the sealed blob in place of the record, and the reveal's line (who, which case, why) before any answer.
        var logged = await ReadLogAsync();
        var report = JsonNode.Parse(logged.Single(e => e.Type == EventTypes.ReportFiled).Data)!;
        Assert.Null(report["personal"]);
        Assert.StartsWith("lbc-pd1.", report["personal_sealed"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("6_to_11", report["age_band"]!.GetValue<string>());

        // Every file of the data folder while running (the logs' WAL files included), and again after a clean shutdown
        // (the WAL checkpointed into the database files, the projection snapshot written).
        Assert.True(await ScanDataFolderAsync(secrets) >= 3);
        await _factory.DisposeAsync();
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dataDirectory, "snapshots")));
        await ScanDataFolderAsync(secrets);
        lock (hubMessages)
        {
            Assert.Contains(hubMessages, m => m.Contains(caseId, StringComparison.Ordinal));
            TestPersons.AssertAbsent(Encoding.UTF8.GetBytes(string.Join("\n", hubMessages)), secrets, "the hub messages");
        }
        var logText = string.Join("\n", _log.Entries.Select(e => $"{e.Category} {e.Message} {e.Exception}"));
        Assert.Contains(caseId, logText, StringComparison.Ordinal); // the capture saw the requests at all
        TestPersons.AssertAbsent(Encoding.UTF8.GetBytes(logText), secrets, "the server's log");
    }

    [Fact]
    public async Task Reveal_OutsideTheJurisdiction404_LeadingGroup403_NothingRecorded404()
    {
        var caseId = await FileReportAsync(TestPersons.New());
        var without = "R-PD-NONE-" + Guid.NewGuid().ToString("n");
        await _factory.Log.AppendAsync([TestEvents.ReportFiled(without, TestEvents.ShenyangVillage)]);
        using var officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, County);
        await WaitForCaseAsync(officer, caseId);
        await WaitForCaseAsync(officer, without);
        using var other = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, OtherCounty);
        using var leader = await _factory.CreateClientAs(Roles.LeadingGroup, "21");
        const string Reason = "checking the guardian's phone number";

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(PersonalRoutes.PersonalOf(caseId, Reason))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(PersonalRoutes.PersonalOf("R-NO-SUCH", Reason))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync(PersonalRoutes.PersonalOf(caseId, Reason))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(PersonalRoutes.PersonalOf(without, Reason))).StatusCode);
        // Civil affairs of the county is a case-level user too.
        using var civil = await _factory.CreateClientAs(Roles.CivilAffairs, County);
        Assert.Equal(HttpStatusCode.OK, (await civil.GetAsync(PersonalRoutes.PersonalOf(caseId, Reason))).StatusCode);
    }

    [Fact]
    public async Task PersonalWhereItMayNotGo_UnknownField_OrAlreadySealed_400NamingTheFieldNotTheValue()
    {
        var person = TestPersons.New();
        var visit = Event(EventTypes.VisitRecorded, new JsonObject
        {
            ["child_id"] = "C-1", ["visitor_id"] = "v-1", ["finding"] = "ok", ["personal"] = new JsonObject { ["child_name"] = person.ChildName },
        });
        var unknownField = Event(EventTypes.ReportFiled, ReportData("R-PD-BAD-1", new JsonObject { ["child_name"] = person.ChildName, ["id_card"] = "210123201705140012" }));
        var forged = Event(EventTypes.ReportFiled, ReportData("R-PD-BAD-2", null));
        forged["data"]!["personal_sealed"] = "lbc-pd1.00000000000000000000000000000000.AAAA";
        forged["data"]!["personal"] = new JsonObject { ["child_name"] = person.ChildName };

        foreach (var (e, field) in new[] { (visit, "data.personal"), (unknownField, "data.personal.id_card"), (forged, "data.personal_sealed") })
        {
            using var response = await PostEventsAsync(new JsonArray(e));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field + ":", body, StringComparison.Ordinal);
            TestPersons.AssertAbsent(Encoding.UTF8.GetBytes(body), [person.ChildName!, "210123201705140012"], "the answer");
        }
        Assert.Equal(0, await _factory.Log.CountWithoutAuditAsync());
    }

    [Fact]
    public async Task RetriedBatchWithPersonalData_IsOneEvent_AndAChildsLedgerRecordIsSealedToo()
    {
        var person = TestPersons.New();
        var child = "LB-PD-" + Guid.NewGuid().ToString("n")[..8];
        var registered = TestEvents.ChildRegistered(child, TestEvents.ShenyangVillage);
        var data = JsonNode.Parse(registered.Data)!.AsObject();
        data["personal"] = new JsonObject { ["child_name"] = person.ChildName, ["guardian_phone"] = person.GuardianPhone };
        var batch = new JsonArray(
            Event(EventTypes.ChildRegistered, data, registered.Id, registered.Ts),
            Event(EventTypes.ReportFiled, ReportData("R-PD-RETRY-" + child, Personal(person), childId: child)));

        using var first = await PostEventsAsync(batch);
        using var retry = await PostEventsAsync(batch);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var logged = (await ReadLogAsync()).Where(e => e.Type != EventTypes.AuditRecorded).ToList();
        Assert.Equal(4, logged.Count);
        // The same record sealed twice is the same bytes: the retry is a redelivery, not a conflict.
        Assert.Equal(logged[0].Data, logged[2].Data);
        Assert.All(logged, e => Assert.StartsWith("lbc-pd1.", JsonNode.Parse(e.Data)!["personal_sealed"]!.GetValue<string>(), StringComparison.Ordinal));
        // One key for the child: the report names it, so its record is sealed under the child's key.
        var keyIds = logged.Select(e => JsonNode.Parse(e.Data)!["personal_sealed"]!.GetValue<string>().Split('.')[1]).Distinct();
        Assert.Single(keyIds);
        TestPersons.AssertAbsent(Encoding.UTF8.GetBytes(string.Join("\n", logged.Select(e => e.Data))), TestPersons.SecretsOf(person), "the log");
    }

    /// <summary>Reads every file under the data folder (skipping one that goes away meanwhile); how many were read.</summary>
    private async Task<int> ScanDataFolderAsync(IReadOnlyList<string> secrets)
    {
        var read = 0;
        foreach (var file in Directory.GetFiles(_dataDirectory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            try
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                bytes = copy.ToArray();
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            TestPersons.AssertAbsent(bytes, secrets, Path.GetFileName(file));
            read++;
        }
        return read;
    }

    private async Task<string> FileReportAsync(PersonalForm person)
    {
        var caseId = "R-PD-" + Guid.NewGuid().ToString("n");
        var form = new JsonObject
        {
            ["reportId"] = caseId, ["category"] = "living_alone", ["reporterType"] = "school", ["villageCode"] = TestEvents.ShenyangVillage,
            ["personal"] = new JsonObject
            {
                ["childName"] = person.ChildName, ["childBirthDate"] = person.ChildBirthDate, ["guardianName"] = person.GuardianName,
                ["guardianPhone"] = person.GuardianPhone, ["reporterName"] = person.ReporterName, ["reporterPhone"] = person.ReporterPhone,
                ["address"] = person.Address,
            },
        };
        using var producer = _factory.CreateClient();
        using var request = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Reports)
        {
            Content = new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        using var response = await producer.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return caseId;
    }

    private async Task<HttpResponseMessage> PostEventsAsync(JsonArray batch)
    {
        using var producer = _factory.CreateClient();
        using var request = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Events)
        {
            Content = new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        return await producer.SendAsync(request);
    }

    private static JsonObject Event(string type, JsonObject data, string? id = null, string? ts = null) => new()
    {
        ["id"] = id ?? Guid.NewGuid().ToString("n"), ["type"] = type, ["v"] = 1,
        ["ts"] = ts ?? EventTimestamps.Format(DateTimeOffset.UtcNow.AddSeconds(-1)), ["src"] = TestProducers.Id, ["data"] = data,
    };

    private static JsonObject ReportData(string reportId, JsonObject? personal, string? childId = null) => new()
    {
        ["report_id"] = reportId, ["village_code"] = TestEvents.ShenyangVillage, ["category"] = "injury", ["reporter_type"] = "medical",
        ["child_id"] = childId, ["personal"] = personal,
    };

    private static JsonObject Personal(PersonalForm p) => new()
    {
        ["child_name"] = p.ChildName, ["child_birth_date"] = p.ChildBirthDate, ["guardian_name"] = p.GuardianName,
        ["guardian_phone"] = p.GuardianPhone, ["reporter_name"] = p.ReporterName, ["reporter_phone"] = p.ReporterPhone, ["address"] = p.Address,
    };

    private static async Task<CaseDto> WaitForCaseAsync(HttpClient officer, string caseId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var snapshot = (await officer.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot))!;
            if (snapshot.OpenCases.FirstOrDefault(c => c.CaseId == caseId) is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"case {caseId} never reached the officer");
            await Task.Delay(50);
        }
    }

    private async Task<List<RawEvent>> ReadLogAsync()
    {
        var all = new List<RawEvent>();
        var after = LogPosition.Start;
        while (await _factory.Log.ReadAfterAsync(after, 1000) is { Count: > 0 } page)
        {
            all.AddRange(page.Select(e => e.Event));
            after = page[^1].Position;
        }
        return all;
    }
}
