using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>One point of a drawn line: the bucket's start and its value, null where the server hid it.</summary>
public readonly record struct TrendPoint(DateTimeOffset T, double? V);

/// <summary>The mean of the last 13 weeks against the 13 before.</summary>
public sealed record QuarterChange(double Recent, double Previous)
{
    /// <summary>The change in percent of the previous quarter's mean (+12.5 is a rise by an eighth).</summary>
    public double Percent => (Recent - Previous) / Previous * 100;
}

/// <summary>The arithmetic of the trend charts, apart from the component so it is tested on its own.</summary>
public static class TrendMath
{
    public static TimeSpan Week { get; } = TimeSpan.FromDays(7);

    /// <summary>Weeks in a quarter for the quarter-on-quarter change.</summary>
    public const int QuarterWeeks = 13;

    /// <summary>A quarter's mean needs at least this many shown weeks: a mean of a few weeks is not a quarter's.</summary>
    public const int MinWeeksPerQuarter = 7;

    /// <summary>
    /// A line's points: the values times <paramref name="scale"/>, or, with <paramref name="per"/>, values / per x scale at
    /// each time both have (a rate). A point is null (a gap) where the server hid either; left out where the divisor is 0
    /// (no children, no rate) or missing.
    /// </summary>
    public static IReadOnlyList<TrendPoint> Points(IReadOnlyList<HistoryPointDto> values, IReadOnlyList<HistoryPointDto>? per, double scale)
    {
        if (per is null)
        {
            return [.. values.OrderBy(p => p.T).Select(p => new TrendPoint(p.T, p.V * scale))];
        }
        var divisors = new Dictionary<DateTimeOffset, double?>();
        foreach (var p in per)
        {
            divisors[p.T] = p.V;
        }
        var points = new List<TrendPoint>(values.Count);
        foreach (var p in values.OrderBy(p => p.T))
        {
            if (!divisors.TryGetValue(p.T, out var divisor) || divisor == 0)
            {
                continue;
            }
            points.Add(new TrendPoint(p.T, p.V is { } v && divisor is { } d ? v / d * scale : null));
        }
        return points;
    }

    /// <summary>
    /// Quarter on quarter from weekly points (buckets starting at multiples of 7 days from the Unix epoch, as the server
    /// labels them): the finished weeks, the last 13 against the 13 before. Null when either quarter has fewer than
    /// <see cref="MinWeeksPerQuarter"/> shown weeks or the earlier mean is 0 (no percentage of nothing).
    /// </summary>
    public static QuarterChange? QuarterOnQuarter(IReadOnlyList<TrendPoint> weekly, DateTimeOffset now)
    {
        var thisWeek = WeekStart(now);
        var recentStart = thisWeek - (Week * QuarterWeeks);
        var previousStart = recentStart - (Week * QuarterWeeks);
        var recent = weekly.Where(p => p.T >= recentStart && p.T < thisWeek && p.V is not null).Select(p => p.V!.Value).ToList();
        var previous = weekly.Where(p => p.T >= previousStart && p.T < recentStart && p.V is not null).Select(p => p.V!.Value).ToList();
        if (recent.Count < MinWeeksPerQuarter || previous.Count < MinWeeksPerQuarter)
        {
            return null;
        }
        var before = previous.Average();
        return before == 0 ? null : new QuarterChange(recent.Average(), before);
    }

    /// <summary>The start of the weekly bucket holding <paramref name="time"/>.</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset time)
    {
        var sinceEpoch = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(time.UtcTicks - (((sinceEpoch % Week.Ticks) + Week.Ticks) % Week.Ticks), TimeSpan.Zero);
    }
}
