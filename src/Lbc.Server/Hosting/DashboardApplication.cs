using Lbc.Contracts;
using Lbc.Domain.Rules;
using Lbc.EventLog;
using Lbc.EventLog.Redis;
using Lbc.EventLog.Sqlite;
using Lbc.Reference;
using Lbc.Server.Access;
using Lbc.Server.Apis;
using Lbc.Server.History;
using Lbc.Server.Hubs;
using Lbc.Server.Metrics;
using Lbc.Server.Security;
using Lbc.Server.Simulator;

namespace Lbc.Server.Hosting;

/// <summary>All of the server's wiring in one place; Program.cs only calls these two methods.</summary>
public static class DashboardApplication
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(RuleSettings.Default);

        var referenceDirectory = ReferenceData.DefaultDirectory;
        services.AddSingleton(new ReferenceFiles(referenceDirectory));
        services.AddSingleton(_ => ReferenceData.Load(referenceDirectory, options.Geography.TownshipGeoJson));

        services.AddSingleton<ComponentHealth>();
        services.AddSingleton<StartupGate>();
        services.AddSingleton<ProjectionHost>();
        services.AddSingleton(sp => OpenEventLog(options, sp));
        services.AddSingleton(ProducerKeys.FromConfiguration(builder.Configuration, builder.Environment.IsDevelopment()));
        if (IsRedis(options))
        {
            services.AddSingleton(builder.Configuration.GetSection(RedisSettings.Section).Get<RedisSettings>() ?? new RedisSettings());
            services.AddHostedService<RedisHealthService>();
        }
        services.AddSingleton<DeltaPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeltaPublisher>());
        services.AddHostedService<ProjectionService>();
        var snapshotSettings = builder.Configuration.GetSection(SnapshotSettings.Section).Get<SnapshotSettings>() ?? new SnapshotSettings();
        services.AddSingleton(snapshotSettings);
        services.AddSingleton<SnapshotStore>();
        if (snapshotSettings.Enabled)
        {
            services.AddSingleton<SnapshotService>();
            services.AddHostedService(sp => sp.GetRequiredService<SnapshotService>());
        }
        var trimSettings = builder.Configuration.GetSection(TrimSettings.Section).Get<TrimSettings>() ?? new TrimSettings();
        if (IsRedis(options) && trimSettings.Enabled)
        {
            // The SQLite log is never trimmed: it is one file on one machine, with no other reader to pin it.
            services.AddSingleton(trimSettings);
            services.AddHostedService(sp => new StreamTrimService(sp.GetRequiredService<IEventLog>(),
                sp.GetRequiredService<SnapshotStore>(), trimSettings, options,
                sp.GetRequiredService<ILogger<StreamTrimService>>(), sp.GetService<SnapshotService>()));
        }
        if (options.Simulator.Enabled)
        {
            services.AddHostedService<SimulatorService>();
        }

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, ServerJsonContext.Default);
        });
        services.AddHistory(builder.Configuration, options);
        services.AddProblemDetails();
        services.AddOperationsHub(builder.Configuration);
        builder.AddDashboardAccess(options);
        builder.AddDashboardSecurity(options);
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseDashboardSecurity();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboardAccess();
        app.MapStaticAssets();
        app.MapReadApi();
        app.MapIngestApi();
        app.MapHistoryApi();
        app.MapAuthApi();
        app.MapOperationsHub();
        app.MapFallbackToFile("index.html");
        return app;
    }

    private static IEventLog OpenEventLog(DashboardOptions options, IServiceProvider services)
    {
        var kind = options.EventLog;
        if (string.Equals(kind, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var path = Path.Combine(options.DataDirectory, "events.db");
            var log = SqliteEventLog.OpenAsync(path, services.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult();
            services.GetRequiredService<ComponentHealth>().Set("eventLog", true, $"sqlite {Path.GetFullPath(path)}");
            return log;
        }
        if (IsRedis(options))
        {
            var connection = services.GetRequiredService<IConfiguration>().GetConnectionString("Redis");
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException("Dashboard:EventLog is Redis but ConnectionStrings:Redis is not set.");
            }
            // Returns even when Redis is down (abortConnect=false): the server starts "degraded" and the
            // multiplexer reconnects in the background; the projection catches up when Redis is back.
            var log = RedisEventLog.ConnectAsync(connection, time: services.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult();
            services.GetRequiredService<ComponentHealth>().Set("eventLog", true, $"redis {log.Options.StreamKey}: connecting");
            return log;
        }
        throw new InvalidOperationException($"Dashboard:EventLog '{kind}' is not supported (use Sqlite or Redis).");
    }

    private static bool IsRedis(DashboardOptions options) =>
        string.Equals(options.EventLog, "Redis", StringComparison.OrdinalIgnoreCase);
}
