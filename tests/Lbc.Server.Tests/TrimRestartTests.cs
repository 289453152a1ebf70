using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.EventLog.Redis;

namespace Lbc.Server.Tests;

/// <summary>
/// The trimmer in the real server on a real redis-server, and what an operator sees afterwards in /healthz:
/// an instance that returns with a snapshot catches up quietly; one without a snapshot raises the alert.
/// </summary>
public sealed class TrimRestartTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const int Before = 3_000;
    private const int Tail = 500;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lbc-trim-" + Guid.NewGuid().ToString("n"));

    public Task InitializeAsync() => redis.StartAsync();

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?>? extra = null)
    {
        var settings = RedisEventLogServerTests.RedisSettingsFor(redis);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return settings;
    }

    [Fact]
    public async Task AfterTrim_InstanceWithSnapshotCatchesUpQuietly_InstanceWithoutOneRaisesTheAlert()
    {
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString);
        var first = Path.Combine(_root, "first");
        // Trimming as eagerly as the snapshots allow, so the test sees it within seconds.
        var eager = Settings(new()
        {
            ["Dashboard:Snapshots:EveryEvents"] = "1000",
            ["Dashboard:Snapshots:CheckInterval"] = "00:00:00.100",
            ["Dashboard:Trim:Interval"] = "00:00:00.200",
            ["Dashboard:Trim:KeepEvents"] = "0",
            ["Dashboard:Trim:KeepFor"] = "00:00:00",
        });
        await using (var running = new DashboardFactory(eager, first))
        {
            var client = await running.CreateClientAs(Roles.Administrator, "21");
            await running.WaitUntilReadyAsync(client);
            foreach (var chunk in Enumerable.Range(0, Before).Select(i => TestEvents.ChildRegistered($"C-TRIMMED-{i}", TestEvents.ShenyangVillage)).Chunk(250))
            {
                await log.AppendAsync(chunk);
            }
            // Children, not applied events: the log also holds the audit lines of the sign-ins.
            await PollAsync(async () => (await log.GetFirstAsync()).Trimmed
                && (await ProjectionOf(client)).GetProperty("activeChildren").GetInt64() == Before);
            // Trimming below its own snapshots never touched what the running instance still had to read.
            var health = await client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
            Assert.False(health.GetProperty("components").TryGetProperty("consumer", out _));
            Assert.Equal("healthy", health.GetProperty("status").GetString());
        }
        Assert.True(await log.CountAsync() < Before, "the running instance never trimmed the stream");

        // Events arrive while no instance runs; then the stream is trimmed down to the recorded snapshot.
        foreach (var chunk in Enumerable.Range(0, Tail).Select(i => TestEvents.ChildRegistered($"C-TAIL-{i}", TestEvents.ChaoyangVillage)).Chunk(250))
        {
            await log.AppendAsync(chunk);
        }
        var trim = await new RedisStreamTrimmer(log).TrimAsync("test", new TrimPolicy(0, TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromSeconds(30)));
        var start = await log.GetFirstAsync();
        Assert.True(start.Trimmed);
        Assert.Equal(trim.MinimumKept ?? start.First, start.First);

        // An instance returning with the data directory (and so the snapshot) of the first one.
        var withSnapshot = Path.Combine(_root, "with-snapshot");
        CopyDirectory(Path.Combine(first, "snapshots"), Path.Combine(withSnapshot, "snapshots"));
        await using (var restored = new DashboardFactory(Settings(), withSnapshot))
        {
            var client = await restored.CreateClientAs(Roles.Administrator, "21");
            await restored.WaitUntilReadyAsync(client);
            await PollAsync(async () => (await ProjectionOf(client)).GetProperty("activeChildren").GetInt64() == Before + Tail);

            var health = await client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
            Assert.Equal("healthy", health.GetProperty("status").GetString());
            Assert.False(health.GetProperty("components").TryGetProperty("consumer", out _));
            var projection = health.GetProperty("projection");
            Assert.Equal(JsonValueKind.String, projection.GetProperty("restoredFrom").ValueKind);
            Assert.Equal(Before + Tail, projection.GetProperty("activeChildren").GetInt32());
            Assert.True(projection.GetProperty("replayedOnStart").GetInt64() < Before + Tail);
        }

        // An instance with an empty data directory: the start of the log is gone, and it must say so.
        await using (var fresh = new DashboardFactory(Settings(), Path.Combine(_root, "fresh")))
        {
            var client = await fresh.CreateClientAs(Roles.Administrator, "21");
            await fresh.WaitUntilReadyAsync(client);

            var health = await client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
            var consumer = health.GetProperty("components").GetProperty("consumer");
            Assert.Equal("unhealthy", consumer.GetProperty("status").GetString());
            var description = consumer.GetProperty("description").GetString()!;
            Assert.Contains("trimmed", description, StringComparison.Ordinal);
            Assert.Contains("no snapshot reaches", description, StringComparison.Ordinal);
            Assert.Equal("unhealthy", health.GetProperty("status").GetString());
            // It shows what it holds, not a full province: the missing events are missing.
            Assert.True(health.GetProperty("projection").GetProperty("activeChildren").GetInt32() < Before + Tail);
        }
    }

    private static async Task<JsonElement> ProjectionOf(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health)).GetProperty("projection");

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("condition not reached in 30 s");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
