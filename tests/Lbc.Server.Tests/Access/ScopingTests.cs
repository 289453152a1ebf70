using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lbc.Server.Tests.Access;

/// <summary>
/// Who receives what, asserted on the raw JSON that leaves the server: a county sees its county only, the
/// leading group sees suppressed aggregates and no identities, and every hub message stays under 32 KB.
/// </summary>
public sealed class ScopingTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private HttpClient _admin = null!;

    // County A: the 沈阳 county of the test township; county B: a 朝阳 county.
    private static string CountyA => TestEvents.ShenyangTownship[..6];
    private static string CountyB => TestEvents.ChaoyangTownship[..6];

    public async Task InitializeAsync()
    {
        _admin = await _factory.CreateClientAs(Roles.Administrator, "21");
        await _factory.WaitUntilReadyAsync(_admin);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task CountyUser_NeverReceivesAnotherCountysCases_OverHubOrHttp()
    {
        var rawA = new ConcurrentQueue<string>();
        var seenA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cookieA = await _factory.SignInAsync(Roles.PoliceDutyOfficer, CountyA);
        await using var hubA = await _factory.ConnectHubAsync(cookieA, configure: c => c.On<JsonElement>(OpsHub.DeltaMethod, raw =>
        {
            var text = raw.GetRawText();
            rawA.Enqueue(text);
            if (text.Contains("R-SCOPE-A2", StringComparison.Ordinal))
            {
                seenA.TrySetResult();
            }
        }));
        var provinceSawB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var province = await _factory.ConnectHubAsync(batch =>
        {
            if (batch.Cases.Any(c => c.CaseId == "R-SCOPE-B2"))
            {
                provinceSawB.TrySetResult();
            }
        });

        await _factory.Log.AppendAsync([
            TestEvents.ChildRegistered("C-SCOPE-B", TestEvents.ChaoyangVillage),
            TestEvents.ReportFiled("R-SCOPE-B1", TestEvents.ChaoyangVillage),
            TestEvents.ReportFiled("R-SCOPE-A1", TestEvents.ShenyangVillage),
            TestEvents.CaseStep(EventTypes.CaseAcknowledged, "R-SCOPE-B1"),
        ]);
        await _factory.Log.AppendAsync([
            TestEvents.Make(EventTypes.CaseClosed, new() { ["report_id"] = "R-SCOPE-B1", ["outcome"] = "guardian_arranged" }),
            TestEvents.ReportFiled("R-SCOPE-B2", TestEvents.ChaoyangVillage),
            TestEvents.ReportFiled("R-SCOPE-A2", TestEvents.ShenyangVillage),
        ]);
        await seenA.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await provinceSawB.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Task.Delay(DeltaPublisherInterval * 3);

        using var clientA = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, CountyA);
        var snapshotA = await clientA.GetStringAsync(ApiRoutes.Snapshot);
        foreach (var payload in rawA.Append(snapshotA))
        {
            Assert.DoesNotContain("R-SCOPE-B", payload, StringComparison.Ordinal);
            Assert.DoesNotContain("\"" + CountyB, payload, StringComparison.Ordinal);
        }
        Assert.Contains("R-SCOPE-A1", snapshotA, StringComparison.Ordinal);
        var parsed = JsonSerializer.Deserialize(snapshotA, ContractsJsonContext.Default.DashboardSnapshot)!;
        Assert.Equal(CountyA, parsed.Jurisdiction);
        Assert.All(parsed.Townships, t => Assert.StartsWith(CountyA, t.Code, StringComparison.Ordinal));
        Assert.Equal(2, parsed.Indicators[Figure.OpenCases]);
    }

    [Fact]
    public async Task LeadingGroup_GetsAggregatesOnly_NoIdentities_SmallCountsSuppressed()
    {
        var rawHub = new ConcurrentQueue<string>();
        var sawFive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cookie = await _factory.SignInAsync(Roles.LeadingGroup, "21");
        await using var hub = await _factory.ConnectHubAsync(cookie, configure: c =>
        {
            c.On<JsonElement>(OpsHub.DeltaMethod, raw => rawHub.Enqueue("DELTA " + raw.GetRawText()));
            c.On<JsonElement>(OpsHub.AggregateMethod, raw =>
            {
                rawHub.Enqueue(raw.GetRawText());
                var delta = raw.Deserialize(ContractsJsonContext.Default.AggregateDelta)!;
                if (delta.Indicators?[Figure.Children] == 7)
                {
                    sawFive.TrySetResult();
                }
            });
        });

        // Five children in one township (shown), two in another (suppressed), and open cases with ids.
        var events = new List<RawEvent>();
        for (var i = 0; i < 5; i++)
        {
            events.Add(TestEvents.ChildRegistered("C-LG-A" + i, TestEvents.ShenyangVillage));
        }
        events.Add(TestEvents.ChildRegistered("C-LG-B0", TestEvents.ChaoyangVillage));
        events.Add(TestEvents.ChildRegistered("C-LG-B1", TestEvents.ChaoyangVillage));
        events.Add(TestEvents.ReportFiled("R-LG-1", TestEvents.ShenyangVillage, "domestic_violence"));
        events.Add(TestEvents.ReportFiled("R-LG-2", TestEvents.ChaoyangVillage, "missing"));
        await _factory.Log.AppendAsync(events);
        await sawFive.Task.WaitAsync(TimeSpan.FromSeconds(15));

        using var client = await _factory.CreateClientAs(Roles.LeadingGroup, "21");
        var snapshotText = await client.GetStringAsync(ApiRoutes.Snapshot);
        foreach (var payload in rawHub.Append(snapshotText))
        {
            Assert.DoesNotContain("DELTA", payload, StringComparison.Ordinal);
            foreach (var identity in new[] { "R-LG-", "C-LG-", "caseId", "childId", "villageCode", "\"lon\"", "\"lat\"", TestEvents.ShenyangVillage, TestEvents.ChaoyangVillage })
            {
                Assert.DoesNotContain(identity, payload, StringComparison.Ordinal);
            }
        }
        var snapshot = JsonSerializer.Deserialize(snapshotText, ContractsJsonContext.Default.AggregateSnapshot)!;
        // The province and its 14 cities: 7 children shown; 朝阳's 2 hidden, and 沈阳's 5 hidden with it, or 2 = 7 - 5.
        Assert.Equal(14, snapshot.SubRegions.Count);
        Assert.Equal(7, snapshot.Indicators[Figure.Children]);
        Assert.Null(snapshot.SubRegions.Single(t => t.Code == "2113").Figures[Figure.Children]);
        Assert.Null(snapshot.SubRegions.Single(t => t.Code == "2101").Figures[Figure.Children]);
        Assert.All(snapshot.SubRegions.Where(t => t.Code is not "2101" and not "2113"), t => Assert.Equal(0, t.Figures[Figure.Children]));
        Assert.Null(snapshot.Indicators[Figure.OpenCases]);
        // Every count below 5 in the whole payload is suppressed: no 1..4 anywhere.
        AssertNoSmallCounts(JsonDocument.Parse(snapshotText).RootElement, "");
    }

    [Fact]
    public async Task ManyReportsAtOnce_EveryHubMessageUnder32KB_AndAllArrive()
    {
        var sizes = new ConcurrentBag<int>();
        var ids = new ConcurrentDictionary<string, bool>();
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "21");
        await using var hub = await _factory.ConnectHubAsync(cookie, configure: c => c.On<JsonElement>(OpsHub.DeltaMethod, raw =>
        {
            sizes.Add(System.Text.Encoding.UTF8.GetByteCount(raw.GetRawText()));
            foreach (var c in raw.GetProperty("cases").EnumerateArray())
            {
                ids[c.GetProperty("caseId").GetString()!] = true;
            }
        }));

        await _factory.Log.AppendAsync([.. Enumerable.Range(0, 300).Select(i => TestEvents.ReportFiled($"R-BULK-{i:D3}", i % 2 == 0 ? TestEvents.ShenyangVillage : TestEvents.ChaoyangVillage))]);

        for (var i = 0; i < 300 && ids.Count(k => k.Key.StartsWith("R-BULK-", StringComparison.Ordinal)) < 300; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(300, ids.Keys.Count(k => k.StartsWith("R-BULK-", StringComparison.Ordinal)));
        Assert.True(sizes.Count > 1, "300 cases cannot fit one message");
        Assert.All(sizes, s => Assert.True(s < OpsHub.MaxMessageBytes - 256, $"{s} bytes"));
    }

    private static TimeSpan DeltaPublisherInterval => TimeSpan.FromMilliseconds(250);

    private static void AssertNoSmallCounts(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    // Sequence numbers and the replay progress are not counts of children or cases.
                    if (p.Name is "sequence" or "progress" or "rules")
                    {
                        continue;
                    }
                    AssertNoSmallCounts(p.Value, path + "." + p.Name);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertNoSmallCounts(item, path + "[]");
                }
                break;
            case JsonValueKind.Number:
                Assert.False(element.GetInt64() is >= 1 and < 5, $"{path} = {element.GetInt64()}");
                break;
        }
    }
}
