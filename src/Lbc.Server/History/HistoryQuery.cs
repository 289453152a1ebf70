using System.Globalization;
using System.Text.RegularExpressions;
using Lbc.Domain.Regions;
using Lbc.Server.Metrics;

namespace Lbc.Server.History;

public enum HistoryAggregate
{
    Avg,
    Last,
}

/// <summary>What a chart can ask for: a field of the per-minute region points, or a duration series.</summary>
public sealed record HistoryMetric(string Name, string Measurement, string Field, IReadOnlyList<string> Stages)
{
    public bool IsDuration => Stages.Count > 0;
}

/// <summary>A validated history request; build one only through <see cref="HistoryQueryParser"/>.</summary>
public sealed record HistoryQuery(
    HistoryMetric Metric, string Region, RegionLevel Level, string? Stage,
    DateTimeOffset From, DateTimeOffset To, TimeSpan Step, HistoryAggregate Aggregate);

/// <summary>Parses and validates the query string of GET /api/history; every problem is named in the error.</summary>
public static partial class HistoryQueryParser
{
    /// <summary>At most this many points per answer, so a chart request cannot make the server scan years by the minute.</summary>
    public const int MaxPoints = 5_000;

    public static TimeSpan MaxRange { get; } = TimeSpan.FromDays(800);

    public static IReadOnlyList<HistoryMetric> Metrics { get; } = BuildMetrics();

    public static IReadOnlyDictionary<string, HistoryMetric> ByName { get; } =
        Metrics.ToDictionary(m => m.Name, StringComparer.Ordinal);

    private static List<HistoryMetric> BuildMetrics()
    {
        var list = MetricSchema.RegionFields
            .Select(f => new HistoryMetric(f.Name, MetricSchema.RegionMeasurement, f.Name, []))
            .ToList();
        list.Add(new HistoryMetric(MetricSchema.OccupancyField, MetricSchema.RegionMeasurement, MetricSchema.OccupancyField, []));
        list.Add(new HistoryMetric("response_seconds", MetricSchema.ResponseMeasurement, MetricSchema.DurationField,
            ["acknowledged", "dispatched", "on_scene", "parents_contacted", "search_started", "child_found",
             "child_escorted", "township_notified", "assessment_opened", "assessment_completed"]));
        list.Add(new HistoryMetric("placement_wait_seconds", MetricSchema.PlacementWaitMeasurement, MetricSchema.DurationField,
            ["assigned", "admitted"]));
        return list;
    }

    /// <summary>The query, or the errors by parameter name (for a 400 ValidationProblem).</summary>
    public static (HistoryQuery? Query, Dictionary<string, string[]> Errors) Parse(
        string? metric, string? region, string? from, string? to, string? step, string? fn, string? stage,
        RegionCatalog regions)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        HistoryMetric? m = null;
        if (string.IsNullOrWhiteSpace(metric))
        {
            errors["metric"] = [$"required; one of {string.Join(", ", Metrics.Select(x => x.Name))}"];
        }
        else if (!ByName.TryGetValue(metric, out m))
        {
            errors["metric"] = [$"unknown metric '{metric}'; one of {string.Join(", ", Metrics.Select(x => x.Name))}"];
        }

        RegionLevel? level = null;
        if (string.IsNullOrWhiteSpace(region))
        {
            errors["region"] = ["required: a region code (21 province, 4-digit city, 6-digit county, 9-digit township)"];
        }
        else
        {
            level = RegionCodes.LevelOf(region);
            if (level is null or RegionLevel.Village)
            {
                errors["region"] = [$"'{region}' is not a province, city, county or township code"];
                level = null;
            }
            else if (!regions.IsKnown(region))
            {
                errors["region"] = [$"no region with code '{region}'"];
                level = null;
            }
        }

        var fromTime = ParseTime(from, "from", errors);
        var toTime = ParseTime(to, "to", errors);
        if (fromTime is { } f && toTime is { } t)
        {
            if (t <= f)
            {
                errors["to"] = ["must be after 'from'"];
            }
            else if (t - f > MaxRange)
            {
                errors["to"] = [$"the range may span at most {MaxRange.TotalDays:0} days"];
            }
        }

