using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.EventLog;

namespace Lbc.Server.Tests.PersonalData;

/// <summary>What the personal-data tests do on any server: file a report with a person, wait for the case, reveal, read the log.</summary>
internal static class PersonalDataScenario
{
    public const string Reason = "核实监护人联系方式 (checking the guardian's phone)";

    /// <summary>A report with <paramref name="person"/> through <c>POST /api/reports</c>, with no ledger id (its own key).</summary>
    public static async Task<string> FileReportAsync(DashboardFactory factory, PersonalForm person, string village)
    {
        var caseId = "R-PD-" + Guid.NewGuid().ToString("n");
        var form = new JsonObject
        {
            ["reportId"] = caseId, ["category"] = "living_alone", ["reporterType"] = "school", ["villageCode"] = village,
            ["personal"] = new JsonObject
            {
                ["childName"] = person.ChildName, ["childBirthDate"] = person.ChildBirthDate, ["guardianName"] = person.GuardianName,
                ["guardianPhone"] = person.GuardianPhone, ["reporterName"] = person.ReporterName, ["reporterPhone"] = person.ReporterPhone,
                ["address"] = person.Address,
            },
        };
        using var producer = factory.CreateClient();
        using var request = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Reports)
        {
            Content = new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        using var response = await producer.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return caseId;
    }

    public static async Task<CaseDto> WaitForCaseAsync(HttpClient user, string caseId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var snapshot = (await user.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot))!;
            if (snapshot.OpenCases.FirstOrDefault(c => c.CaseId == caseId) is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"case {caseId} never reached the user");
            await Task.Delay(50);
        }
    }

    /// <summary>Asks for the reveal until it answers <paramref name="status"/> (the retention job runs on its own clock).</summary>
    public static async Task<HttpResponseMessage> RevealUntilAsync(HttpClient user, string caseId, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var response = await user.GetAsync(PersonalRoutes.PersonalOf(caseId, Reason));
            if (response.StatusCode == status)
            {
                return response;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the reveal still answers {(int)response.StatusCode}, not {(int)status}");
            response.Dispose();
            await Task.Delay(100);
        }
    }

    public static async Task<List<LoggedEvent>> ReadLogAsync(IEventLog log)
    {
        var all = new List<LoggedEvent>();
        var after = LogPosition.Start;
        while (await log.ReadAfterAsync(after, 1000) is { Count: > 0 } page)
        {
            all.AddRange(page);
            after = page[^1].Position;
        }
        return all;
    }

    /// <summary>The case closed by a producer's event, as the police intake would send it.</summary>
    public static Task CloseAsync(IEventLog log, string caseId) =>
        log.AppendAsync([TestEvents.Make(EventTypes.CaseClosed, new JsonObject { ["report_id"] = caseId, ["outcome"] = "guardian_arranged" })]);
}
