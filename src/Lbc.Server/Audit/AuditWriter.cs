using Lbc.Domain.Events;
using Lbc.EventLog;
using Lbc.Server.Configuration;
using Lbc.Server.Health;
using Lbc.Server.Projection;

namespace Lbc.Server.Audit;

/// <summary>
/// Appends the <see cref="AuditTrail"/>'s queue to the event log in batches (whatever waits, up to
/// <see cref="AuditSettings.BatchSize"/>: one durable write for a burst). When the log is unreachable the batch is kept and
/// retried, so lines wait instead of being lost; the queue's bound decides what is dropped. Health component <c>audit</c>
/// says how many were written, wait and were dropped. On shutdown what is queued is written once more, within the host's
/// shutdown time.
/// </summary>
public sealed class AuditWriter(AuditTrail trail, IEventLog log, EventValidator validator, AuditSettings settings, ComponentHealth health,
    TimeProvider time, ILogger<AuditWriter> logger) : BackgroundService
{
    private readonly List<RawEvent> _batch = new(settings.BatchSize);
    private readonly Lock _stopGate = new();
    private Task? _stopped;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Report(failing: null);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await trail.Reader.WaitToReadAsync(stoppingToken))
            {
                Fill();
                await WriteUntilDoneAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may call this twice at once (see SnapshotService.StopAsync); the batch is not shared between callers.
        lock (_stopGate)
        {
            return _stopped ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Sign-outs and refusals of the last moments: one more try each batch, within the host's shutdown time.
        trail.Complete();
        try
        {
            for (Fill(); _batch.Count > 0; Fill())
            {
                await AppendAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning("{Count} audit lines not written at shutdown: {Reason}", _batch.Count + trail.Reader.Count, ex.Message);
        }
    }

    /// <summary>Takes what waits, up to a batch, onto the batch kept from a failed write (if any).</summary>
    private void Fill()
    {
        while (_batch.Count < settings.BatchSize && trail.Reader.TryRead(out var e))
        {
            // The trail builds its events from cleaned values, so this never fails unless a bug does; such a line would be
            // dead-lettered by every instance, so it is dropped here with its reason (no values) instead.
            var parsed = validator.Parse(e);
            if (parsed.IsValid)
            {
                _batch.Add(e);
            }
            else
            {
                logger.LogError("An audit line failed validation and was not written: {Reason}", parsed.Reason);
            }
        }
    }

    private async Task WriteUntilDoneAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (_batch.Count > 0)
        {
            try
            {
                await AppendAsync(stoppingToken);
                if (failures > 0)
                {
                    logger.LogInformation("Audit lines are written again after {Failures} failed attempts", failures);
                }
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (failures++ == 0)
                {
                    logger.LogWarning("The event log refused audit lines ({Reason}); they wait in the queue and are retried", ex.Message);
                }
                Report(failing: ex.Message);
                await Task.Delay(settings.RetryInterval, time, stoppingToken);
            }
        }
    }

    private async Task AppendAsync(CancellationToken cancellationToken)
    {
        await log.AppendAsync(_batch, cancellationToken);
        trail.Wrote(_batch.Count);
        _batch.Clear();
        Report(failing: null);
    }

    private void Report(string? failing)
    {
        var figures = $"{trail.Written} written, {trail.Waiting + _batch.Count} waiting, {trail.Dropped} dropped (queue of {trail.Capacity})";
        health.Set("audit", failing is null, failing is null ? figures : $"{figures}; the log refuses writes: {failing}");
    }
}
