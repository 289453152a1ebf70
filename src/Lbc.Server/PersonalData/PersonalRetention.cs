using Lbc.Server.Configuration;
using Lbc.Server.Health;
using Lbc.Server.Projection;

namespace Lbc.Server.PersonalData;

/// <summary>
/// Crypto-shredding on schedule. Follows the projection's <see cref="PersonalTap"/>: a key whose case closed (a case without
/// a known child) or whose child exited expires <see cref="PersonalDataOptions.RetentionDays"/> later; a key with new sealed
/// data lives on. Every <see cref="PersonalDataOptions.ShredInterval"/> the expired keys are deleted: their blobs stay on
/// every copy of the log and can never be opened again (a reveal answers 410). Health component <c>personalData</c>.
/// </summary>
public sealed class PersonalRetention(ProjectionHost host, IPersonalKeyStore store, PersonalDataOptions options, ComponentHealth health,
    TimeProvider time, ILogger<PersonalRetention> logger) : BackgroundService
{
    private const int ShredBatch = 10_000;
    private long _shredded;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FollowAsync(stoppingToken), ShredLoopAsync(stoppingToken));

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        var retention = TimeSpan.FromDays(options.RetentionDays);
        try
        {
            await foreach (var (subject, expiresFrom) in host.Personal.Reader.ReadAllAsync(stoppingToken))
            {
                var at = expiresFrom is { } from ? from + retention : (DateTimeOffset?)null;
                while (!await TryAsync(() => store.SetExpiryAsync(subject, at, stoppingToken)))
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ShredLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ShredNowAsync(stoppingToken);
                await Task.Delay(options.ShredInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes every key expired by now; how many.</summary>
    internal async Task<int> ShredNowAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = 0;
            if (!await TryAsync(async () => (deleted = await store.ShredExpiredAsync(time.GetUtcNow(), ShredBatch, cancellationToken)) >= 0))
            {
                return total;
            }
            total += deleted;
        }
        while (deleted == ShredBatch);
        if (total > 0)
        {
            Interlocked.Add(ref _shredded, total);
            logger.LogInformation("Shredded {Count} personal-data keys whose retention ended", total);
        }
        health.Set("personalData", true, $"{store.Kind} key store; {Interlocked.Read(ref _shredded)} keys shredded since start; retention {options.RetentionDays} days");
        return total;
    }

    private async Task<bool> TryAsync(Func<Task<bool>> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is KeyStoreUnavailableException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            health.Set("personalData", false, $"{store.Kind} key store: {ex.Message}");
            return false;
        }
    }
}
