using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Server.Feed;
using Lbc.Web.Model;
using Lbc.Web.Model.Live;

namespace Lbc.Server.Tests.Access;

/// <summary>The feed's promises: gaps heal through a snapshot, and a client that stops reading hurts nobody else.</summary>
public sealed class FeedTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "2101");
        await _factory.WaitUntilReadyAsync(_client);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ClientThatMissesADelta_Resynchronises_AndEndsInTheSameStateAsOneThatDidNot()
    {
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        var complete = new FeedClientModel(_client);
        var lossy = new FeedClientModel(_client) { DropSequence = 3 };
        await using var hubComplete = await _factory.ConnectHubAsync(cookie, complete.OnDelta);
        await using var hubLossy = await _factory.ConnectHubAsync(cookie, lossy.OnDelta);
        await complete.LoadAsync();
        await lossy.LoadAsync();

        for (var round = 0; round < 6; round++)
        {
            await _factory.Log.AppendAsync([
                TestEvents.ReportFiled($"R-GAP-{round}", TestEvents.ShenyangVillage),
                TestEvents.ChildRegistered($"C-GAP-{round}", TestEvents.ShenyangVillage),
                TestEvents.CaseStep(EventTypes.CaseAcknowledged, $"R-GAP-{round}"),
            ]);
            if (round == 4)
            {
                await _factory.Log.AppendAsync([TestEvents.Make(EventTypes.CaseClosed, new() { ["report_id"] = "R-GAP-1", ["outcome"] = "guardian_arranged" })]);
            }
            await Task.Delay(300);
        }
        await _factory.Log.AppendAsync([TestEvents.ReportFiled("R-GAP-LAST", TestEvents.ShenyangVillage)]);
        await complete.WaitForCaseAsync("R-GAP-LAST");
        await lossy.WaitForCaseAsync("R-GAP-LAST");
        await Task.Delay(600);

        Assert.True(lossy.Resyncs >= 1, "the lossy client never saw its gap");
        Assert.Equal(0, complete.Resyncs);
        Assert.Equal(complete.Describe(), lossy.Describe());
        Assert.DoesNotContain("R-GAP-1|", complete.Describe(), StringComparison.Ordinal);
        Assert.Contains("R-GAP-5|acknowledged", complete.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewReport_ArrivesInAMessageOfItsOwn_AndTheCountersOfTheTrafficBesideItFollow()
    {
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        var model = new FeedClientModel(_client);
        var deltas = new ConcurrentQueue<DeltaBatch>();
        await using var hub = await _factory.ConnectHubAsync(cookie, batch =>
        {
            deltas.Enqueue(batch);
            model.OnDelta(batch);
        });
        await model.LoadAsync();

        // A burst of registrations over many townships and a report in the same append: the report must not wait
        // for, nor ride with, the township counters and indicators the registrations move.
        var villages = Geography.Catalog.Townships.Where(t => t.Code.StartsWith("2101", StringComparison.Ordinal))
            .Select(t => Geography.Catalog.VillagesIn(t.Code)).Where(v => v.Count > 0).Select(v => v[0].Code).Take(60).ToList();
        Assert.Equal(60, villages.Count);
        await _factory.Log.AppendAsync([
            .. Enumerable.Range(0, 200).Select(i => TestEvents.ChildRegistered($"C-BURST-{i:D3}", villages[i % villages.Count])),
            TestEvents.ReportFiled("R-BURST", TestEvents.ShenyangVillage),
        ]);
        await model.WaitForCaseAsync("R-BURST");

        var carrying = deltas.First(d => d.Cases.Any(c => c.CaseId == "R-BURST"));
        Assert.Equal(["R-BURST"], carrying.Cases.Select(c => c.CaseId));
        Assert.Empty(carrying.Townships);
        Assert.Null(carrying.Indicators);
        // What was held back arrives with the next tick: the client ends where a fresh snapshot is, counters included.
        var fresh = new FeedClientModel(_client);
        for (var i = 0; i < 100; i++)
        {
            await fresh.LoadAsync();
            if (fresh.Describe() == model.Describe())
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal(fresh.Describe(), model.Describe());
        Assert.Contains($"{TestEvents.ShenyangTownship}:", model.Describe(), StringComparison.Ordinal);
        Assert.Equal(0, model.Resyncs);
    }

    [Fact]
    public async Task ClientThatStopsReading_DoesNotStopASecondClientFromReceiving()
    {
        // A raw long-polling connection that negotiates, handshakes and then never polls again: everything
        // sent to it piles up until its buffers are full and every further write to it would block.
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "21");
        using var raw = _factory.CreateClient(new() { HandleCookies = false });
        raw.DefaultRequestHeaders.Add("Cookie", cookie);
        var negotiate = await raw.PostAsync(OpsHub.Path + "/negotiate?negotiateVersion=1", null);
        negotiate.EnsureSuccessStatusCode();
        var token = System.Text.Json.JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString();
        var handshake = await raw.PostAsync($"{OpsHub.Path}?id={token}", new StringContent("{\"protocol\":\"json\",\"version\":1}\u001e", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        // One poll to take the handshake answer, then silence.
        using (var poll = await raw.GetAsync($"{OpsHub.Path}?id={token}"))
        {
            poll.EnsureSuccessStatusCode();
        }

        var latencies = new ConcurrentQueue<TimeSpan>();
        var filed = new ConcurrentDictionary<string, DateTimeOffset>();
        var received = new ConcurrentDictionary<string, bool>();
        await using var live = await _factory.ConnectHubAsync(cookie, batch =>
        {
            foreach (var c in batch.Cases)
            {
                if (filed.TryGetValue(c.CaseId, out var at) && received.TryAdd(c.CaseId, true))
                {
                    latencies.Enqueue(DateTimeOffset.UtcNow - at);
                }
            }
        });

        // Far more than the stuck connection's buffers hold (each case is about 1 KB of JSON).
        for (var round = 0; round < 20; round++)
        {
            var batch = Enumerable.Range(0, 40).Select(i => TestEvents.ReportFiled($"R-SLOW-{round:D2}-{i:D2}", TestEvents.ShenyangVillage)).ToList();
            var now = DateTimeOffset.UtcNow;
            foreach (var e in batch)
            {
                filed[System.Text.Json.Nodes.JsonNode.Parse(e.Data)!["report_id"]!.GetValue<string>()] = now;
            }
            await _factory.Log.AppendAsync(batch);
            await Task.Delay(100);
        }
        for (var i = 0; i < 200 && received.Count < 800; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(800, received.Count);
        // The live client kept up throughout: no report waited for the stuck client's timeout.
        Assert.True(latencies.Max() < new FeedOptions().SendTimeout / 2, $"slowest delivery {latencies.Max()}");
    }
}
