using Lbc.Domain.Events;
using Lbc.EventLog.Redis;

namespace Lbc.Server.Tests;

/// <summary>
/// kill -9 of the server while it consumes the Redis log, then a restart: every event counts exactly
/// once (snapshot + tail, duplicates of the overlap dropped), nothing skipped.
/// </summary>
public sealed class ServerKillTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const int Children = 40_000;
    private const int Reports = 10_000;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-kill-" + Guid.NewGuid().ToString("n"));

    public Task InitializeAsync() => redis.StartAsync();

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
    public async Task KillMinus9WhileConsuming_Restart_EveryEventAppliedExactlyOnce()
    {
        string[] arguments =
        [
            "--Dashboard:EventLog=Redis", $"--ConnectionStrings:Redis={redis.ConnectionString}",
            "--Dashboard:Simulator:Enabled=false", $"--Dashboard:DataDirectory={_dataDirectory}",
            "--Dashboard:Snapshots:EveryEvents=5000", "--Dashboard:Snapshots:CheckInterval=00:00:00.100",
        ];
        var events = new List<RawEvent>(Children + Reports);
        for (var i = 0; i < Children + Reports; i++)
        {
            events.Add(i % 5 == 4
                ? TestEvents.ReportFiled($"R-KILL-{i}", TestEvents.ChaoyangVillage)
                : TestEvents.ChildRegistered($"C-KILL-{i}", i % 2 == 0 ? TestEvents.ShenyangVillage : TestEvents.ChaoyangVillage));
        }
        await using var log = await RedisEventLog.ConnectAsync(redis.ConnectionString);
        var snapshots = Path.Combine(_dataDirectory, "snapshots");

        await using (var first = ServerProcess.Start(arguments))
        {
            await first.WaitForHealthAsync(p => p.GetProperty("ready").GetBoolean(), TimeSpan.FromSeconds(60));
            var appender = Task.Run(async () =>
            {
                foreach (var chunk in events.Chunk(500))
                {
                    await log.AppendAsync(chunk);
                }
            });
            // Mid-way, and after at least one snapshot, so the restart takes the snapshot + tail path.
            await first.WaitForHealthAsync(p => p.GetProperty("applied").GetInt64() >= 15_000, TimeSpan.FromSeconds(60));
            await WaitUntilAsync(() => Directory.Exists(snapshots) && Directory.GetFiles(snapshots, "*.snap").Length > 0);
            await first.KillAsync();
            await appender;
        }
        // Besides the test's events, the log holds the audit lines of the health checks' sign-ins.
        Assert.Equal(Children + Reports, await log.CountWithoutAuditAsync());

        await using var second = ServerProcess.Start(arguments);
        var projection = await second.WaitForHealthAsync(
            p => p.GetProperty("ready").GetBoolean() && p.GetProperty("applied").GetInt64() >= Children + Reports - 1,
            TimeSpan.FromSeconds(90));
        await Task.Delay(500);
        var onTheLog = await log.CountAsync();
        projection = await second.WaitForHealthAsync(p => p.GetProperty("applied").GetInt64() >= onTheLog, TimeSpan.FromSeconds(10));

        Assert.Equal(onTheLog, projection.GetProperty("applied").GetInt64());
        Assert.Equal(Children, projection.GetProperty("activeChildren").GetInt32());
        Assert.Equal(0, projection.GetProperty("rejected").GetInt64());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, projection.GetProperty("restoredFrom").ValueKind);
        Assert.True(projection.GetProperty("replayedOnStart").GetInt64() < Children + Reports, "the restart replayed the whole log");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(condition(), "condition not reached in 30 s");
    }
}
