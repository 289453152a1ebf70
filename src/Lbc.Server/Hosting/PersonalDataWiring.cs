using Lbc.EventLog.Redis;
using Lbc.Server.Configuration;
using Lbc.Server.PersonalData;
using StackExchange.Redis;

namespace Lbc.Server.Hosting;

/// <summary>
/// Personal data (docs/security.md, "Personal data"): the master key, the key store beside the event log (SQLite file in
/// the data folder, or Redis: <c>ConnectionStrings:PersonalKeys</c>, else the log's Redis), the sealer, the ingest door and
/// the retention job.
/// </summary>
public static class PersonalDataWiring
{
    public static IServiceCollection AddPersonalData(this IServiceCollection services, IConfiguration configuration, DashboardOptions dashboard,
        bool redis)
    {
        var options = OptionsValidation.Read<PersonalDataOptions>(configuration, PersonalDataOptions.Section);
        services.AddSingleton(sp => new MasterKeySource(MasterKey.Load(options.MasterKey, dashboard.DataDirectory, embedded: !redis,
            sp.GetRequiredService<ILogger<MasterKey>>())));
        if (redis)
        {
            var separate = configuration.GetConnectionString("PersonalKeys");
            services.AddSingleton<IPersonalKeyStore>(sp => new RedisPersonalKeyStore(string.IsNullOrWhiteSpace(separate)
                ? sp.GetRequiredService<IConnectionMultiplexer>()
                : ConnectionMultiplexer.Connect(RedisEventLog.CreateConfiguration(separate))));
        }
        else
        {
            services.AddSingleton<IPersonalKeyStore>(_ =>
                SqlitePersonalKeyStore.OpenAsync(Path.Combine(dashboard.DataDirectory, "personal-keys.db")).GetAwaiter().GetResult());
        }
        services.AddSingleton<PersonalSealer>();
        services.AddSingleton<PersonalIntake>();
        services.AddHostedService<PersonalRetention>();
        return services;
    }
}
