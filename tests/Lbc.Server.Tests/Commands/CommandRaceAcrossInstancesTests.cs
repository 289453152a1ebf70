using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Server.Tests.Infrastructure;

namespace Lbc.Server.Tests.Commands;

/// <summary>
/// Two officers behind a load balancer: each on a different server instance, one Redis log. The instances do not
/// share the lock that orders one instance's commands, so the log's order decides; an officer whose step lost the
/// race must still hear 409 naming the winner, never a 202 for a step that is not on the case.
/// </summary>
public sealed class CommandRaceAcrossInstancesTests(RedisServerFixture redis) : TwoInstances(redis)
{
    private static string CountyA => TestEvents.ShenyangTownship[..6];

    [Fact]
    public async Task TwoOfficersOnTwoInstancesAcknowledgeAtOnce_EachCaseOne202AndOne409NamingTheWinner()
    {
        var officerA = TestUsers.UsernameOf(Roles.PoliceDutyOfficer, CountyA);
        var officerB = TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2101");
        using var onFirst = await SignedInClientAsync(First, Roles.PoliceDutyOfficer, CountyA);
        using var onSecond = await SignedInClientAsync(Second, Roles.PoliceDutyOfficer, "2101");
        var cases = Enumerable.Range(0, 8).Select(i => $"R-RACE-{i}-{Guid.NewGuid():n}").ToArray();
        await First.Log.AppendAsync([.. cases.Select(c => TestEvents.ReportFiled(c, TestEvents.ShenyangVillage, "missing"))]);
        foreach (var client in new[] { onFirst, onSecond })
        {
            await EventuallyAsync(async () =>
            {
                var snapshot = await client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
                return cases.All(c => snapshot!.OpenCases.Any(o => o.CaseId == c)) ? snapshot : null;
            });
        }

        foreach (var caseId in cases)
        {
            var answers = await Task.WhenAll(Acknowledge(onFirst, caseId), Acknowledge(onSecond, caseId));

            var bodies = string.Join(" | ", await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync())));
            Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Accepted) == 1, $"{caseId}: {bodies}");
            var loser = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
            var conflict = (await loser.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CommandConflict))!;
            var view = (await onFirst.GetFromJsonAsync(CommandRoutes.CaseOf(caseId), ContractsJsonContext.Default.CaseDetailDto))!;
            var recorded = Assert.Single(view.Timeline, e => e.Type == EventTypes.CaseAcknowledged);
            Assert.Equal(recorded.ActedBy, conflict.ActedBy);
            Assert.Equal(answers[0] == loser ? officerB : officerA, conflict.ActedBy);
            Assert.Equal(2, conflict.CurrentVersion);
        }
    }

    private static async Task<HttpResponseMessage> Acknowledge(HttpClient client, string caseId)
    {
        var command = new JsonObject
        {
            ["commandId"] = $"race-{Guid.NewGuid():n}",
            ["type"] = EventTypes.CaseAcknowledged,
            ["caseId"] = caseId,
            ["expectedVersion"] = 1,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, CommandRoutes.Commands)
        {
            Content = new StringContent(command.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        return await client.SendAsync(request);
    }


    private static Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt) => Eventually.UntilAsync(attempt, TimeSpan.FromSeconds(20));
}
