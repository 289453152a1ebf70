using Lbc.Server.History;
using Lbc.Server.Hosting;
using StackExchange.Redis;

namespace Lbc.Server.Metrics;

/// <summary>The history feature's wiring: DashboardApplication calls <see cref="AddHistory"/> and <see cref="HistoryApi.MapHistoryApi"/>.</summary>
public static class HistoryServiceCollectionExtensions
{
    public static IServiceCollection AddHistory(this IServiceCollection services, IConfiguration configuration, DashboardOptions dashboard)
    {
        var influx = configuration.GetSection(InfluxOptions.Section).Get<InfluxOptions>() ?? new InfluxOptions();
        var history = configuration.GetSection(HistoryOptions.Section).Get<HistoryOptions>() ?? new HistoryOptions();
        services.AddSingleton(influx);
        services.AddSingleton(history);
        if (influx.Enabled)
        {
            services.AddSingleton(sp => new InfluxHistorySink(influx, Path.Combine(dashboard.DataDirectory, "influx-buffer"),
                sp.GetRequiredService<ComponentHealth>(), sp.GetRequiredService<ILogger<InfluxHistorySink>>()));
            services.AddSingleton<IHistorySink>(sp => sp.GetRequiredService<InfluxHistorySink>());
            services.AddSingleton<IHistoryReader>(sp => new InfluxHistoryReader(sp.GetRequiredService<InfluxHistorySink>(), influx));
        }
        else
        {
            services.AddSingleton(sp =>
            {
                var store = new SqliteHistoryStore(Path.Combine(dashboard.DataDirectory, "history.db"),
                    sp.GetRequiredService<TimeProvider>(), history.RetentionDays);
                sp.GetRequiredService<ComponentHealth>().Set("history", true,
                    $"sqlite {Path.GetFullPath(Path.Combine(dashboard.DataDirectory, "history.db"))}");
                return store;
            });
            services.AddSingleton<IHistorySink>(sp => sp.GetRequiredService<SqliteHistoryStore>());
            services.AddSingleton<IHistoryReader>(sp => sp.GetRequiredService<SqliteHistoryStore>());
        }

        var redis = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ILeaderLease>(sp =>
            {
                // Reuse a registered Redis connection if there is one; otherwise open one (abortConnect=false) for the lease.
                var connection = sp.GetService<IConnectionMultiplexer>()
                    ?? ConnectionMultiplexer.Connect(Lbc.EventLog.Redis.RedisEventLog.CreateConfiguration(redis));
                return new RedisLeaderLease(connection, history.LeaderKey, TimeSpan.FromSeconds(Math.Max(3, history.LeaseSeconds)),
                    $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
            });
        }
        else
        {
            services.AddSingleton<ILeaderLease, SingleInstanceLease>();
        }
        services.AddSingleton<MetricsWriterService>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsWriterService>());
        return services;
    }
}
