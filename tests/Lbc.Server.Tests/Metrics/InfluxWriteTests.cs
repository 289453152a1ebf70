using Lbc.Server.Configuration;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.Health;
using Lbc.Server.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lbc.Server.Tests.Metrics;

/// <summary>
/// InfluxDB.Client's WriteApiAsync against a real line-protocol server (victoria-metrics): what the
/// leading group's trend charts will read must arrive with the right values, tags and minute stamps,
/// and an outage must delay points, never lose or double them.
/// </summary>
public sealed class InfluxWriteTests : IAsyncLifetime
{
    private readonly string _bufferDirectory = Path.Combine(Path.GetTempPath(), "lbc-influx-buffer-" + Guid.NewGuid().ToString("N"));
    private VictoriaMetricsServer _server = null!;

    public async Task InitializeAsync() => _server = await VictoriaMetricsServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_bufferDirectory))
        {
            Directory.Delete(_bufferDirectory, recursive: true);
        }
    }

    private InfluxHistorySink NewSink(ComponentHealth health, long maxBytes = 64L * 1024 * 1024) =>
        new(new InfluxOptions { Url = _server.Url, Token = "test-token", Org = "lbc", Bucket = "lbc", BufferMaxBytes = maxBytes },
            _bufferDirectory, health, NullLogger<InfluxHistorySink>.Instance);

    [Fact]
    public async Task WriteMinute_EveryRegion_ArrivesWithRolledUpValuesAtTheMinute()
    {
        var regions = HistoryTestData.Regions;
        var minute = HistoryTestData.RecentMinute(5);
        var rows = RegionRollup.Build(regions, HistoryTestData.Capture(minute));
        using var sink = NewSink(new ComponentHealth(TimeProvider.System));

        await sink.WriteMinuteAsync(minute, rows, CancellationToken.None);

        var expectedRows = regions.Townships.Count + regions.Counties.Count + regions.Cities.Count + 1;
        Assert.Equal(expectedRows, rows.Count);
        var children = await _server.ExportUntilAsync("lbc_region_children", s => s.Count >= expectedRows);
        Assert.Equal(expectedRows, children.Count);
        Assert.All(children, s => Assert.Equal([minute.ToUnixTimeMilliseconds()], s.Timestamps));
        var county = regions.Counties[0];
        var t0 = regions.TownshipsIn(county.Code)[0].Code;
        Assert.Equal(10, Single(children, t0, "township"));
        Assert.Equal(30, Single(children, county.Code, "county"));
        Assert.Equal(30, Single(children, county.CityCode, "city"));
        Assert.Equal(30, Single(children, RegionCodes.Liaoning, "province"));

        var overdue = await _server.ExportAsync("lbc_region_overdue");
        Assert.Equal(8, Single(overdue, RegionCodes.Liaoning, "province"));
        var free = await _server.ExportAsync("lbc_region_free_beds");
        Assert.Equal(18, Single(free, county.Code, "county"));
        Assert.Equal(0, Single(free, t0, "township"));
        var occupancy = await _server.ExportAsync("lbc_region_occupancy");
        // Occupancy only where there are places of care: the county, its city, the province.
        Assert.Equal(3, occupancy.Count);
        Assert.Equal(0.4, Single(occupancy, county.Code, "county"), 6);
        var late = await _server.ExportAsync("lbc_region_late_townships");
        Assert.Equal(1, Single(late, county.CityCode, "city"));
    }

    [Fact]
    public async Task WriteDurations_ResponseAndPlacementWait_ArriveTaggedWithEveryLevel()
    {
        var at = HistoryTestData.RecentMinute(3).AddSeconds(17.25);
        var township = HistoryTestData.Regions.Townships[0].Code;
        using var sink = NewSink(new ComponentHealth(TimeProvider.System));

        await sink.WriteDurationsAsync(
        [
            new DurationSample(CommandCenterProjection.ResponseKind, "acknowledged", "missing", township, at, 240, "e1"),
            new DurationSample(CommandCenterProjection.PlacementWaitKind, "admitted", null, township, at.AddSeconds(1), 5400, "e2"),
        ], CancellationToken.None);

        var response = await _server.ExportUntilAsync("lbc_response_seconds", s => s.Count == 1);
        var series = Assert.Single(response);
        Assert.Equal([240.0], series.Values);
        Assert.Equal([at.ToUnixTimeMilliseconds()], series.Timestamps);
        Assert.Equal("acknowledged", series.Labels["stage"]);
        Assert.Equal("missing", series.Labels["category"]);
        Assert.Equal(township, series.Labels["township"]);
        Assert.Equal(township[..6], series.Labels["county"]);
        Assert.Equal(township[..4], series.Labels["city"]);
        var wait = Assert.Single(await _server.ExportUntilAsync("lbc_placement_wait_seconds", s => s.Count == 1));
        Assert.Equal([5400.0], wait.Values);
        Assert.False(wait.Labels.ContainsKey("category"));
    }

    [Fact]
    public async Task Outage_PointsBufferedOnDisk_ArriveExactlyOnceWhenServerReturns()
    {
        var regions = HistoryTestData.Regions;
        var health = new ComponentHealth(TimeProvider.System);
        // One clock reading for all three: a minute boundary between calls would shift some of them.
        var now = HistoryTestData.RecentMinute(0);
        var minutes = new[] { now.AddMinutes(-12), now.AddMinutes(-11), now.AddMinutes(-10) };
        var rowCount = RegionRollup.Build(regions, HistoryTestData.Capture(minutes[0])).Count;
        using (var sink = NewSink(health))
        {
            await sink.WriteMinuteAsync(minutes[0], RegionRollup.Build(regions, HistoryTestData.Capture(minutes[0], bump: 0)), CancellationToken.None);
            Assert.Equal(0, sink.BufferedPoints);

            await _server.StopAsync();
            await sink.WriteMinuteAsync(minutes[1], RegionRollup.Build(regions, HistoryTestData.Capture(minutes[1], bump: 1)), CancellationToken.None);
            await sink.WriteMinuteAsync(minutes[2], RegionRollup.Build(regions, HistoryTestData.Capture(minutes[2], bump: 2)), CancellationToken.None);

            Assert.Equal(2 * rowCount, sink.BufferedPoints);
            Assert.False(sink.Healthy);
            var status = health.All[InfluxHistorySink.HealthComponent];
            Assert.Equal("unhealthy", status.Status);
            Assert.Contains($"{2 * rowCount} points buffered", status.Description, StringComparison.Ordinal);
            Assert.Contains("0 dropped", status.Description, StringComparison.Ordinal);
        }

        // A process restart during the outage: the buffer is on disk, a new sink picks it up.
        await _server.StartAsync();
        using (var sink = NewSink(health))
        {
            Assert.Equal(2 * rowCount, sink.BufferedPoints);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(0, sink.BufferedPoints);
            Assert.True(sink.Healthy);
            Assert.Equal("healthy", health.All[InfluxHistorySink.HealthComponent].Status);
        }

        var expected = minutes.Select(m => m.ToUnixTimeMilliseconds()).ToList();
        var children = await _server.ExportUntilAsync("lbc_region_children", s => s.Count == rowCount && s.All(x => x.Timestamps.Count >= 3));
        Assert.Equal(rowCount, children.Count);
        Assert.All(children, s => Assert.Equal(expected, s.Timestamps.Order().ToList()));
        var t1 = regions.TownshipsIn(regions.Counties[0].Code)[1].Code;
        var series = children.Single(s => s.Labels["region"] == t1);
        Assert.Equal([20.0, 21.0, 22.0], series.Timestamps.Zip(series.Values).OrderBy(p => p.First).Select(p => p.Second).ToList());
    }

    [Fact]
    public async Task Outage_BufferOverItsBound_DropsOldestAndCountsThem()
    {
        var regions = HistoryTestData.Regions;
        var health = new ComponentHealth(TimeProvider.System);
        await _server.StopAsync();
        // One clock reading for every minute of the test: a minute boundary crossed between two
        // readings made the expected timestamps one minute later than the written ones.
        var now = HistoryTestData.RecentMinute(0);
        DateTimeOffset MinutesAgo(int m) => now.AddMinutes(-m);
        // About two minutes' worth of bytes: the third minute pushes the first out.
        var oneMinute = RegionRollup.Build(regions, HistoryTestData.Capture(MinutesAgo(9)));
        var bytes = oneMinute.Sum(r => System.Text.Encoding.UTF8.GetByteCount(MetricSchema.ToLine(MetricSchema.ToPoint(r, MinutesAgo(9)))) + 1);
        using var sink = NewSink(health, maxBytes: bytes * 2 + bytes / 2);
        for (var m = 9; m >= 7; m--)
        {
            await sink.WriteMinuteAsync(MinutesAgo(m), oneMinute, CancellationToken.None);
        }
        Assert.Equal(oneMinute.Count, sink.DroppedPoints);
        Assert.Equal(2 * oneMinute.Count, sink.BufferedPoints);
        Assert.Contains($"{oneMinute.Count} dropped", health.All[InfluxHistorySink.HealthComponent].Description, StringComparison.Ordinal);

        await _server.StartAsync();
        await sink.FlushAsync(CancellationToken.None);
        var children = await _server.ExportUntilAsync("lbc_region_children", s => s.Count == oneMinute.Count && s.All(x => x.Timestamps.Count >= 2));
        Assert.All(children, s => Assert.Equal(
            [MinutesAgo(8).ToUnixTimeMilliseconds(), MinutesAgo(7).ToUnixTimeMilliseconds()],
            s.Timestamps.Order().ToList()));
    }

    private static double Single(IReadOnlyList<ExportedSeries> series, string region, string level)
    {
        var s = series.Single(x => x.Labels["region"] == region);
        Assert.Equal(level, s.Labels["level"]);
        return Assert.Single(s.Values);
    }
}
