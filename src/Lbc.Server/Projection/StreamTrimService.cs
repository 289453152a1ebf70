using Lbc.EventLog;
using Lbc.EventLog.Redis;

using Lbc.Server.Configuration;

namespace Lbc.Server.Projection;

/// <summary>
/// Keeps this instance's snapshot position in <c>lbc:snapshots</c> fresh and, every
/// <see cref="TrimSettings.Interval"/>, trims the stream below the lowest fresh position of all instances
/// (one instance at a time; <see cref="RedisStreamTrimmer"/>). Registered only on the Redis log.
/// </summary>
public sealed class StreamTrimService(IEventLog log, SnapshotStore store, TrimSettings settings, DashboardOptions options,
    ILogger<StreamTrimService> logger, SnapshotService? snapshots = null) : BackgroundService
{
    private readonly RedisStreamTrimmer _trimmer = new((RedisEventLog)log);

    /// <summary>Stable across restarts, so a restarted instance takes over its own record instead of leaving an orphan.</summary>
    public string InstanceId { get; } = string.IsNullOrWhiteSpace(settings.InstanceId)
        ? Environment.MachineName + ":" + Path.GetFullPath(options.DataDirectory)
        : settings.InstanceId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (snapshots is not null)
        {
            // Right after a save, not at the next tick: the record is what lets the others trim up to it.
            // CancellationToken.None: the last save happens while stopping, and its position is worth recording.
            snapshots.Saved += _ => RecordAsync(CancellationToken.None);
        }
        var policy = settings.ToPolicy();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecordAsync(stoppingToken);
                var result = await _trimmer.TrimAsync(InstanceId, policy, stoppingToken);
                if (result.Removed > 0)
                {
                    logger.LogInformation("Trimmed {Removed} events from the Redis log; it now starts at {Position}", result.Removed, result.MinimumKept);
                }
                else
                {
                    logger.LogDebug("Redis log not trimmed: {Reason}", result.Reason);
                }
            }
            catch (EventLogUnavailableException ex)
            {
                // Redis down: the health components already say so; the next tick tries again.
                logger.LogDebug("Trim skipped: {Message}", ex.Message);
            }
            try
            {
                await Task.Delay(settings.Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Records the oldest snapshot still on disk, not the newest: when the newest turns out unreadable at the
    /// next start, the fallback must still find its tail in the stream.
    /// </summary>
    private async Task RecordAsync(CancellationToken stoppingToken)
    {
        var positions = store.Positions(log.Kind);
        if (positions.Count == 0)
        {
            return;
        }
        try
        {
            await _trimmer.RecordSnapshotAsync(InstanceId, positions[^1], stoppingToken);
        }
        catch (EventLogUnavailableException ex)
        {
            logger.LogDebug("Snapshot position not recorded: {Message}", ex.Message);
        }
    }
}