        TimeSpan? stepSpan = null;
        if (string.IsNullOrWhiteSpace(step))
        {
            errors["step"] = ["required: a whole number of minutes, hours or days, e.g. 5m, 1h, 1d"];
        }
        else if (ParseStep(step) is not { } s)
        {
            errors["step"] = [$"'{step}' is not a step; use a whole number of minutes, hours or days (1m..31d), e.g. 5m, 1h, 1d"];
        }
        else
        {
            stepSpan = s;
            if (fromTime is { } f2 && toTime is { } t2 && t2 > f2 && (t2 - f2) / s > MaxPoints)
            {
                errors["step"] = [$"too fine for the range: at most {MaxPoints} points per request"];
            }
        }

        var aggregate = HistoryAggregate.Avg;
        if (!string.IsNullOrEmpty(fn))
        {
            switch (fn)
            {
                case "avg": aggregate = HistoryAggregate.Avg; break;
                case "last": aggregate = HistoryAggregate.Last; break;
                default: errors["fn"] = [$"'{fn}' is not an aggregate; use avg or last"]; break;
            }
        }

        if (m is not null)
        {
            if (m.IsDuration && string.IsNullOrEmpty(stage))
            {
                errors["stage"] = [$"required for {m.Name}; one of {string.Join(", ", m.Stages)}"];
            }
            else if (m.IsDuration && !m.Stages.Contains(stage!))
            {
                errors["stage"] = [$"unknown stage '{stage}' for {m.Name}; one of {string.Join(", ", m.Stages)}"];
            }
            else if (!m.IsDuration && !string.IsNullOrEmpty(stage))
            {
                errors["stage"] = [$"{m.Name} has no stages"];
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }
        // Buckets start at multiples of the step from the epoch in both stores; widening the range to
        // whole buckets keeps the first and last bucket complete and labelled alike by SQLite and Flux.
        var stepTicks = stepSpan!.Value.Ticks;
        var start = new DateTimeOffset(fromTime!.Value.UtcTicks - (fromTime.Value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % stepTicks, TimeSpan.Zero);
        var endRemainder = (toTime!.Value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % stepTicks;
        var end = endRemainder == 0 ? toTime.Value : new DateTimeOffset(toTime.Value.UtcTicks - endRemainder + stepTicks, TimeSpan.Zero);
        return (new HistoryQuery(m!, region!, level!.Value, m!.IsDuration ? stage : null,
            start, end, stepSpan.Value, aggregate), errors);
    }

    /// <summary>"15m", "1h", "7d": whole minutes, 1 minute to 31 days. Null when malformed.</summary>
    public static TimeSpan? ParseStep(string text)
    {
        var match = StepPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return null;
        }
        var span = match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
        return span <= TimeSpan.FromDays(31) ? span : null;
    }

    /// <summary>A step as a Flux duration literal, in the largest whole unit.</summary>
    public static string FormatStep(TimeSpan step)
    {
        var minutes = (long)step.TotalMinutes;
        return minutes % 1440 == 0 ? $"{minutes / 1440}d" : minutes % 60 == 0 ? $"{minutes / 60}h" : $"{minutes}m";
    }

    private static DateTimeOffset? ParseTime(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[name] = ["required: an ISO 8601 time with an offset, e.g. 2026-11-01T00:00:00Z"];
            return null;
        }
        // An offset is required: a bare local time would mean different instants on different servers.
        if (!TimeWithOffset().IsMatch(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            errors[name] = [$"'{text}' is not an ISO 8601 time with an offset (Z or +08:00)"];
            return null;
        }
        if (value.Year < 2000 || value.Year > 2200)
        {
            errors[name] = [$"'{text}' is out of range"];
            return null;
        }
        return value.ToUniversalTime();
    }

    [GeneratedRegex(@"^([0-9]{1,6})(m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex StepPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeWithOffset();
}
