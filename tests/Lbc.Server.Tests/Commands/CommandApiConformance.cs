using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lbc.Server.Tests.Commands;

/// <summary>
/// <c>POST /api/commands</c> and the case view (ARCHITECTURE.md, "Commands") on a real log: a report comes in
/// through ingest like any other, an officer acts on it, and the tests look where a user would (the answer, the case
/// view, the snapshot, the hub) and at the log itself. The same suite runs on the SQLite log and on a real
/// redis-server, so switching <c>Dashboard:EventLog</c> changes nothing an officer can notice.
/// </summary>
public abstract class CommandApiConformance(CommandServer server)
{
    // The 沈阳 county of the test township (officer A, civil affairs) and a 朝阳 county (another county's officer).
    private static string CountyA => TestEvents.ShenyangTownship[..6];
    private static string CountyB => TestEvents.ChaoyangTownship[..6];

    private static readonly string s_officerA = TestUsers.UsernameOf(Roles.PoliceDutyOfficer, CountyA);
    private static readonly string s_officerB = TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2101");

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    protected CommandServer Server => server;

    // ----- acknowledge -----

    [Fact]
    public async Task Acknowledge_Accepted202Version2_CaseViewNamesTheOfficer_AndSnapshotShowsAcknowledged()
    {
        var caseId = await FileReportAsync("missing");
        using var officer = await OfficerAAsync();

        var response = await PostAsync(officer, Command(EventTypes.CaseAcknowledged, caseId, 1));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CommandAccepted))!;
        Assert.Equal(2, accepted.Version);
        Assert.False(string.IsNullOrEmpty(accepted.EventId));
        var view = await CaseViewAsync(officer, caseId);
        Assert.Equal(2, view.Case.Version);
        Assert.Equal("acknowledged", view.Case.Stage);
        var entry = Assert.Single(view.Timeline, e => e.Type == EventTypes.CaseAcknowledged);
        Assert.Equal(accepted.EventId, entry.EventId);
        Assert.Equal(s_officerA, entry.ActedBy);
        Assert.Equal(DisplayNameOf(Roles.PoliceDutyOfficer, CountyA), entry.ActedByName);
        Assert.True(entry.ByUser);
        Assert.DoesNotContain(view.NextSteps, s => s.Type == EventTypes.CaseAcknowledged);
        Assert.Contains(view.NextSteps, s => s.Type == EventTypes.CaseDispatched);
        var snapshot = await SnapshotAsync(officer);
        Assert.Equal("acknowledged", snapshot.OpenCases.Single(c => c.CaseId == caseId).Stage);
        // On the log the event names the officer as actor and the dashboard as source (ARCHITECTURE.md).
        var logged = (await server.ReadLogAsync()).Single(e => e.Id == accepted.EventId);
        Assert.Equal(CommandRoutes.DashboardSource, logged.Src);
        Assert.Equal(s_officerA, JsonNode.Parse(logged.Data)!["actor"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task SameCommandIdAgain_TheFirstAnswer_AndOneEventOnTheLog_EvenAfterALaterStep()
    {
        var caseId = await FileReportAsync("missing");
        using var officer = await OfficerAAsync();
        var command = Command(EventTypes.CaseAcknowledged, caseId, 1);

        var first = await PostAsync(officer, command);
        var retry = await PostAsync(officer, command);
        await StepAsync(officer, EventTypes.CaseDispatched, caseId, 2);
        var lateRetry = await PostAsync(officer, command);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, lateRetry.StatusCode);
        Assert.Equal(firstBody, await lateRetry.Content.ReadAsStringAsync());
        var eventId = JsonSerializer.Deserialize(firstBody, ContractsJsonContext.Default.CommandAccepted)!.EventId;
        Assert.Single(await server.ReadLogAsync(), e => e.Id == eventId);
        var view = await CaseViewAsync(officer, caseId);
        Assert.Equal(3, view.Case.Version);
        Assert.Single(view.Timeline, e => e.Type == EventTypes.CaseAcknowledged);
    }

    [Fact]
    public async Task TwoOfficersAcknowledgeAtOnce_One202AndOne409NamingTheWinner()
    {
        var caseId = await FileReportAsync("domestic_violence");
        using var officerA = await OfficerAAsync();
        using var officerB = await OfficerBAsync();

        var answers = await Task.WhenAll(
            PostAsync(officerA, Command(EventTypes.CaseAcknowledged, caseId, 1)),
            PostAsync(officerB, Command(EventTypes.CaseAcknowledged, caseId, 1)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        var loser = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        var winner = answers[0] == loser ? s_officerB : s_officerA;
        var conflict = (await loser.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CommandConflict))!;
        Assert.Equal(winner, conflict.ActedBy);
        Assert.Equal(winner == s_officerA ? DisplayNameOf(Roles.PoliceDutyOfficer, CountyA) : DisplayNameOf(Roles.PoliceDutyOfficer, "2101"),
            conflict.ActedByName);
        Assert.Equal(2, conflict.CurrentVersion);
        Assert.InRange(conflict.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var view = await CaseViewAsync(officerA, caseId);
        Assert.Equal(2, view.Case.Version);
        Assert.Equal(winner, Assert.Single(view.Timeline, e => e.Type == EventTypes.CaseAcknowledged).ActedBy);
        Assert.Single(await server.ReadLogAsync(), e => e.Type == EventTypes.CaseAcknowledged && e.Data.Contains(caseId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaleExpectedVersion_409NamesWhoActedLast()
    {
        var caseId = await FileReportAsync("injury");
        using var officerA = await OfficerAAsync();
        using var officerB = await OfficerBAsync();
        var ack = await StepAsync(officerA, EventTypes.CaseAcknowledged, caseId, 1);

        // Officer B still has the case at version 1 on screen and dispatches.
        var response = await PostAsync(officerB, Command(EventTypes.CaseDispatched, caseId, 1));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var conflict = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CommandConflict))!;
        Assert.Equal(s_officerA, conflict.ActedBy);
        Assert.Equal(DisplayNameOf(Roles.PoliceDutyOfficer, CountyA), conflict.ActedByName);
        Assert.Equal(ack.Version, conflict.CurrentVersion);
        var view = await CaseViewAsync(officerB, caseId);
        Assert.Equal(view.Timeline[^1].At, conflict.At);
        Assert.Equal("acknowledged", view.Case.Stage);
    }

    // ----- what the policy refuses -----

    [Fact]
    public async Task SearchStartedOnALivingAloneCase_400NamesTheCategoryRule_AndAppendsNothing()
    {
        var caseId = await FileReportAsync("living_alone");
        using var officer = await OfficerAAsync();
        var ack = await StepAsync(officer, EventTypes.CaseAcknowledged, caseId, 1);
        var count = await server.Log.CountWithoutAuditAsync();

        var response = await PostAsync(officer, Command(EventTypes.CaseSearchStarted, caseId, ack.Version));

        var errors = await ValidationErrorsAsync(response);
        Assert.Contains("living_alone", Assert.Contains("search-missing-only", errors).Single(), StringComparison.Ordinal);
        Assert.Equal(count, await server.Log.CountWithoutAuditAsync());
        Assert.Equal(ack.Version, (await CaseViewAsync(officer, caseId)).Case.Version);
    }

    [Fact]
    public async Task OnSceneBeforeDispatched_400NamesTheStateRule_AndAppendsNothing()
    {
        var caseId = await FileReportAsync("injury");
        using var officer = await OfficerAAsync();
        var ack = await StepAsync(officer, EventTypes.CaseAcknowledged, caseId, 1);
        var count = await server.Log.CountWithoutAuditAsync();

        var response = await PostAsync(officer, Command(EventTypes.CaseOnScene, caseId, ack.Version));

        var errors = await ValidationErrorsAsync(response);
        Assert.Contains("on-scene-after-dispatch", errors.Keys);
        Assert.Equal(count, await server.Log.CountWithoutAuditAsync());
        Assert.Equal("acknowledged", (await CaseViewAsync(officer, caseId)).Case.Stage);
    }

    // ----- who may act -----

    [Fact]
    public async Task OfficerOfAnotherCounty_404ForCommandAndCaseView_AsForNoSuchCase_AndHubRefusesMarkHandling()
    {
        var caseId = await FileReportAsync("missing");
        using var other = await server.ClientAsync(Roles.PoliceDutyOfficer, CountyB);
        var count = await server.Log.CountWithoutAuditAsync();

        var command = await PostAsync(other, Command(EventTypes.CaseAcknowledged, caseId, 1));
        var view = await other.GetAsync(CommandRoutes.CaseOf(caseId));
        var noSuchCommand = await PostAsync(other, Command(EventTypes.CaseAcknowledged, "R-NO-SUCH-CASE", 1));
        var noSuchView = await other.GetAsync(CommandRoutes.CaseOf("R-NO-SUCH-CASE"));

        Assert.Equal(HttpStatusCode.NotFound, command.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noSuchCommand.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noSuchView.StatusCode);
        // The same words for "not yours" and "does not exist": the id is neither confirmed nor denied.
        Assert.Equal(await TitleAsync(noSuchCommand), await TitleAsync(command));
        Assert.Equal(await TitleAsync(noSuchView), await TitleAsync(view));
        Assert.DoesNotContain(caseId, await view.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(count, await server.Log.CountWithoutAuditAsync());

        await using var otherHub = await server.Factory.ConnectHubAsync(await server.CookieAsync(Roles.PoliceDutyOfficer, CountyB));
        await Assert.ThrowsAsync<HubException>(() => otherHub.InvokeAsync(OpsHub.MarkHandlingMethod, caseId));
        // The case's own county may: the refusal is about the jurisdiction, not the method.
        await using var ownHub = await server.Factory.ConnectHubAsync(await server.CookieAsync(Roles.PoliceDutyOfficer, CountyA));
        await ownHub.InvokeAsync(OpsHub.MarkHandlingMethod, caseId);
    }

    [Fact]
    public async Task CivilAffairsUser_400NamesTheRole_LeadingGroup_403()
    {
        var caseId = await FileReportAsync("domestic_violence");
        using var civilAffairs = await server.ClientAsync(Roles.CivilAffairs, CountyA);
        using var leadingGroup = await server.ClientAsync(Roles.LeadingGroup, "21");
        var count = await server.Log.CountWithoutAuditAsync();

        var byCivilAffairs = await PostAsync(civilAffairs, Command(EventTypes.CaseAcknowledged, caseId, 1));
        var byLeadingGroup = await PostAsync(leadingGroup, Command(EventTypes.CaseAcknowledged, caseId, 1));
        var viewByLeadingGroup = await leadingGroup.GetAsync(CommandRoutes.CaseOf(caseId));

        var errors = await ValidationErrorsAsync(byCivilAffairs);
        Assert.Contains(Roles.CivilAffairs, Assert.Contains("role", errors).Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byLeadingGroup.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewByLeadingGroup.StatusCode);
        Assert.DoesNotContain(caseId, await viewByLeadingGroup.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(count, await server.Log.CountWithoutAuditAsync());
        Assert.Equal(1, (await CaseViewAsync(civilAffairs, caseId)).Case.Version);
    }

    // ----- escorts and placements -----

    [Fact]
    public async Task EscortToAnInstitution_PlacementRequestedAndAssigned_ReservedBedShowsInTheSnapshot()
    {
        var institutionId = await RegisterInstitutionAsync(capacity: 3);
        var caseId = await FileReportAsync("injury");
        using var officer = await OfficerAAsync();
        var version = await OnSceneAsync(officer, caseId);

        var escort = await StepAsync(officer, EventTypes.CaseChildEscorted, caseId, version,
            new JsonObject { ["to"] = "institution", ["institution_id"] = institutionId });

        var institution = await EventuallyAsync(async () =>
            (await SnapshotAsync(officer)).Institutions.SingleOrDefault(i => i.InstitutionId == institutionId && i.Reserved == 1));
        Assert.Equal(2, institution.Free);
        var view = await CaseViewAsync(officer, caseId);
        Assert.Equal("child_escorted", view.Case.Stage);
        Assert.Equal("institution", view.EscortedTo);
        Assert.Equal(institutionId, view.EscortInstitutionId);
        Assert.True(view.PlacementRequested);
        var log = await server.ReadLogAsync();
        var assigned = Assert.Single(log, e => e.Type == EventTypes.PlacementAssigned && e.Data.Contains(institutionId, StringComparison.Ordinal));
        var placementId = JsonNode.Parse(assigned.Data)!["placement_id"]!.GetValue<string>();
        var requested = Assert.Single(log, e => e.Type == EventTypes.PlacementRequested && e.Data.Contains(placementId, StringComparison.Ordinal));
        Assert.Equal(caseId, JsonNode.Parse(requested.Data)!["report_id"]!.GetValue<string>());
        // The answer's version is the case's version after the whole command, so the officer's next step is not a 409.
        Assert.Equal(view.Case.Version, escort.Version);
        await StepAsync(officer, EventTypes.CaseTownshipNotified, caseId, escort.Version);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("not_accepting")]
    public async Task EscortToAnInstitutionThatCannotTakeTheChild_400AndNothingAppended(string why)
    {
        var institutionId = why == "full"
            ? await RegisterInstitutionAsync(capacity: 0) // no free bed (occupancy comes from placements, never from a status report)
            : await RegisterInstitutionAsync(capacity: 5, accepting: false);
        var caseId = await FileReportAsync("domestic_violence");
        using var officer = await OfficerAAsync();
        var version = await OnSceneAsync(officer, caseId);
        var count = await server.Log.CountWithoutAuditAsync();

        var response = await PostAsync(officer, Command(EventTypes.CaseChildEscorted, caseId, version,
            new JsonObject { ["to"] = "institution", ["institution_id"] = institutionId }));

        var errors = await ValidationErrorsAsync(response);
        Assert.Contains("data.institution_id", errors.Keys);
        Assert.Equal(count, await server.Log.CountWithoutAuditAsync());
        var view = await CaseViewAsync(officer, caseId);
        Assert.Equal("on_scene", view.Case.Stage);
        Assert.False(view.PlacementRequested);
        var institution = (await SnapshotAsync(officer)).Institutions.Single(i => i.InstitutionId == institutionId);
        Assert.Equal(0, institution.Reserved);
    }

    [Fact]
    public async Task DomesticViolenceOnSceneWithSeriousHarm_AsksCivilAffairsForAPlace()
    {
        var caseId = await FileReportAsync("domestic_violence");
        using var officer = await OfficerAAsync();
        var ack = await StepAsync(officer, EventTypes.CaseAcknowledged, caseId, 1);
        var dispatched = await StepAsync(officer, EventTypes.CaseDispatched, caseId, ack.Version);

        var onScene = await StepAsync(officer, EventTypes.CaseOnScene, caseId, dispatched.Version, new JsonObject { ["serious_harm"] = true });

        var view = await CaseViewAsync(officer, caseId);
        Assert.True(view.PlacementRequested);
        Assert.Equal("on_scene", view.Case.Stage);
        var request = Assert.Single(view.Timeline, e => e.Type == EventTypes.PlacementRequested);
        Assert.Equal(s_officerA, request.ActedBy);
        Assert.Equal("yes", view.Timeline.Single(e => e.Type == EventTypes.CaseOnScene).Details["serious_harm"]);
        Assert.Single(await server.ReadLogAsync(),
            e => e.Type == EventTypes.PlacementRequested && JsonNode.Parse(e.Data)!["report_id"]?.GetValue<string>() == caseId);
        // The answer's version is the case's version after the whole command, so the officer's next step is not a 409.
        Assert.Equal(view.Case.Version, onScene.Version);
        await StepAsync(officer, EventTypes.CaseTownshipNotified, caseId, onScene.Version);
    }

    // ----- bad requests -----

    [Theory]
    [InlineData("not json at all", "body")]
    [InlineData("[]", "body")]
    [InlineData("null", "body")]
    [InlineData("""{"type":"case.acknowledged","caseId":"CASE","expectedVersion":1}""", "commandId")]
    [InlineData("""{"commandId":"   ","type":"case.acknowledged","caseId":"CASE","expectedVersion":1}""", "commandId")]
    [InlineData("""{"commandId":"m-1","type":"case.acknowledged","caseId":"CASE","expectedVersion":1,"data":[1,2]}""", "data")]
    [InlineData("""{"commandId":"m-2","type":"case.acknowledged","caseId":"CASE","expectedVersion":1,"data":"yes"}""", "data")]
    [InlineData("""{"commandId":"m-3","type":"case.teleported","caseId":"CASE","expectedVersion":1}""", "type")]
    [InlineData("""{"commandId":"m-4","caseId":"CASE","expectedVersion":1}""", "type")]
    [InlineData("""{"commandId":"m-5","type":"case.acknowledged","caseId":"CASE"}""", "expectedVersion")]
    [InlineData("""{"commandId":"m-6","type":"case.acknowledged","caseId":"CASE","expectedVersion":"two"}""", "body")]
    [InlineData("""{"commandId":"m-7","type":"case.acknowledged","placementId":"P-1","expectedVersion":1}""", "caseId")]
    [InlineData("""{"commandId":"m-8","type":"case.acknowledged","caseId":"CASE","expectedVersion":1,"data":{"serious_harm":"very"}}""", "data")]
    public async Task MalformedCommand_400NamingTheField_NeverA500_AndNothingAppended(string body, string field)
    {
        var caseId = await FileReportAsync("missing");
        using var officer = await OfficerAAsync();
        var count = await server.Log.CountWithoutAuditAsync();

        var response = await PostAsync(officer, body.Replace("CASE", caseId, StringComparison.Ordinal));

        var errors = await ValidationErrorsAsync(response);
        Assert.Contains(field, errors.Keys);
        Assert.Equal(count, await server.Log.CountWithoutAuditAsync());
        Assert.Equal(1, (await CaseViewAsync(officer, caseId)).Case.Version);
    }

    [Fact]
    public async Task CommandWithoutXRequestedWith_RefusedAsTheAntiforgeryRuleSays_AndNothingAppended()
    {
        var caseId = await FileReportAsync("missing");
        using var officer = await OfficerAAsync();
        var count = await server.Log.CountWithoutAuditAsync();

        var response = await PostAsync(officer, Command(EventTypes.CaseAcknowledged, caseId, 1), requestedWith: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(AuthRoutes.RequestedWithHeader, await TitleAsync(response), StringComparison.Ordinal);
        Assert.Equal(count, await server.Log.CountWithoutAuditAsync());
        Assert.Equal(1, (await CaseViewAsync(officer, caseId)).Case.Version);
    }

    // ----- the screens -----

    [Fact]
    public async Task Command_AnotherOfficersScreenGetsTheNewStage_AndAHandlingNoticeNamingTheActor()
    {
        var caseId = await FileReportAsync("missing");
        using var officerA = await OfficerAAsync();
        var acknowledged = new TaskCompletionSource<CaseDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handling = new TaskCompletionSource<CaseHandlingNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hubB = await server.Factory.ConnectHubAsync(await server.CookieAsync(Roles.PoliceDutyOfficer, "2101"),
            batch =>
            {
                if (batch.Cases.FirstOrDefault(c => c.CaseId == caseId && c.Stage == "acknowledged") is { } c)
                {
                    acknowledged.TrySetResult(c);
                }
            },
            c => c.On<CaseHandlingNotice>(OpsHub.HandlingMethod, n =>
            {
                if (n.CaseId == caseId)
                {
                    handling.TrySetResult(n);
                }
            }));
        // A hub call is dispatched only after OnConnectedAsync: once one is answered, B is in its group and on the feed.
        await Assert.ThrowsAsync<HubException>(() => hubB.InvokeAsync(OpsHub.MarkHandlingMethod, "R-NO-SUCH-CASE"));

        var accepted = await StepAsync(officerA, EventTypes.CaseAcknowledged, caseId, 1);

        var pushed = await acknowledged.Task.WaitAsync(s_wait);
        Assert.Equal(accepted.Version, pushed.Version);
        var notice = await handling.Task.WaitAsync(s_wait);
        Assert.Equal(s_officerA, notice.Username);
        Assert.Equal(DisplayNameOf(Roles.PoliceDutyOfficer, CountyA), notice.DisplayName);
    }

    // ----- helpers -----

    protected Task<HttpClient> OfficerAAsync() => server.ClientAsync(Roles.PoliceDutyOfficer, CountyA);

    private Task<HttpClient> OfficerBAsync() => server.ClientAsync(Roles.PoliceDutyOfficer, "2101");

    private static string DisplayNameOf(string role, string jurisdiction) => $"{role} {jurisdiction}";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():n}";

    private static string Ts() => EventTimestamps.Format(DateTimeOffset.UtcNow.AddSeconds(-1));

    /// <summary>A mandatory report through the ingest API (as a school's system files it); returns once officer A sees it.</summary>
    protected async Task<string> FileReportAsync(string category)
    {
        var caseId = NewId("R-CMD");
        using var producer = server.Factory.CreateClient();
        using var request = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Reports)
        {
            Content = new StringContent(
                $$"""{"reportId":"{{caseId}}","category":"{{category}}","reporterType":"school","villageCode":"{{TestEvents.ShenyangVillage}}"}""",
                Encoding.UTF8, "application/json"),
        });
        var response = await producer.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var officer = await OfficerAAsync();
        await EventuallyAsync(async () => (await SnapshotAsync(officer)).OpenCases.FirstOrDefault(c => c.CaseId == caseId));
        return caseId;
    }

    /// <summary>A place of care in county A, registered (and its status reported) through the ingest API; returns once officer A sees it.</summary>
    private async Task<string> RegisterInstitutionAsync(int capacity, int occupied = 0, bool accepting = true)
    {
        var institutionId = NewId("INST-CMD");
        var events = new JsonArray
        {
            new JsonObject
            {
                ["id"] = institutionId + "-registered", ["type"] = EventTypes.InstitutionRegistered, ["v"] = 1, ["ts"] = Ts(), ["src"] = TestProducers.Id,
                ["data"] = new JsonObject
                {
                    ["institution_id"] = institutionId, ["name"] = "测试救助管理站", ["kind"] = "relief_station",
                    ["region_code"] = CountyA, ["capacity"] = capacity,
                },
            },
            new JsonObject
            {
                ["id"] = institutionId + "-status", ["type"] = EventTypes.InstitutionStatus, ["v"] = 1, ["ts"] = Ts(), ["src"] = TestProducers.Id,
                ["data"] = new JsonObject
                {
                    ["institution_id"] = institutionId, ["occupied"] = occupied, ["reserved"] = 0, ["accepting"] = accepting, ["staff_on_duty"] = 2,
                },
            },
        };
        using var producer = server.Factory.CreateClient();
        using var request = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Events)
        {
            Content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        var response = await producer.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var officer = await OfficerAAsync();
        await EventuallyAsync(async () => (await SnapshotAsync(officer)).Institutions
            .FirstOrDefault(i => i.InstitutionId == institutionId && i.Occupied == occupied && i.Accepting == accepting));
        return institutionId;
    }

    /// <summary>Acknowledged, dispatched, on scene; returns the case's version.</summary>
    private static async Task<int> OnSceneAsync(HttpClient officer, string caseId)
    {
        var ack = await StepAsync(officer, EventTypes.CaseAcknowledged, caseId, 1);
        var dispatched = await StepAsync(officer, EventTypes.CaseDispatched, caseId, ack.Version);
        return (await StepAsync(officer, EventTypes.CaseOnScene, caseId, dispatched.Version)).Version;
    }

    protected static JsonObject Command(string type, string caseId, int expectedVersion, JsonObject? data = null) => new()
    {
        ["commandId"] = NewId("cmd"),
        ["type"] = type,
        ["caseId"] = caseId,
        ["expectedVersion"] = expectedVersion,
        ["data"] = data,
    };

    /// <summary>A step that must be accepted; its answer.</summary>
    protected static async Task<CommandAccepted> StepAsync(HttpClient officer, string type, string caseId, int expectedVersion, JsonObject? data = null)
    {
        var response = await PostAsync(officer, Command(type, caseId, expectedVersion, data));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{type} at version {expectedVersion}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize(body, ContractsJsonContext.Default.CommandAccepted)!;
    }

    protected static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject command, bool requestedWith = true) =>
        PostAsync(client, command.ToJsonString(), requestedWith);

    protected static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, bool requestedWith = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CommandRoutes.Commands)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (requestedWith)
        {
            request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        }
        return await client.SendAsync(request);
    }

    /// <summary>A 400 ValidationProblem's errors by field or rule.</summary>
    private static async Task<IReadOnlyDictionary<string, string[]>> ValidationErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(), StringComparer.Ordinal);
    }

    protected static async Task<string> TitleAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString()!;

    protected static async Task<CaseDetailDto> CaseViewAsync(HttpClient client, string caseId) =>
        (await client.GetFromJsonAsync(CommandRoutes.CaseOf(caseId), ContractsJsonContext.Default.CaseDetailDto))!;

    private static async Task<DashboardSnapshot> SnapshotAsync(HttpClient client) =>
        (await client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot))!;

    protected static Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt) => Eventually.UntilAsync(attempt, s_wait);
}

