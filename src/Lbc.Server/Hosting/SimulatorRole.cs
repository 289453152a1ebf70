using Lbc.EventLog.Redis;
using Lbc.EventLog.Sqlite;
using Lbc.EventLog;
using Lbc.Reference;
using Lbc.Server.Configuration;
using Lbc.Server.Projection;
using Lbc.Server.Simulator;

namespace Lbc.Server.Hosting;

/// <summary>
/// <c>--Dashboard:Role=Simulator</c> (or <c>Dashboard__Role=Simulator</c>): this process is only a producer.
/// It runs the simulator against the configured event log (Redis in the compose stack) with no web
/// server, no projection and no history writer, so a deployment shows producers and dashboards apart.
/// </summary>
public static class SimulatorRole
{
    public const string Name = "Simulator";

    public static bool IsRequested(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        return string.Equals(configuration["Dashboard:Role"], Name, StringComparison.OrdinalIgnoreCase);
    }

    public static int Run(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        GeographyOptions.ApplyShorthand(builder.Configuration);
        var options = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
        // This role exists to simulate: Dashboard:Simulator:Enabled is about the dashboard's built-in one.
        options.Simulator.Enabled = true;
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => options.Geography.LoadCatalog(options.DataDirectory));
        services.AddSingleton<StartupGate>();
        services.AddSingleton<IEventLog>(sp => OpenLog(options, builder.Configuration, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SimulatorService>();
        builder.Build().Run();
        return 0;
    }

    private static IEventLog OpenLog(DashboardOptions options, IConfiguration configuration, TimeProvider time)
    {
        if (string.Equals(options.EventLog, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            var connection = configuration.GetConnectionString("Redis");
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException("Dashboard:EventLog is Redis but ConnectionStrings:Redis is not set.");
            }
            return RedisEventLog.ConnectAsync(connection, time: time).GetAwaiter().GetResult();
        }
        return SqliteEventLog.OpenAsync(Path.Combine(options.DataDirectory, "events.db"), time).GetAwaiter().GetResult();
    }
}
