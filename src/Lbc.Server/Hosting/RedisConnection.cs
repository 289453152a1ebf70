using Lbc.EventLog.Redis;
using StackExchange.Redis;

namespace Lbc.Server.Hosting;

/// <summary>
/// One <see cref="IConnectionMultiplexer"/> for everything that talks to Redis (event log, health, trimming, the
/// history lease, the SignalR backplane and the data-protection keys): a multiplexer is meant to be shared, and
/// each extra one is another set of sockets and reconnect loops. Connects without failing while Redis is down.
/// </summary>
public static class RedisConnection
{
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(connection))
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisEventLog.CreateConfiguration(connection)));
        }
        return services;
    }
}
