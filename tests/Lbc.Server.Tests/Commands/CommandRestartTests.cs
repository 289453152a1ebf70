using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;

namespace Lbc.Server.Tests.Commands;

/// <summary>
/// A command retried after the server restarted (the officer's screen resends when the first answer was lost): the
/// first answer again, and the step is on the log once, although the restarted server never saw the first request.
/// </summary>
public sealed class CommandRestartTests : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-cmd-restart-" + Guid.NewGuid().ToString("n"));

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task SameCommandAfterARestart_TheFirstAnswer_AndOneEventOnTheLog()
    {
        var county = TestEvents.ShenyangTownship[..6];
        var command = new JsonObject
        {
            ["commandId"] = "restart-ack-1",
            ["type"] = EventTypes.CaseAcknowledged,
            ["caseId"] = "R-CMD-RESTART",
            ["expectedVersion"] = 1,
        }.ToJsonString();
        string first;
        await using (var before = new DashboardFactory(dataDirectory: _dataDirectory))
        {
            using var officer = await before.CreateClientAs(Roles.PoliceDutyOfficer, county);
            await before.WaitUntilReadyAsync(officer);
            await before.Log.AppendAsync([TestEvents.ReportFiled("R-CMD-RESTART", TestEvents.ShenyangVillage, "living_alone")]);
            await EventuallyAsync(async () => (await officer.GetAsync(CommandRoutes.CaseOf("R-CMD-RESTART"))).IsSuccessStatusCode ? "" : null);
            var response = await PostAsync(officer, command);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            first = await response.Content.ReadAsStringAsync();
        }

        await using var after = new DashboardFactory(dataDirectory: _dataDirectory);
        using var again = await after.CreateClientAs(Roles.PoliceDutyOfficer, county);
        await after.WaitUntilReadyAsync(again);
        var retry = await PostAsync(again, command);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(first, await retry.Content.ReadAsStringAsync());
        var view = (await again.GetFromJsonAsync(CommandRoutes.CaseOf("R-CMD-RESTART"), ContractsJsonContext.Default.CaseDetailDto))!;
        Assert.Equal(2, view.Case.Version);
        Assert.Single(view.Timeline, e => e.Type == EventTypes.CaseAcknowledged);
        Assert.Equal(1, await CountAsync(after, EventTypes.CaseAcknowledged));
    }

    private static async Task<int> CountAsync(DashboardFactory factory, string type)
    {
        var count = 0;
        var after = LogPosition.Start;
        while (await factory.Log.ReadAfterAsync(after, 1000) is { Count: > 0 } page)
        {
            count += page.Count(e => e.Event.Type == type);
            after = page[^1].Position;
        }
        return count;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CommandRoutes.Commands)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        return await client.SendAsync(request);
    }

    private static Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt) => Eventually.UntilAsync(attempt, TimeSpan.FromSeconds(20));
}
