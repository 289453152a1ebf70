using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.EventLog.Redis;

namespace Lbc.Server.Tests;

/// <summary>
/// The server on the production log (<c>Dashboard:EventLog=Redis</c>) against a real redis-server of its
/// own: ingest reaches the snapshot, an outage answers 503 and shows in /healthz, and the projection
/// catches up when Redis is back.
/// </summary>
public sealed class RedisEventLogServerTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private DashboardFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await redis.StartAsync();
        _factory = new DashboardFactory(RedisSettingsFor(redis));
        // Every dashboard endpoint needs a signed-in user; an administrator sees the whole province.
        _client = await _factory.CreateClientAs(Roles.Administrator, "21");
        await _factory.WaitUntilReadyAsync(_client);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        // The next test gets a running server whatever this one did to it.
        await redis.StartAsync();
    }

    internal static Dictionary<string, string?> RedisSettingsFor(RedisServerFixture redis) => new()
    {
        ["Dashboard:EventLog"] = "Redis",
        ["ConnectionStrings:Redis"] = redis.ConnectionString,
        ["Dashboard:Redis:HealthInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task PostEvents_OnRedis_Accepted202AndReachTheSnapshot()
    {
        var response = await PostEventsAsync("redis-ok-1", "R-REDIS-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await PollSnapshotAsync(s => s.OpenCases.Any(c => c.CaseId == "R-REDIS-1"));
        await using var direct = await RedisEventLog.ConnectAsync(redis.ConnectionString);
        Assert.True(await direct.CountAsync() >= 1);
        var health = await _client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
        var component = health.GetProperty("components").GetProperty("redis");
        Assert.Equal("healthy", component.GetProperty("status").GetString());
        Assert.Contains("lbc:events", component.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisDown_IngestAnswers503AndHealthDegraded_ThenCatchesUpWhenBack()
    {
        await redis.KillAsync();

        var refused = await PollAsync(async () =>
        {
            var r = await PostEventsAsync("redis-down-1", "R-REDIS-DOWN");
            return r.StatusCode == HttpStatusCode.ServiceUnavailable ? r : null;
        });
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Event log unavailable", problem.GetProperty("title").GetString());
        var degraded = await PollAsync(async () =>
        {
            var h = await _client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
            // The consumer's "eventLog" component may fail first; wait for the timer-driven "redis" one too.
            return h.GetProperty("status").GetString() == "degraded"
                && h.GetProperty("components").GetProperty("redis").GetProperty("status").GetString() == "unhealthy" ? (JsonElement?)h : null;
        });
        var redisComponent = degraded!.Value.GetProperty("components").GetProperty("redis");
        Assert.Equal("unhealthy", redisComponent.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(redisComponent.GetProperty("description").GetString()));

        await redis.StartAsync();
        // Another producer writes straight to the stream once Redis is back; the server must catch up.
        await using var direct = await RedisEventLog.ConnectAsync(redis.ConnectionString);
        await direct.AppendAsync([TestEvents.ReportFiled("R-REDIS-BACK", TestEvents.ShenyangVillage)]);

        await PollSnapshotAsync(s => s.OpenCases.Any(c => c.CaseId == "R-REDIS-BACK"));
        var accepted = await PollAsync(async () =>
        {
            var r = await PostEventsAsync("redis-back-2", "R-REDIS-BACK-2");
            return r.StatusCode == HttpStatusCode.Accepted ? r : null;
        });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await PollAsync(async () =>
        {
            var h = await _client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
            return h.GetProperty("status").GetString() == "healthy" ? (JsonElement?)h : null;
        });
    }

    [Fact]
    public async Task RedisKilledAndRestarted_EveryAcceptedEventInTheSnapshotExactlyOnce()
    {
        // The sign-in's audit line is on the log too, appended and applied on its own time: count from after it.
        var appliedBefore = await SettledAppliedAsync();
        var batches = Enumerable.Range(0, 30)
            .Select(b => Enumerable.Range(0, 25).Select(i => (EventId: $"restart-{b}-{i}", ReportId: $"R-RESTART-{b}-{i}")).ToArray())
            .ToArray();
        var accepted = new List<(string EventId, string ReportId)[]>();
        var refused = new List<(string EventId, string ReportId)[]>();
        for (var b = 0; b < batches.Length; b++)
        {
            if (b == 10)
            {
                // SIGKILL: no shutdown, so only what AOF (fsync always) holds survives.
                await redis.KillAsync();
            }
            if (b == 20)
            {
                await redis.StartAsync();
            }
            var response = await PostBatchAsync(batches[b]);
            // 202 means "durable in Redis"; anything else the producer must send again.
            (response.StatusCode == HttpStatusCode.Accepted ? accepted : refused).Add(batches[b]);
        }
        Assert.True(refused.Count > 0, "no request was refused while Redis was down");
        Assert.True(accepted.Count >= 10);
        // The producer resends what was refused, as it must; a resend of something Redis did keep counts once.
        foreach (var batch in refused)
        {
            await PollAsync(async () => (await PostBatchAsync(batch)).StatusCode == HttpStatusCode.Accepted ? batch : null);
        }

        var all = batches.SelectMany(b => b).Select(e => e.ReportId).ToHashSet(StringComparer.Ordinal);
        var snapshot = await PollAsync(async () =>
        {
            var s = await _client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            return s!.OpenCases.Count(c => all.Contains(c.CaseId)) == all.Count ? s : null;
        });
        var mine = snapshot.OpenCases.Where(c => all.Contains(c.CaseId)).ToList();
        Assert.Equal(all.Count, mine.Count);
        Assert.Equal(all.Count, mine.Select(c => c.CaseId).Distinct(StringComparer.Ordinal).Count());
        foreach (var (_, reportId) in accepted.SelectMany(b => b))
        {
            Assert.Contains(mine, c => c.CaseId == reportId);
        }
        // Exactly once in effect: the projection applied each event once, however often it was sent or read.
        Assert.Equal(appliedBefore + all.Count, await SettledAppliedAsync());
        var projection = (await _client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health)).GetProperty("projection");
        Assert.Equal(0, projection.GetProperty("rejected").GetInt64());
    }

    /// <summary>
    /// The projection's applied count once nothing more is on its way: no audit line waits to be written and the count
    /// held still over three readings (the consumer reads the log live, so a written line is applied moments later).
    /// </summary>
    private async Task<long> SettledAppliedAsync()
    {
        long? last = null;
        var steady = 0;
        return await PollAsync<long?>(async () =>
        {
            var health = await _client.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
            var applied = health.GetProperty("projection").GetProperty("applied").GetInt64();
            var audit = health.GetProperty("components").GetProperty("audit").GetProperty("description").GetString() ?? "";
            steady = applied == last && audit.Contains(" 0 waiting", StringComparison.Ordinal) ? steady + 1 : 0;
            last = applied;
            await Task.Delay(150);
            return steady >= 2 ? applied : null;
        }) ?? 0;
    }

    private Task<HttpResponseMessage> PostBatchAsync(IEnumerable<(string EventId, string ReportId)> events)
    {
        var ts = DateTimeOffset.UtcNow.AddSeconds(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var items = events.Select(e => $$$"""
            {"id":"{{{e.EventId}}}","type":"report.filed","v":1,"ts":"{{{ts}}}","src":"tests",
             "data":{"report_id":"{{{e.ReportId}}}","village_code":"{{{TestEvents.ShenyangVillage}}}","category":"missing","reporter_type":"school"}}
            """);
        return _client.SendAsync(TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Events)
        {
            Content = new StringContent("[" + string.Join(",", items) + "]", Encoding.UTF8, "application/json"),
        }));
    }

    private Task<HttpResponseMessage> PostEventsAsync(string eventId, string reportId)
    {
        var ts = DateTimeOffset.UtcNow.AddSeconds(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""
            [{"id":"{{{eventId}}}","type":"report.filed","v":1,"ts":"{{{ts}}}","src":"tests",
              "data":{"report_id":"{{{reportId}}}","village_code":"{{{TestEvents.ShenyangVillage}}}","category":"missing","reporter_type":"school"}}]
            """;
        return _client.SendAsync(TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Events)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }));
    }

    private async Task PollSnapshotAsync(Func<DashboardSnapshot, bool> condition) =>
        await PollAsync(async () =>
        {
            var s = await _client.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            return condition(s!) ? s : null;
        });

    private static Task<T> PollAsync<T>(Func<Task<T?>> attempt) => Eventually.UntilAsync(attempt, TimeSpan.FromSeconds(30));
}
