namespace Lbc.Server.Configuration;

/// <summary>
/// <c>Dashboard:Redis</c>: how the server watches the Redis event log. The connection itself is
/// <c>ConnectionStrings:Redis</c> (contract: ARCHITECTURE.md).
/// </summary>
public sealed class RedisSettings
{
    public const string Section = "Dashboard:Redis";

    /// <summary>How often the "redis" health component is refreshed (ping, stream length, AOF).</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);
}
