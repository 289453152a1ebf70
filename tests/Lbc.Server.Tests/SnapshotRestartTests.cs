using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.EventLog.Sqlite;

namespace Lbc.Server.Tests;

/// <summary>A restart loads the snapshot the server saved and replays only the events after it.</summary>
public sealed class SnapshotRestartTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-snap-" + Guid.NewGuid().ToString("n"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Restart_SameDataDirectory_RestoresSnapshotAndReplaysOnlyTheTail()
    {
        // Far apart so only the clean shutdown writes a snapshot: the tail is then exactly what comes after.
        var settings = new Dictionary<string, string?> { ["Dashboard:Snapshots:EveryEvents"] = "1000000" };
        string before;
        await using (var first = new DashboardFactory(settings, _dataDirectory))
        {
            var client = await first.CreateClientAs(Roles.Administrator, "21");
            await first.WaitUntilReadyAsync(client);
            var events = Enumerable.Range(0, 40).Select(i => TestEvents.ChildRegistered($"C-SNAP-{i}", TestEvents.ShenyangVillage)).ToList();
            events.Add(TestEvents.ReportFiled("R-SNAP-1", TestEvents.ShenyangVillage));
            await first.Log.AppendAsync(events);
            before = await PollAsync(client, s => s.OpenCases.Any(c => c.CaseId == "R-SNAP-1"));
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dataDirectory, "snapshots"), "sqlite-*.snap"));
        // Three more events land while the server is down.
        await using (var log = await SqliteEventLog.OpenAsync(Path.Combine(_dataDirectory, "events.db")))
        {
            await log.AppendAsync([
                TestEvents.ChildRegistered("C-SNAP-TAIL-1", TestEvents.ChaoyangVillage),
                TestEvents.ChildRegistered("C-SNAP-TAIL-2", TestEvents.ChaoyangVillage),
                TestEvents.ReportFiled("R-SNAP-TAIL", TestEvents.ChaoyangVillage),
            ]);
        }

        await using var second = new DashboardFactory(settings, _dataDirectory);
        var client2 = await second.CreateClientAs(Roles.Administrator, "21");
        await second.WaitUntilReadyAsync(client2);
        var health = await client2.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);

        var projection = health.GetProperty("projection");
        Assert.Equal(3, projection.GetProperty("replayedOnStart").GetInt64());
        Assert.False(string.IsNullOrEmpty(projection.GetProperty("restoredFrom").GetString()));
        var after = await client2.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
        var beforeSnapshot = JsonSerializer.Deserialize(before, ContractsJsonContext.Default.DashboardSnapshot)!;
        Assert.Equal(beforeSnapshot.Indicators[Figure.Children] + 2, after!.Indicators[Figure.Children]);
        Assert.Contains(after.OpenCases, c => c.CaseId == "R-SNAP-1");
        Assert.Contains(after.OpenCases, c => c.CaseId == "R-SNAP-TAIL");
    }

    [Fact]
    public async Task Restart_CorruptSnapshot_FallsBackToFullReplay()
    {
        await using (var first = new DashboardFactory(null, _dataDirectory))
        {
            var client = await first.CreateClientAs(Roles.Administrator, "21");
            await first.WaitUntilReadyAsync(client);
            await first.Log.AppendAsync([TestEvents.ReportFiled("R-SNAP-CORRUPT", TestEvents.ShenyangVillage)]);
            await PollAsync(client, s => s.OpenCases.Any(c => c.CaseId == "R-SNAP-CORRUPT"));
        }
        foreach (var file in Directory.GetFiles(Path.Combine(_dataDirectory, "snapshots")))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[bytes.Length / 2] ^= 0xFF;
            await File.WriteAllBytesAsync(file, bytes);
        }
        long onTheLog;
        await using (var log = await SqliteEventLog.OpenAsync(Path.Combine(_dataDirectory, "events.db")))
        {
            // The report and the first instance's audit lines (the administrator's sign-in).
            onTheLog = await log.CountAsync();
        }

        await using var second = new DashboardFactory(null, _dataDirectory);
        var client2 = await second.CreateClientAs(Roles.Administrator, "21");
        await second.WaitUntilReadyAsync(client2);

        var projection = (await client2.GetFromJsonAsync<JsonElement>(ApiRoutes.Health)).GetProperty("projection");
        Assert.Equal(JsonValueKind.Null, projection.GetProperty("restoredFrom").ValueKind);
        Assert.Equal(onTheLog, projection.GetProperty("replayedOnStart").GetInt64());
        var after = await client2.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
        Assert.Contains(after!.OpenCases, c => c.CaseId == "R-SNAP-CORRUPT");
    }

    private static async Task<string> PollAsync(HttpClient client, Func<DashboardSnapshot, bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            var json = await client.GetStringAsync(ApiRoutes.Snapshot);
            if (condition(JsonSerializer.Deserialize(json, ContractsJsonContext.Default.DashboardSnapshot)!))
            {
                return json;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The snapshot never reached the expected state");
    }
}
