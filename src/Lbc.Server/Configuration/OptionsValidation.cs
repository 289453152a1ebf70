using Lbc.Domain.Rules;
using Microsoft.Extensions.Options;

namespace Lbc.Server.Configuration;

/// <summary>
/// Binds every options section once and checks it at start: a bad value stops the server with one line naming the key
/// and the problem (Program.cs prints <see cref="OptionsValidationException.Failures"/>), instead of a stack trace later.
/// </summary>
public static class OptionsValidation
{
    /// <summary>The domain's rule numbers (<see cref="RuleSettings"/>: SLAs, visit interval, search area...), DOMAIN.md.</summary>
    public const string RulesSection = "Dashboard:Rules";

    /// <summary>The alert thresholds (<see cref="Lbc.Domain.Alerts.AlertSettings"/>: escalation time, overdue rise, silence...), issue 16.</summary>
    public const string AlertsSection = "Dashboard:Alerts";

    public static IServiceCollection AddValidatedOptions(this IServiceCollection services)
    {
        Bind<DashboardOptions, DashboardOptionsValidator>(services, DashboardOptions.Section);
        Bind<SnapshotSettings, SnapshotSettingsValidator>(services, SnapshotSettings.Section);
        Bind<TrimSettings, TrimSettingsValidator>(services, TrimSettings.Section);
        Bind<RedisSettings, RedisSettingsValidator>(services, RedisSettings.Section);
        Bind<InfluxOptions, InfluxOptionsValidator>(services, InfluxOptions.Section);
        Bind<HistoryOptions, HistoryOptionsValidator>(services, HistoryOptions.Section);
        Bind<RuleSettings, RuleSettingsValidator>(services, RulesSection);
        Bind<Lbc.Domain.Alerts.AlertSettings, AlertSettingsValidator>(services, AlertsSection);
        Bind<AuditSettings, AuditSettingsValidator>(services, AuditSettings.Section);
        Bind<PersonalDataOptions, PersonalDataOptionsValidator>(services, PersonalDataOptions.Section);
        Bind<Lbc.Server.Bulletins.BulletinOptions, Lbc.Server.Bulletins.BulletinOptionsValidator>(services, Lbc.Server.Bulletins.BulletinOptions.Section);
        return services;
    }

    private static void Bind<T, TValidator>(IServiceCollection services, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddOptions<T>().Configure<IConfiguration>((o, configuration) => BindSection(configuration.GetSection(section), o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        // Most services take the options object itself: one bound, validated instance for all of them.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    /// <summary>
    /// Binds like <c>BindConfiguration</c>, but a value that does not convert (<c>Dashboard:Rules:Acknowledge=soon</c>)
    /// stops the start like any other bad value, one line naming the key, instead of an unhandled exception.
    /// </summary>
    private static void BindSection<T>(IConfigurationSection section, T options) where T : class
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(section.Path, typeof(T), [ex.Message]);
        }
    }

    /// <summary>Reads a section the way the options pipeline will, for decisions made while wiring (which services to add).</summary>
    public static T Read<T>(IConfiguration configuration, string section) where T : class, new() =>
        configuration.GetSection(section).Get<T>() ?? new T();
}

/// <summary>Collects the problems of one section, each as "key: problem".</summary>
internal sealed class Problems(string section)
{
    private readonly List<string> _list = [];

    public void Check(bool ok, string key, string problem)
    {
        if (!ok)
        {
            _list.Add($"{section}:{key}: {problem}");
        }
    }

