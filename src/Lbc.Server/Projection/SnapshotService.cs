using Lbc.EventLog;
using Lbc.Server.Configuration;

namespace Lbc.Server.Projection;

/// <summary>
/// Saves the projection every <see cref="SnapshotSettings.EveryEvents"/> events or
/// <see cref="SnapshotSettings.EveryInterval"/>, and once more on a clean shutdown, so a restart
/// (or a kill) replays only what came after.
/// </summary>
public sealed class SnapshotService(ProjectionHost host, IEventLog log, SnapshotStore store, SnapshotSettings settings,
    TimeProvider time, ILogger<SnapshotService> logger) : BackgroundService
{
    private long _appliedAtLast = -1;
    private long _lastAt;
    private readonly Lock _stopGate = new();
    private Task? _stopped;

    /// <summary>Called after each save with the position saved (the trimmer publishes it).</summary>
    public event Func<Domain.Events.LogPosition, Task>? Saved;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _lastAt = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.CheckInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!host.Progress.Ready)
            {
                continue;
            }
            var applied = host.Counters() is var c ? c.Applied + c.Duplicates + c.Rejected : 0;
            if (_appliedAtLast < 0)
            {
                // The state loaded at start is already on disk (or came from a full replay worth saving).
                _appliedAtLast = host.RestoredFrom is null ? 0 : applied;
            }
            var since = applied - _appliedAtLast;
            if (since >= settings.EveryEvents || (since > 0 && time.GetElapsedTime(_lastAt) >= settings.EveryInterval))
            {
                await SaveAsync();
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // The host can be stopped twice at once (a test host's dispose and the app's own shutdown wait both call
        // StopAsync): both callers wait for one final save, so no snapshot is written after the first caller returned.
        lock (_stopGate)
        {
            return _stopped ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (host.Progress.Ready && host.Position > Domain.Events.LogPosition.Start)
        {
            await SaveAsync();
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            var started = time.GetTimestamp();
            using var pending = store.Begin();
            var (position, applied, bytes) = host.WriteSnapshot(pending.Stream, log.Kind);
            var path = store.Commit(pending, log.Kind, position);
            _appliedAtLast = applied;
            _lastAt = time.GetTimestamp();
            logger.LogInformation("Snapshot at {Position} saved ({Bytes} bytes, {Ms:0} ms): {Path}",
                position, bytes, time.GetElapsedTime(started).TotalMilliseconds, path);
            if (Saved is { } saved)
            {
                await saved(position);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EventLogUnavailableException)
        {
            // A missed snapshot only makes the next restart slower; the log is still the truth.
            logger.LogWarning("Snapshot not saved: {Message}", ex.Message);
        }
    }
}
