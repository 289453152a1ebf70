using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;

namespace Lbc.Server.Access;

/// <summary>
/// The server's record of live sign-in sessions. A cookie alone cannot be taken back: it stays valid until it
/// expires, so signing out, an idle timeout and a disabled account would change nothing for someone holding a
/// copy. Every authenticated request therefore asks here too (<see cref="TouchAsync"/>): a session that was
/// never begun, has ended, or was idle for <see cref="SignInOptions.IdleMinutes"/> is refused.
/// In memory on one instance (<see cref="MemorySessionStore"/>), in Redis when <c>ConnectionStrings:Redis</c> is
/// set (<see cref="RedisSessionStore"/>), so a session ended at one instance is refused by all of them.
/// </summary>
public interface ISessionStore
{
    /// <summary>Records a new session at sign-in.</summary>
    Task BeginAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>True while the session is live; counts as activity (restarts the idle clock).</summary>
    Task<bool> TouchAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends the session for every instance (sign-out, a disabled account).</summary>
    Task EndAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Raised on this instance when a session ended here or at another instance: its hub connections close.</summary>
    event Action<string>? Ended;
}

/// <summary>The session id claim every cookie carries, made at sign-in.</summary>
public static class SessionClaims
{
    public const string SessionId = "lbc:sid";

    /// <summary>128 random bits: unguessable, and says nothing about the user.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string? IdOf(ClaimsPrincipal? user) => user?.FindFirstValue(SessionId);

    public static void Add(ClaimsPrincipal principal, string sessionId) =>
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionId, sessionId));
}

/// <summary>
/// Sessions of one instance in memory. A restart forgets them, so everyone signs in again: the safe direction
/// (a signed-out cookie never comes back to life).
/// </summary>
public sealed class MemorySessionStore(SignInOptions options, TimeProvider time) : ISessionStore
{
    private const int PruneEvery = 1024;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);
    private int _begun;

    public event Action<string>? Ended;

    private TimeSpan Idle => TimeSpan.FromMinutes(options.IdleMinutes);

    public Task BeginAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Begin(sessionId);
        return Task.CompletedTask;
    }

    public Task<bool> TouchAsync(string sessionId, CancellationToken cancellationToken = default) => Task.FromResult(Touch(sessionId));

    public Task EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        _lastSeen.TryRemove(sessionId, out _);
        Ended?.Invoke(sessionId);
        return Task.CompletedTask;
    }

    internal void Begin(string sessionId)
    {
        var now = time.GetUtcNow();
        _lastSeen[sessionId] = now;
        if (Interlocked.Increment(ref _begun) % PruneEvery == 0)
        {
            foreach (var (id, seen) in _lastSeen)
            {
                if (now - seen > Idle)
                {
                    _lastSeen.TryRemove(id, out _);
                }
            }
        }
    }

    internal bool Touch(string sessionId)
    {
        var now = time.GetUtcNow();
        if (!_lastSeen.TryGetValue(sessionId, out var seen))
        {
            return false;
        }
        if (now - seen > Idle)
        {
            _lastSeen.TryRemove(sessionId, out _);
            return false;
        }
        // A lost race with EndAsync must not bring the session back: update only the entry that is still there.
        _lastSeen.TryUpdate(sessionId, now, seen);
        return true;
    }

    /// <summary>Forgets a session without raising <see cref="Ended"/> (another instance already told us).</summary>
    internal bool Forget(string sessionId) => _lastSeen.TryRemove(sessionId, out _);
}