    public ValidateOptionsResult Result => _list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_list);

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

internal sealed class DashboardOptionsValidator(IConfiguration configuration) : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions o)
    {
        var p = new Problems(DashboardOptions.Section);
        var sqlite = string.Equals(o.EventLog, "Sqlite", StringComparison.OrdinalIgnoreCase);
        var redis = string.Equals(o.EventLog, "Redis", StringComparison.OrdinalIgnoreCase);
        p.Check(sqlite || redis, "EventLog", $"'{o.EventLog}' is not supported (use Sqlite or Redis)");
        p.Check(!redis || !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")), "EventLog",
            "is Redis but ConnectionStrings:Redis is not set");
        p.Check(!string.IsNullOrWhiteSpace(o.DataDirectory), "DataDirectory", "must not be empty");
        p.Check(o.Simulator.Children >= 0, "Simulator:Children", $"must not be negative (got {o.Simulator.Children})");
        p.Check(o.Simulator.EventsPerSecond >= 0 && double.IsFinite(o.Simulator.EventsPerSecond), "Simulator:EventsPerSecond",
            $"must be a number of at least 0 (got {o.Simulator.EventsPerSecond})");
        p.Check(string.IsNullOrEmpty(o.Map.TileUrl) || Problems.IsHttpUrl(o.Map.TileUrl.Replace("{", "").Replace("}", "")), "Map:TileUrl",
            "must be empty or an absolute http(s) URL template such as https://tiles.example/{z}/{x}/{y}.png");
        p.Check(string.IsNullOrEmpty(o.Map.TileUrl) || (o.Map.TileUrl.Contains("{z}") && o.Map.TileUrl.Contains("{x}") && o.Map.TileUrl.Contains("{y}")),
            "Map:TileUrl", "must contain {z}, {x} and {y}");
        p.Check(o.Geography.TownshipGeoJson is null || File.Exists(o.Geography.TownshipGeoJson), "Geography:TownshipGeoJson",
            "names a file that does not exist");
        var scaleKnown = o.Geography.IsNational || string.Equals(o.Geography.Scale, GeographyOptions.Province, StringComparison.OrdinalIgnoreCase);
        p.Check(scaleKnown, "Geography", $"'{o.Geography.Scale}' is not a geography (use {GeographyOptions.Province} or {GeographyOptions.National})");
        var national = o.Geography.NationalDataProblem(o.DataDirectory);
        p.Check(national is null, "Geography:NationalDirectory", national ?? "");
        return p.Result;
    }
}

internal sealed class SnapshotSettingsValidator : IValidateOptions<SnapshotSettings>
{
    public ValidateOptionsResult Validate(string? name, SnapshotSettings o)
    {
        var p = new Problems(SnapshotSettings.Section);
        p.Check(o.EveryEvents > 0, "EveryEvents", "must be positive");
        p.Check(o.EveryInterval > TimeSpan.Zero, "EveryInterval", "must be positive");
        p.Check(o.CheckInterval > TimeSpan.Zero, "CheckInterval", "must be positive");
        p.Check(o.Keep >= 1, "Keep", "must be at least 1");
        return p.Result;
    }
}

internal sealed class TrimSettingsValidator : IValidateOptions<TrimSettings>
{
    public ValidateOptionsResult Validate(string? name, TrimSettings o)
    {
        var p = new Problems(TrimSettings.Section);
        p.Check(o.Interval > TimeSpan.Zero, "Interval", "must be positive");
        p.Check(o.KeepEvents >= 0, "KeepEvents", "must not be negative");
        p.Check(o.KeepFor >= TimeSpan.Zero, "KeepFor", "must not be negative");
        p.Check(o.StaleAfter > TimeSpan.Zero, "StaleAfter", "must be positive");
        p.Check(o.LockFor > TimeSpan.Zero, "LockFor", "must be positive");
        return p.Result;
    }
}

internal sealed class RedisSettingsValidator : IValidateOptions<RedisSettings>
{
    public ValidateOptionsResult Validate(string? name, RedisSettings o)
    {
        var p = new Problems(RedisSettings.Section);
        p.Check(o.HealthInterval > TimeSpan.Zero, "HealthInterval", "must be positive");
        return p.Result;
    }
}