/// <summary>The command API on the embedded SQLite log.</summary>
public sealed class SqliteCommandApiTests(SqliteCommandServer server) : CommandApiConformance(server), IClassFixture<SqliteCommandServer>;

/// <summary>The command API on the Redis Streams log (a real redis-server).</summary>
public sealed class RedisCommandApiTests(RedisCommandServer server) : CommandApiConformance(server), IClassFixture<RedisCommandServer>
{
    [Fact]
    public async Task RedisDown_Command503AndNothingRecorded_TheSameCommandIsRecordedOnceWhenBack()
    {
        var caseId = await FileReportAsync("missing");
        using var officer = await OfficerAAsync();
        var command = Command(EventTypes.CaseAcknowledged, caseId, 1);

        var redis = ((RedisCommandServer)Server).Redis;
        await redis.KillAsync();
        HttpResponseMessage refused;
        try
        {
            refused = await PostAsync(officer, command);
        }
        finally
        {
            await redis.StartAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("Event log unavailable", await TitleAsync(refused));
        // The officer's screen retries the same command (same id) until the log is back: recorded once.
        var accepted = await EventuallyAsync(async () =>
        {
            var retry = await PostAsync(officer, command);
            return retry.StatusCode == HttpStatusCode.Accepted ? retry : null;
        });
        Assert.Equal(2, (await accepted.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CommandAccepted))!.Version);
        var view = await CaseViewAsync(officer, caseId);
        Assert.Equal(2, view.Case.Version);
        Assert.Single(view.Timeline, e => e.Type == EventTypes.CaseAcknowledged);
        Assert.Single(await Server.ReadLogAsync(), e => e.Type == EventTypes.CaseAcknowledged && e.Data.Contains(caseId, StringComparison.Ordinal));
    }
}
