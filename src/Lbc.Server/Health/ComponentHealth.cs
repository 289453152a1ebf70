using System.Collections.Concurrent;

namespace Lbc.Server.Health;

/// <summary>Last known state of each component (event log, Redis, InfluxDB), as /healthz reports it.</summary>
public sealed class ComponentHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ComponentStatus> _components = new(StringComparer.Ordinal);

    public void Set(string component, bool healthy, string description) =>
        _components[component] = new ComponentStatus(healthy ? "healthy" : "unhealthy", description, time.GetUtcNow());

    public IReadOnlyDictionary<string, ComponentStatus> All => _components;
}

public sealed record ComponentStatus(string Status, string Description, DateTimeOffset CheckedAt);
