using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.Server.Access;

/// <summary>
/// The open hub connections of each session on this instance, so ending a session also closes its live
/// connections: a WebSocket is authenticated once, when it opens, and would otherwise keep streaming a
/// signed-out user's cases until it dropped.
/// </summary>
public sealed class SessionConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _bySession = new(StringComparer.Ordinal);

    public SessionConnections(ISessionStore store)
    {
        store.Ended += Close;
    }

    /// <summary>Sessions with at least one open connection here (their open dashboards keep them alive).</summary>
    public IReadOnlyList<string> Sessions => [.. _bySession.Keys];

    /// <summary>The open connections, for re-checking their users after the accounts changed.</summary>
    public IEnumerable<(string SessionId, HubCallerContext Connection)> All =>
        _bySession.SelectMany(s => s.Value.Values.Select(c => (s.Key, c)));

    public void Add(string sessionId, HubCallerContext connection) =>
        _bySession.GetOrAdd(sessionId, _ => new(StringComparer.Ordinal))[connection.ConnectionId] = connection;

    public void Remove(string sessionId, string connectionId)
    {
        if (_bySession.TryGetValue(sessionId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
            if (connections.IsEmpty)
            {
                // Only if still empty: a connection of the same session may have been added meanwhile.
                _bySession.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, HubCallerContext>>(sessionId, connections));
            }
        }
    }

    /// <summary>Closes every connection of the session on this instance.</summary>
    public void Close(string sessionId)
    {
        if (_bySession.TryRemove(sessionId, out var connections))
        {
            foreach (var connection in connections.Values)
            {
                connection.Abort();
            }
        }
    }
}
