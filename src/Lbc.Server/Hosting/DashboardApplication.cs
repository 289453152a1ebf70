using Lbc.Contracts;
using Lbc.EventLog;
using Lbc.EventLog.Redis;
using Lbc.EventLog.Sqlite;
using Lbc.Reference;
using Lbc.Server.Access;
using Lbc.Server.Apis;
using Lbc.Server.Audit;
using Lbc.Server.Bulletins;
using Lbc.Server.Commands;
using Lbc.Server.Configuration;
using Lbc.Server.Feed;
using Lbc.Server.Health;
using Lbc.Server.History;
using Lbc.Server.Hubs;
using Lbc.Server.Projection;
using Lbc.Server.Security;
using Lbc.Server.Simulator;
using StackExchange.Redis;

namespace Lbc.Server.Hosting;

/// <summary>
/// All of the server's wiring in one place (the composition root: it depends on every room, none depends on it);
/// Program.cs only calls these two methods. Data flows one way: log > projection > feed > hub > browser.
/// </summary>
public static class DashboardApplication
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        GeographyOptions.ApplyShorthand(configuration);
        services.AddValidatedOptions();
        services.AddOptions<AccessOptions>().BindConfiguration(DashboardOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        // Decisions about which services to add are made on the same values the options pipeline validates at start.
        var options = OptionsValidation.Read<DashboardOptions>(configuration, DashboardOptions.Section);
        var snapshotSettings = OptionsValidation.Read<SnapshotSettings>(configuration, SnapshotSettings.Section);
        var trimSettings = OptionsValidation.Read<TrimSettings>(configuration, TrimSettings.Section);
        var auditSettings = OptionsValidation.Read<AuditSettings>(configuration, AuditSettings.Section);
        var redis = IsRedis(options);

        services.AddSingleton(TimeProvider.System);
        // RuleSettings: bound from Dashboard:Rules and validated at start with the other options (AddValidatedOptions).
        // The Liaoning catalog, or every township of the country (--Dashboard:Geography=national); the map's county outlines
        // come from the committed Liaoning folder when the national one has none.
        var referenceDirectory = options.Geography.ReferenceDirectory(options.DataDirectory);
        services.AddSingleton(new ReferenceFiles(referenceDirectory, ReferenceData.DefaultDirectory));
        services.AddSingleton(_ => options.Geography.LoadCatalog(options.DataDirectory));
        services.AddRedisConnection(configuration);

        // Log and projection.
        services.AddSingleton<ComponentHealth>();
        services.AddSingleton<StartupGate>();
        services.AddSingleton(sp => new ProjectionHost(sp.GetRequiredService<Lbc.Domain.Regions.RegionCatalog>(),
            sp.GetRequiredService<Lbc.Domain.Rules.RuleSettings>(), sp.GetRequiredService<TimeProvider>(), auditSettings.IndexLines,
            sp.GetRequiredService<Lbc.Domain.Alerts.AlertSettings>()));
        services.AddSingleton<EventValidator>();
        services.AddSingleton(sp => OpenEventLog(options, sp));
        services.AddHostedService<ProjectionService>();
        services.AddSingleton<SnapshotStore>();
        if (snapshotSettings.Enabled)
        {
            services.AddSingleton<SnapshotService>();
            services.AddHostedService(sp => sp.GetRequiredService<SnapshotService>());
        }
        if (redis)
        {
            services.AddHostedService<RedisHealthService>();
            if (trimSettings.Enabled)
            {
                // The SQLite log is never trimmed: it is one file on one machine, with no other reader to pin it.
                services.AddHostedService(sp => new StreamTrimService(sp.GetRequiredService<IEventLog>(),
                    sp.GetRequiredService<SnapshotStore>(), trimSettings, options,
                    sp.GetRequiredService<ILogger<StreamTrimService>>(), sp.GetService<SnapshotService>()));
            }
        }
        if (options.Simulator.Enabled)
        {
            services.AddHostedService<SimulatorService>();
        }

        // Feed, hub, APIs, history, sign-in.
        services.AddLiveFeed();
        services.AddOperationsHub(configuration);
        // No request body beyond what any endpoint needs (the largest: a 10 MB ledger file); endpoints set tighter limits.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 12 * 1024 * 1024);
        services.ConfigureHttpJsonOptions(json =>
        {
            // Nothing we accept nests deeper; a deeply nested body is refused before it costs anything.
            json.SerializerOptions.MaxDepth = 16;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, ServerJsonContext.Default);
        });
        var development = builder.Environment.IsDevelopment();
        services.AddSingleton(sp => ProducerKeys.Watching(configuration, development, sp.GetRequiredService<ILogger<ProducerKeys>>()));
        // The audit trail: lines queued on the request path, written to the log in batches by one background writer.
        services.AddSingleton<AuditTrail>();
        services.AddHostedService<AuditWriter>();
        services.AddSingleton<CommandReplies>();
        services.AddSingleton<CommandLog>();
        services.AddSingleton<CaseCommandHandler>();
        services.AddSingleton<PlacementCommandHandler>();
        services.AddSingleton<AlertCommandHandler>();
        services.AddHistory(configuration, options);
        services.AddPersonalData(configuration, options, redis);
        services.AddLedgerImport();
        services.AddBulletins();
        services.AddProblemDetails();
        builder.AddDashboardAccess(options);
        builder.AddDashboardSecurity(options);
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseDashboardSecurity();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRefusedAccessAudit();
        app.UseDashboardAccess();
        app.MapStaticAssets();
        app.MapReadApi();
        app.MapIngestApi();
        app.MapCommandApi();
        app.MapRegionApi();
        app.MapHistoryApi();
        app.MapBulletinApi();
        app.MapAuditApi();
        app.MapPersonalApi();
        app.MapLedgerApi();
        app.MapAuthApi();
        app.MapOperationsHub();
        app.MapFallbackToFile("index.html");
        return app;
    }

    private static IEventLog OpenEventLog(DashboardOptions options, IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var health = services.GetRequiredService<ComponentHealth>();
        if (IsRedis(options))
        {
            // The shared multiplexer connects with abortConnect=false: the server starts "degraded" while Redis is
            // down and the projection catches up when it is back.
            var log = new RedisEventLog(services.GetRequiredService<IConnectionMultiplexer>(), time: time);
            health.Set("eventLog", true, $"redis {log.Options.StreamKey}: connecting");
            return log;
        }
        var path = Path.Combine(options.DataDirectory, "events.db");
        var sqlite = SqliteEventLog.OpenAsync(path, time).GetAwaiter().GetResult();
        health.Set("eventLog", true, $"sqlite {Path.GetFullPath(path)}");
        return sqlite;
    }

    private static bool IsRedis(DashboardOptions options) =>
        string.Equals(options.EventLog, "Redis", StringComparison.OrdinalIgnoreCase);
}
