using Lbc.Server.Configuration;
using Lbc.Server.Health;
using Lbc.Server.History;
using Lbc.Server.Metrics;
using StackExchange.Redis;

namespace Lbc.Server.Hosting;

/// <summary>The history feature's wiring: DashboardApplication calls <see cref="AddHistory"/> and <see cref="HistoryApi.MapHistoryApi"/>.</summary>
public static class HistoryWiring
{
    public static IServiceCollection AddHistory(this IServiceCollection services, IConfiguration configuration, DashboardOptions dashboard)
    {
        var influx = OptionsValidation.Read<InfluxOptions>(configuration, InfluxOptions.Section);
        var history = OptionsValidation.Read<HistoryOptions>(configuration, HistoryOptions.Section);
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
                    sp.GetRequiredService<TimeProvider>(), history.RetentionDays, history.HourRetentionDays);
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
            services.AddSingleton<ILeaderLease>(sp => new RedisLeaderLease(sp.GetRequiredService<IConnectionMultiplexer>(),
                history.LeaderKey, TimeSpan.FromSeconds(history.LeaseSeconds),
                $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"));
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
