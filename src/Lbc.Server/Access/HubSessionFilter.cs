using Microsoft.AspNetCore.SignalR;

namespace Lbc.Server.Access;

/// <summary>
/// Ties every hub connection to its sign-in session: registered while open (so a sign-out closes it), and
/// each call checked against the session store. Also keeps failing calls out of the log's error stream: a
/// refusal (<see cref="HubException"/>, e.g. "no such open case") is the caller's answer, not a server error, and
/// a client repeating it must not fill the log with stack traces. SignalR's own per-failure error log is
/// filtered out (<see cref="Security.SecuritySetup"/>); unexpected failures are logged here, at most one stack
/// trace a minute per method.
/// </summary>
public sealed class HubSessionFilter(ISessionStore store, SessionConnections connections, TimeProvider time, ILogger<HubSessionFilter> logger)
    : IHubFilter
{
    internal const string SignedOut = "Signed out.";
    private static readonly TimeSpan s_stackEvery = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, (DateTimeOffset At, int Suppressed)> _lastStack = new(StringComparer.Ordinal);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var caller = context.Context;
        if (SessionClaims.IdOf(caller.User) is not { } sessionId)
        {
            caller.Abort();
            return;
        }
        connections.Add(sessionId, caller);
        // The session may have ended between the request's authentication and this registration.
        if (!await store.TouchAsync(sessionId))
        {
            connections.Remove(sessionId, caller.ConnectionId);
            caller.Abort();
            return;
        }
        await next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (SessionClaims.IdOf(context.Context.User) is { } sessionId)
        {
            connections.Remove(sessionId, context.Context.ConnectionId);
        }
        return next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (SessionClaims.IdOf(invocation.Context.User) is not { } sessionId || !await store.TouchAsync(sessionId))
        {
            invocation.Context.Abort();
            throw new HubException(SignedOut);
        }
        try
        {
            return await next(invocation);
        }
        catch (HubException)
        {
            // The caller's answer; nothing for the operators to act on.
            logger.LogDebug("Hub method {Method} refused a call", invocation.HubMethodName);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailure(invocation.HubMethodName, ex);
            throw;
        }
    }

    private void LogFailure(string method, Exception ex)
    {
        var now = time.GetUtcNow();
        int suppressed;
        lock (_lastStack)
        {
            if (_lastStack.TryGetValue(method, out var last) && now - last.At < s_stackEvery)
            {
                _lastStack[method] = (last.At, last.Suppressed + 1);
                return;
            }
            suppressed = _lastStack.TryGetValue(method, out var previous) ? previous.Suppressed : 0;
            _lastStack[method] = (now, 0);
        }
        logger.LogError(ex, "Hub method {Method} failed ({Suppressed} more failures in the last minute not logged)", method, suppressed);
    }
}
