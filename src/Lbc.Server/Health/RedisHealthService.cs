using Lbc.EventLog;
using Lbc.Server.Configuration;

namespace Lbc.Server.Health;

/// <summary>
/// Refreshes the "redis" health component on a timer, so /healthz shows an outage (and its reason) even
/// while nothing reads or writes, and shows the AOF warning operators need to see.
/// </summary>
public sealed class RedisHealthService(IEventLog log, RedisSettings settings, ComponentHealth health,
    ILogger<RedisHealthService> logger) : BackgroundService
{
    internal const string Component = "redis";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        bool? wasHealthy = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            EventLogHealth status;
            try
            {
                status = await log.CheckHealthAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                status = new EventLogHealth(false, $"redis: {ex.Message}");
            }
            health.Set(Component, status.Healthy, status.Description);
            // Log transitions only: a five-second timer must not fill the log during an outage.
            if (wasHealthy != status.Healthy)
            {
                if (status.Healthy)
                {
                    logger.LogInformation("Redis reachable: {Description}", status.Description);
                }
                else
                {
                    logger.LogWarning("Redis unavailable: {Description}", status.Description);
                }
                wasHealthy = status.Healthy;
            }
            try
            {
                await Task.Delay(settings.HealthInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
