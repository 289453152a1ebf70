using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;

namespace Lbc.Browser.Tests;

/// <summary>
/// The civil-affairs board in a real browser: a police escort of a child to an institution lowers its free beds on a
/// signed-in coordinator's board at once; the coordinator assigns a waiting child from the suggestion list with a click.
/// </summary>
public sealed class CivilBoardTests(LiveDashboard server, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<LiveDashboard>, IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PoliceEscortToAnInstitution_LowersItsFreeBedsOnTheCoordinatorsBoard()
    {
        var institutionId = TestReport.NewId("INST");
        await server.Ingest.PostEventsAsync(Institution(institutionId, capacity: 6));
        await using var civil = await chromium.NewSessionAsync(server, output);
        var coordinator = await civil.SignInAsync(Roles.CivilAffairs, "2101");
        await coordinator.GotoAsync("/placements");
        var row = coordinator.Page.Locator($"tr.institution-row[data-institution='{institutionId}']");
        await Expect(row).ToHaveAttributeAsync("data-free", "6", new() { Timeout = Ms(Limit) });

        // A police officer escorts a domestic-violence victim there, through the command API as the console does.
        var caseId = await server.Ingest.FileReportAsync(new TestReport(TestReport.NewId("R-ESC"), TestEvents.ShenyangVillage) { Category = "domestic_violence" });
        await server.WaitForCaseAsync(caseId);
        using var officer = await server.Factory.CreateClientAs(Roles.PoliceDutyOfficer, "21");
        var version = 1;
        foreach (var (type, data) in new (string, JsonObject?)[]
        {
            (EventTypes.CaseAcknowledged, null), (EventTypes.CaseDispatched, null), (EventTypes.CaseOnScene, null),
            (EventTypes.CaseChildEscorted, new JsonObject { ["to"] = "institution", ["institution_id"] = institutionId }),
        })
        {
            version = await CommandAsync(officer, type, caseId, version, data);
        }

        await Expect(row).ToHaveAttributeAsync("data-free", "5", new() { Timeout = Ms(Limit) });
        await coordinator.ScreenshotAsync();
    }

    [Fact]
    public async Task CoordinatorAssignsAWaitingChildFromTheSuggestions_WithAClick()
    {
        var institutionId = TestReport.NewId("INST");
        var placementId = TestReport.NewId("PL");
        await server.Ingest.PostEventsAsync(Institution(institutionId, capacity: 4),
            TestEvents.Make(EventTypes.PlacementRequested, new JsonObject
            {
                ["placement_id"] = placementId,
                ["township_code"] = TestEvents.ShenyangTownship,
            }));
        await using var civil = await chromium.NewSessionAsync(server, output);
        var coordinator = await civil.SignInAsync(Roles.CivilAffairs, "2101");
        await coordinator.GotoAsync("/placements");
        var placement = coordinator.Page.Locator($"tr.placement-row[data-placement='{placementId}']");
        await Expect(placement).ToHaveAttributeAsync("data-stage", "requested", new() { Timeout = Ms(Limit) });

        await placement.Locator("button[data-suggest]").ClickAsync();
        var suggestion = coordinator.Page.Locator($"[data-suggestions='{placementId}'] li[data-institution='{institutionId}']");
        await Expect(suggestion).ToBeVisibleAsync(new() { Timeout = Ms(Limit) });
        await Expect(suggestion.Locator(".reasons")).ToContainTextAsync("空床");
        await coordinator.ScreenshotAsync("suggestions");
        await suggestion.Locator("button[data-action='placement.assigned']").ClickAsync();

        await Expect(placement).ToHaveAttributeAsync("data-stage", "assigned", new() { Timeout = Ms(Limit) });
        await Expect(coordinator.Page.Locator($"tr.institution-row[data-institution='{institutionId}']")).ToHaveAttributeAsync("data-free", "3");
        await coordinator.ScreenshotAsync("assigned");
    }

    private static RawEvent Institution(string id, int capacity) => TestEvents.Make(EventTypes.InstitutionRegistered, new JsonObject
    {
        ["institution_id"] = id,
        ["name"] = "沈阳市未成年人救助保护中心(测试)",
        ["kind"] = "protection_centre",
        ["region_code"] = "2101",
        ["capacity"] = capacity,
    });

    private static async Task<int> CommandAsync(HttpClient client, string type, string caseId, int version, JsonObject? data)
    {
        var body = new JsonObject
        {
            ["commandId"] = Guid.NewGuid().ToString("n"), ["type"] = type, ["caseId"] = caseId, ["expectedVersion"] = version,
            ["data"] = data ?? [],
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, CommandRoutes.Commands)
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{type}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["version"]!.GetValue<int>();
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;
}