internal sealed class InfluxOptionsValidator : IValidateOptions<InfluxOptions>
{
    public ValidateOptionsResult Validate(string? name, InfluxOptions o)
    {
        var p = new Problems(InfluxOptions.Section);
        p.Check(string.IsNullOrEmpty(o.Url) || Problems.IsHttpUrl(o.Url), "Url", "must be empty or an absolute http(s) URL");
        p.Check(!o.Enabled || !string.IsNullOrWhiteSpace(o.Org), "Org", "must be set when Influx:Url is");
        p.Check(!o.Enabled || !string.IsNullOrWhiteSpace(o.Bucket), "Bucket", "must be set when Influx:Url is");
        p.Check(o.BufferMaxBytes > 0, "BufferMaxBytes", "must be positive");
        return p.Result;
    }
}

/// <summary>The domain says what is wrong with its numbers (<see cref="RuleSettings.Validate"/>); here they get their full key.</summary>
internal sealed class RuleSettingsValidator : IValidateOptions<RuleSettings>
{
    public ValidateOptionsResult Validate(string? name, RuleSettings o)
    {
        var problems = o.Validate();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"{OptionsValidation.RulesSection}:{p}"));
    }
}

/// <summary>The domain says what is wrong with its alert thresholds (<see cref="Lbc.Domain.Alerts.AlertSettings.Validate"/>).</summary>
internal sealed class AlertSettingsValidator : IValidateOptions<Lbc.Domain.Alerts.AlertSettings>
{
    public ValidateOptionsResult Validate(string? name, Lbc.Domain.Alerts.AlertSettings o)
    {
        var problems = o.Validate();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"{OptionsValidation.AlertsSection}:{p}"));
    }
}

internal sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    public ValidateOptionsResult Validate(string? name, HistoryOptions o)
    {
        var p = new Problems(HistoryOptions.Section);
        p.Check(o.RetentionDays > 0, "RetentionDays", "must be positive");
        p.Check(o.HourRetentionDays > 0, "HourRetentionDays", "must be positive (the store keeps at least RetentionDays of hours)");
        p.Check(o.LeaseSeconds >= 3, "LeaseSeconds", "must be at least 3");
        p.Check(!string.IsNullOrWhiteSpace(o.LeaderKey), "LeaderKey", "must not be empty");
        return p.Result;
    }
}

internal sealed class AuditSettingsValidator : IValidateOptions<AuditSettings>
{
    public ValidateOptionsResult Validate(string? name, AuditSettings o)
    {
        var p = new Problems(AuditSettings.Section);
        p.Check(o.QueueCapacity > 0, "QueueCapacity", "must be positive");
        p.Check(o.BatchSize is > 0 and <= 1000, "BatchSize", "must be 1 to 1000");
        p.Check(o.IndexLines >= 0, "IndexLines", "must not be negative");
        p.Check(o.RetryInterval > TimeSpan.Zero, "RetryInterval", "must be positive");
        var source = o.SourceOrDefault;
        p.Check(source.Length <= 128 && !Lbc.Domain.Events.IdText.HasControlCharacters(source), "Source",
            "must be at most 128 characters without control characters (it is every audit event's src)");
        return p.Result;
    }
}

internal sealed class PersonalDataOptionsValidator : IValidateOptions<PersonalDataOptions>
{
    public ValidateOptionsResult Validate(string? name, PersonalDataOptions o)
    {
        var p = new Problems(PersonalDataOptions.Section);
        // The key's value is never named in the message: only what is wrong with it.
        p.Check(string.IsNullOrWhiteSpace(o.MasterKey) || PersonalData.MasterKey.TryParse(o.MasterKey, out _), "MasterKey",
            "must be 32 bytes in base64 (openssl rand -base64 32)");
        p.Check(o.RetentionDays >= 0 && double.IsFinite(o.RetentionDays), "RetentionDays", "must be a number of days, at least 0");
        p.Check(o.ShredInterval > TimeSpan.Zero, "ShredInterval", "must be positive");
        return p.Result;
    }
}
