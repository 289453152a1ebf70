using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.Server.Hosting;

/// <summary>
/// Pushes the projection's changes to hub clients: coalesced every <see cref="Interval"/>, but at once
/// when a new report arrives (a duty officer must see it the moment it is filed).
/// </summary>
public sealed class DeltaPublisher(ProjectionHost host, IHubContext<OperationsHub> hub,
    ILogger<DeltaPublisher> logger) : BackgroundService
{
    internal static TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _urgent = new(0, 1);
    private bool _progressSent;

    /// <summary>Asks for an immediate push (a report was filed).</summary>
    public void PublishNow()
    {
        if (_urgent.CurrentCount == 0)
        {
            try
            {
                _urgent.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one push covers both.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _urgent.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                host.Tick();
                // Progress rides along until the replay is done, and once more when it is.
                var progress = host.Progress;
                var includeProgress = !progress.Ready || !_progressSent;
                _progressSent = progress.Ready;
                foreach (var batch in host.DrainDeltas(includeProgress))
                {
                    await hub.Clients.Group(OperationsHub.GroupOf(RegionCodes.Liaoning))
                        .SendAsync(OpsHub.DeltaMethod, batch, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Publishing deltas failed; clients will resynchronise on the next gap");
            }
        }
    }
}
