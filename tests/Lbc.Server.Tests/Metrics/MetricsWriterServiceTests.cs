using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Rules;
using Lbc.Server.Projection;
using Lbc.Server.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lbc.Server.Tests.Metrics;

public sealed class MetricsWriterServiceTests
{
    [Theory]
    [InlineData("2026-11-01T10:00:00Z", "2026-11-01T10:01:00Z")]
    [InlineData("2026-11-01T10:00:59.999Z", "2026-11-01T10:01:00Z")]
    [InlineData("2026-11-01T18:30:15+08:00", "2026-11-01T10:31:00Z")]
    public void NextMinute_IsTheNextWholeUtcMinute(string now, string next) =>
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture),
            MetricsWriterService.NextMinute(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Run_Leader_WritesEachMinuteStampedWithTheMinuteBoundary()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 10, 0, 20, TimeSpan.Zero));
        var host = new ProjectionHost(HistoryTestData.Regions, RuleSettings.Default, time);
        host.SetProgress(new ReplayProgress(true, "live", 0, 0));
        var sink = new RecordingSink();
        using var service = new MetricsWriterService(host, sink, new SingleInstanceLease(), time, NullLogger<MetricsWriterService>.Instance);
        await service.StartAsync(CancellationToken.None);

        for (var i = 0; i < 25 && sink.Minutes.Count < 2; i++)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(10));
        }
        await service.StopAsync(CancellationToken.None);

        Assert.True(sink.Minutes.Count >= 2);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 1, 0, TimeSpan.Zero), sink.Minutes[0].Minute);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 2, 0, TimeSpan.Zero), sink.Minutes[1].Minute);
        var regions = HistoryTestData.Regions;
        Assert.Equal(regions.Townships.Count + regions.Counties.Count + regions.Cities.Count + 1, sink.Minutes[0].Rows);
    }

    [Fact]
    public async Task Run_WhileReplaying_WritesNothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 10, 0, 50, TimeSpan.Zero));
        var host = new ProjectionHost(HistoryTestData.Regions, RuleSettings.Default, time);
        host.SetProgress(new ReplayProgress(false, "replaying", 10, 100));
        var sink = new RecordingSink();
        using var service = new MetricsWriterService(host, sink, new SingleInstanceLease(), time, NullLogger<MetricsWriterService>.Instance);
        await service.StartAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(30));
        }
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(sink.Minutes);
    }

    private sealed class RecordingSink : IHistorySink
    {
        public List<(DateTimeOffset Minute, int Rows)> Minutes { get; } = [];

        public string Kind => "test";

        public Task WriteMinuteAsync(DateTimeOffset minute, IReadOnlyList<RegionRow> rows, CancellationToken cancellationToken)
        {
            lock (Minutes)
            {
                Minutes.Add((minute, rows.Count));
            }
            return Task.CompletedTask;
        }

        public Task WriteDurationsAsync(IReadOnlyList<DurationSample> samples, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
