using System.Diagnostics;
using Lbc.Domain.Projection;
using Lbc.Server.Projection;

namespace Lbc.Server.Metrics;

/// <summary>
/// Writes history once across all instances: at every minute boundary the leader captures the
/// projection's figures, rolls them up (township, county, city, province) and writes them stamped with
/// that minute; meanwhile it writes durations as the projection reports them. Non-leaders keep their
/// last few minutes of durations so a new leader re-sends what the old one may have missed.
/// </summary>
public sealed class MetricsWriterService(
    ProjectionHost host, IHistorySink sink, ILeaderLease lease, TimeProvider time, ILogger<MetricsWriterService> logger)
    : BackgroundService
{
    /// <summary>Durations a non-leader remembers for a hand-over (much longer than a lease).</summary>
    internal static readonly TimeSpan HandOverWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_flushEvery = TimeSpan.FromSeconds(5);
    private readonly Queue<DurationSample> _recent = new();
    private volatile bool _leader;

    public bool IsLeader => _leader;

    /// <summary>The last minute written and how long capture + roll-up + write took (for the report and benchmarks).</summary>
    public (DateTimeOffset Minute, int Points, TimeSpan Took)? LastMinute { get; private set; }

    /// <summary>The next whole minute strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextMinute(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var floor = new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        return floor.AddMinutes(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await Task.WhenAll(LeaseLoopAsync(stoppingToken), MinuteLoopAsync(stoppingToken), DurationLoopAsync(stoppingToken),
                FlushLoopAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_leader)
            {
                await lease.ReleaseAsync();
            }
        }
    }

    /// <summary>Captures, rolls up and writes one minute (public so tests and benchmarks drive it without waiting).</summary>
    public async Task WriteMinuteAsync(DateTimeOffset minute, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var capture = host.Read(p => p.CaptureFigures());
        var rows = RegionRollup.Build(host.Regions, capture);
        await sink.WriteMinuteAsync(minute, rows, cancellationToken);
        LastMinute = (minute, rows.Count, Stopwatch.GetElapsedTime(started));
    }

    private async Task LeaseLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var held = await lease.TryHoldAsync(stoppingToken);
            if (held != _leader && logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation(held ? "This instance now writes history" : "Another instance writes history");
            }
            _leader = held;
            await Task.Delay(lease.RenewEvery, time, stoppingToken);
        }
    }

    private async Task MinuteLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var minute = NextMinute(time.GetUtcNow());
            var wait = minute - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            // A replaying projection is not yet the present: its figures would be written as this minute's.
            if (!_leader || !host.Progress.Ready)
            {
                continue;
            }
            try
            {
                await WriteMinuteAsync(minute, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("History for {Minute:u} not written: {Message}", minute, ex.Message);
            }
        }
    }

    private async Task DurationLoopAsync(CancellationToken stoppingToken)
    {
        var reader = host.Durations.Reader;
        var wasLeader = false;
        var batch = new List<DurationSample>();
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < 5_000 && reader.TryRead(out var sample))
            {
                batch.Add(sample);
            }
            var leader = _leader;
            if (leader && !wasLeader && _recent.Count > 0)
            {
                batch.InsertRange(0, _recent);
                _recent.Clear();
            }
            wasLeader = leader;
            if (!leader)
            {
                Remember(batch);
                continue;
            }
            try
            {
                await sink.WriteDurationsAsync(batch, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("{Count} durations not written: {Message}", batch.Count, ex.Message);
            }
        }
    }

    private void Remember(List<DurationSample> batch)
    {
        var horizon = time.GetUtcNow() - HandOverWindow;
        foreach (var sample in batch)
        {
            if (sample.At >= horizon)
            {
                _recent.Enqueue(sample);
            }
        }
        while (_recent.Count > 0 && _recent.Peek().At < horizon)
        {
            _recent.Dequeue();
        }
    }

    private async Task FlushLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(s_flushEvery, time, stoppingToken);
            try
            {
                await sink.FlushAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("History flush failed: {Message}", ex.Message);
            }
        }
    }
}
