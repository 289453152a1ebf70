namespace Lbc.Server.Access;

/// <summary>
/// Every minute (or a third of the idle timeout, if shorter): an open dashboard (a live hub connection) counts as activity, so its session does not idle out
/// while someone watches it; a session that ended elsewhere meanwhile has its connections closed here (the
/// safety net under the Redis message). And when the accounts change (configuration reloaded), connections of a
/// user who was removed, disabled, or moved to another role or region end with their session.
/// </summary>
public sealed class SessionKeepAlive(ISessionStore store, SessionConnections connections, UserDirectory users, SignInOptions options,
    TimeProvider time, ILogger<SessionKeepAlive> logger) : BackgroundService
{
    /// <summary>Well inside the idle timeout, so an open dashboard is touched several times before it could expire.</summary>
    private TimeSpan Interval => TimeSpan.FromMinutes(Math.Min(1, options.IdleMinutes / 3));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        users.Changed += OnAccountsChanged;
        try
        {
            using var timer = new PeriodicTimer(Interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var sessionId in connections.Sessions)
                {
                    if (!await store.TouchAsync(sessionId, stoppingToken))
                    {
                        connections.Close(sessionId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            users.Changed -= OnAccountsChanged;
        }
    }

    private void OnAccountsChanged() => _ = EndStaleSessionsAsync();

    private async Task EndStaleSessionsAsync()
    {
        try
        {
            var stale = connections.All.Where(c => c.Connection.User is not { } user || !users.StillMatches(user))
                .Select(c => c.SessionId).Distinct().ToList();
            foreach (var sessionId in stale)
            {
                await store.EndAsync(sessionId);
            }
            if (stale.Count > 0)
            {
                // A count only: which staff member was disabled is not the log's business.
                logger.LogInformation("Accounts changed: ended {Sessions} sessions with open connections", stale.Count);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Ending the sessions of changed accounts failed");
        }
    }
}
