using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.EventLog;
using Lbc.Server.Health;

namespace Lbc.Server.Projection;

/// <summary>
/// Reads the whole log into this instance's projection (replay with progress), then follows its tail.
/// A rejected event is dead-lettered with its reason and the loop goes on; an unreachable log is
/// retried without losing the position.
/// </summary>
public sealed class ProjectionService(IEventLog log, ProjectionHost host, EventValidator validator,
    ComponentHealth health, StartupGate gate, SnapshotStore snapshots, ILogger<ProjectionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // Recovery's startup split (host start, reference data, then the snapshot load below), for the load driver.
        logger.LogInformation("Projection service started {Seconds:0.00} s after process start",
            (DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalSeconds);
        RestoreLatestSnapshot();
        var total = await WithRetry(() => log.CountAsync(stoppingToken), stoppingToken);
        host.SetProgress(new ReplayProgress(false, "replaying", 0, total));
        logger.LogInformation("Replaying {Total} events from the {Kind} event log", total, log.Kind);
        var applied = 0L;
        var ready = false;
        var lastReport = 0L;
        // Where the replay's time goes (waiting for pages vs applying), logged once it is done: the cheapest profile there is.
        var replayClock = System.Diagnostics.Stopwatch.StartNew();
        var waitTicks = 0L;
        var applyTicks = 0L;
        var reader = StartReader(checkTrim: true, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var waitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var page = await reader.NextAsync(stoppingToken);
                if (page.Lost is { } start)
                {
                    // Raise the alert and restore what we can, then read on from wherever that leaves us
                    // (without checking again: with no snapshot that reaches, the loss stands and must not stop the flow).
                    await reader.DisposeAsync();
                    ResyncAfterTrim(start);
                    reader = StartReader(checkTrim: false, stoppingToken);
                    continue;
                }
                if (page.Batch.Count == 0)
                {
                    if (!ready && gate.Seeding)
                    {
                        host.SetProgress(new ReplayProgress(false, "seeding", gate.Seeded, gate.SeedTotal));
                    }
                    else if (!ready)
                    {
                        ready = true;
                        host.ReplayedOnStart = applied;
                        host.SetProgress(new ReplayProgress(true, "live", applied, applied));
                        var (reading, parsing) = reader.Busy;
                        logger.LogInformation("Replay done: {Applied} events in {Seconds:0.00} s (waiting for read + parse {Read:0.00} s, applying {Apply:0.00} s; the read loop waited {Reading:0.00} s for pages, parsing took {Parsing:0.00} s over the parse tasks); following the log",
                            applied, replayClock.Elapsed.TotalSeconds, Seconds(waitTicks), Seconds(applyTicks), reading.TotalSeconds, parsing.TotalSeconds);
                        host.RaiseUrgent();
                        ReplayMemory.Release(applied, host.RestoredFrom is not null, logger);
                    }
                    continue;
                }
                var batch = page.Batch;
                var parsed = await page.Parsing;
                waitTicks += System.Diagnostics.Stopwatch.GetTimestamp() - waitStarted;
                var applyStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var rejected = host.ApplyParsed(batch, parsed, out var urgent);
                applyTicks += System.Diagnostics.Stopwatch.GetTimestamp() - applyStarted;
                applied += batch.Count;
                foreach (var (rawEvent, reason) in rejected)
                {
                    // The reason names the field; the event itself (which may hold personal data) goes only to the dead-letter store.
                    logger.LogWarning("Dead-lettered event {Type} from {Source}: {Reason}", IdText.Printable(rawEvent.Type), IdText.Printable(rawEvent.Src), reason);
                    await WithRetry(async () =>
                    {
                        await log.DeadLetterAsync(rawEvent, reason, stoppingToken);
                        return true;
                    }, stoppingToken);
                }
                if (!ready)
                {
                    total = Math.Max(total, applied);
                    host.SetProgress(gate.Seeding
                        ? new ReplayProgress(false, "seeding", gate.Seeded, gate.SeedTotal)
                        : new ReplayProgress(false, "replaying", applied, total));
                    if (applied - lastReport >= 100_000)
                    {
                        lastReport = applied;
                        logger.LogInformation("Replay: {Applied} of {Total} events", applied, total);
                    }
                }
                else if (urgent)
                {
                    host.RaiseUrgent();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await reader.DisposeAsync();
        }
    }

    /// <summary>Reads on from the projection's position (pages read, parsed and queued ahead of the apply below).</summary>
    private LogPageReader StartReader(bool checkTrim, CancellationToken stoppingToken) =>
        new(log, host.Position, checkTrim, validator.ParseBatch, (up, message) => health.Set("eventLog", up, message), stoppingToken);

    private static double Seconds(long stopwatchTicks) => (double)stopwatchTicks / System.Diagnostics.Stopwatch.Frequency;

    /// <summary>
    /// Events after this instance's position were trimmed before it read them: say so loudly (health
    /// "unhealthy", an error in the log) and start again from the newest snapshot instead of silently
    /// skipping. When even that snapshot is older than the stream, the alert stays: the projection is
    /// then missing events and operators must restore a snapshot from another instance.
    /// </summary>
    private void ResyncAfterTrim(LogStart start)
    {
        var message = $"events after {host.Position} were trimmed from the {log.Kind} log before this instance read them (the log now starts at {start.First}); resynchronising from the newest snapshot";
        logger.LogError("Event log trimmed past this consumer: {Message}", message);
        health.Set("consumer", false, message);
        host.Reset();
        RestoreLatestSnapshot();
        if (start.LostEventsAfter(host.Position))
        {
            health.Set("consumer", false, $"{message}; no snapshot reaches {start.First}: the projection misses events until a newer snapshot is restored");
            // Go on from the first event held rather than retry forever; the alert above stays.
            host.SkipTo(start.First);
        }
    }

    /// <summary>
    /// Starts from the newest snapshot that loads; any that does not (another version or log kind, other
    /// rules, corrupt) is skipped with the reason, and with none left the whole log is replayed.
    /// </summary>
    private void RestoreLatestSnapshot()
    {
        foreach (var path in snapshots.Newest(log.Kind))
        {
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                var position = host.Restore(file, log.Kind);
                logger.LogInformation("Restored the projection from snapshot {Path} at {Position} in {Seconds:0.00} s; replaying the tail",
                    path, position, clock.Elapsed.TotalSeconds);
                return;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                logger.LogWarning("Snapshot {Path} not used ({Reason}); trying an older one or a full replay", path, ex.Message);
            }
        }
    }

    private async Task<T> WithRetry<T>(Func<Task<T>> action, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health.Set("eventLog", false, $"{log.Kind}: {ex.Message}");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
