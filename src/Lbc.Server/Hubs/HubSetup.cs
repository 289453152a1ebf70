using Lbc.Contracts;
using Lbc.Server.Access;
using Lbc.Server.Feed;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace Lbc.Server.Hubs;

/// <summary>
/// The hub's limits and, with <c>ConnectionStrings:Redis</c>, what several instances share: the SignalR
/// backplane (messages that originate at one instance, e.g. "who handles which case") and the data-protection
/// keys (so a sign-in cookie issued by one instance is valid at the others), both over the one registered
/// <see cref="IConnectionMultiplexer"/>.
/// </summary>
public static class HubSetup
{
    public const string BackplaneChannelPrefix = "lbc:signalr";
    public const string DataProtectionKey = "lbc:dataprotection-keys";

    public static IServiceCollection AddOperationsHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IClientSender, HubClientSender>();
        var signalR = services.AddSignalR(hub =>
        {
            // A client sends little ("I am handling case X"); anything bigger is not ours.
            hub.MaximumReceiveMessageSize = OpsHub.MaxMessageBytes;
            hub.MaximumParallelInvocationsPerClient = 1;
            // Bounded per connection: what a stateful reconnect may replay after a short network drop.
            hub.StatefulReconnectBufferSize = 256 * 1024;
        }).AddJsonProtocol(json =>
        {
            json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(1, HubJsonContext.Default);
        });

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            signalR.AddStackExchangeRedis(backplane => backplane.Configuration.ChannelPrefix = RedisChannel.Literal(BackplaneChannelPrefix));
            services.AddOptions<RedisOptions>().Configure<IConnectionMultiplexer>((backplane, redis) =>
                backplane.ConnectionFactory = _ => Task.FromResult(redis));
            services.AddDataProtection().SetApplicationName("lbc-dashboard");
            services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((keys, redis) =>
                keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKey));
        }
        return services;
    }

    public static WebApplication MapOperationsHub(this WebApplication app)
    {
        app.MapHub<OperationsHub>(OpsHub.Path, options =>
        {
            // A network drop of a few seconds is bridged without losing messages or resyncing.
            options.AllowStatefulReconnects = true;
            // A connection does not outlive the sign-in that opened it.
            options.CloseOnAuthenticationExpiration = true;
        }).RequireAuthorization(AccessSetup.DashboardPolicy);
        return app;
    }
}
