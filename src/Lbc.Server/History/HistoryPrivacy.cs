using Lbc.Contracts;
using Lbc.Server.Metrics;

namespace Lbc.Server.History;

/// <summary>
/// What the leading group (aggregates only) may read of history, in one place (docs/security.md, "History
/// suppression"). The rule has to hold over every query the group can make, not per answer, because answers can be
/// subtracted from one another:
/// <list type="bullet">
/// <item>Averages only (<c>fn=avg</c>), at steps that nest: figures at <see cref="FigureSteps"/> (1h, 1d, 7d), durations at
/// <see cref="DurationSteps"/> (7d). Buckets start at multiples of the step from the Unix epoch, so a week is exactly seven
/// days and a day exactly 24 hours.</item>
/// <item>Figures are judged by the hour (<see cref="BaseStep"/>): an hour whose mean is from 0 (exclusive) to 5 (exclusive)
/// is hidden, 0 is shown. A day or a week is shown only when every hour in it is shown: its mean is then a mean of shown
/// hours, so subtracting shown buckets from it gives back only shown hours, never a hidden one.</item>
/// <item>A figure made of other counts goes with them: occupancy with occupied and capacity; a sum of minutes with the
/// count it sums over, which must be at least 5 (as <c>Suppression</c> does for the live view).</item>
/// <item>Durations: a week of fewer than <see cref="MinEvents"/> events is hidden (one step: nothing to subtract across).</item>
/// <item>Only finished buckets: a mean over a bucket that is still filling, read a minute apart, gives the newest minute
/// (or event) by subtraction. A bucket is answered once it ended <see cref="FigureSettle"/> (durations
/// <see cref="DurationSettle"/>) ago.</item>
/// <item>No <c>last</c>: a single minute's count, next to the mean of the same bucket, lets another minute be worked out
/// where a bucket holds two; the live view already shows the current figures.</item>
/// </list>
/// Other roles see history unsuppressed.
/// </summary>
public static class HistoryPrivacy
{
    /// <summary>The finest bucket the leading group can read of a figure; where suppression is decided.</summary>
    public static TimeSpan BaseStep { get; } = TimeSpan.FromHours(1);

    /// <summary>Steps for figures: each a whole multiple of the one before, all multiples of <see cref="BaseStep"/>.</summary>
    public static IReadOnlyList<TimeSpan> FigureSteps { get; } = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(7)];

    /// <summary>
    /// Steps for durations: weekly means only. Events are sparse (a county has a few reports a day), so judged by the day
    /// nearly every week would hold a hidden day and be hidden itself; one step leaves nothing to subtract.
    /// </summary>
    public static IReadOnlyList<TimeSpan> DurationSteps { get; } = [TimeSpan.FromDays(7)];

    /// <summary>A duration mean is shown when made of at least this many events.</summary>
    public const int MinEvents = SmallCounts.Threshold;

    /// <summary>How long after its end a figure bucket is final: the writer stores each minute within the next one.</summary>
    public static TimeSpan FigureSettle { get; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after its end a duration bucket is final: a stage reached offline can be reported hours late.</summary>
    public static TimeSpan DurationSettle { get; } = TimeSpan.FromDays(1);

    /// <summary>Why the leading group may not make this query (parameter and message, for a 400), or null when it may.</summary>
    public static (string Parameter, string Message)? Refusal(HistoryQuery query)
    {
        if (query.Aggregate != HistoryAggregate.Avg)
        {
            return ("fn", "the leading group's trends are averages (fn=avg): a single minute's value next to a bucket's mean can give away another minute");
        }
        var steps = query.Metric.IsDuration ? DurationSteps : FigureSteps;
        if (!steps.Contains(query.Step))
        {
            var allowed = string.Join(", ", steps.Select(HistoryQueryParser.FormatStep));
            return ("step", query.Metric.IsDuration
                ? $"the leading group's {query.Metric.Name} trends are weekly means: step {allowed}"
                : $"the leading group's trends use steps that nest: {allowed}");
        }
        return null;
    }

    /// <summary>
    /// The leading group's answer to a query <see cref="Refusal"/> allows: the finished buckets, each with its value or
    /// null where it is hidden. Reads the store once more per hourly figure it is judged by.
    /// </summary>
    public static async Task<IReadOnlyList<HistoryPointDto>> ReadAsync(IHistoryReader reader, HistoryQuery query, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (Refusal(query) is { } refusal)
        {
            throw new ArgumentException(refusal.Message, nameof(query));
        }
        var values = await reader.QueryAsync(query, cancellationToken);
        var settle = query.Metric.IsDuration ? DurationSettle : FigureSettle;
        var finished = values.Where(v => v.Time + query.Step <= now - settle).ToList();
        if (query.Metric.IsDuration)
        {
            return [.. finished.Select(v => new HistoryPointDto(v.Time, v.Events is >= MinEvents ? v.Value : null))];
        }

        // Buckets (by start) where some hour of a figure the metric is judged by is hidden, and those with any such hour.
        var hidden = new HashSet<DateTimeOffset>();
        var judgedBy = JudgedBy(query.Metric);
        foreach (var (metric, atLeastThreshold) in judgedBy)
        {
            var hours = metric == query.Metric && query.Step == BaseStep
                ? values
                : await reader.QueryAsync(query with { Metric = metric, Step = BaseStep }, cancellationToken);
            var seen = new HashSet<DateTimeOffset>();
            foreach (var hour in hours)
            {
                var bucket = BucketStart(hour.Time, query.Step);
                seen.Add(bucket);
                if (atLeastThreshold ? hour.Value < SmallCounts.Threshold : IsSmall(hour.Value))
                {
                    hidden.Add(bucket);
                }
            }
            // A bucket with no hour of a count it is made of cannot be judged: hidden (the stores write them together).
            hidden.UnionWith(finished.Select(v => v.Time).Where(t => !seen.Contains(t)));
        }
        return [.. finished.Select(v => new HistoryPointDto(v.Time, hidden.Contains(v.Time) ? null : v.Value))];
    }

    /// <summary>A mean of counts that could stand for one to four: above 0 and below 5. Exactly 0 singles out nobody.</summary>
    public static bool IsSmall(double mean) => mean > 0 && mean < SmallCounts.Threshold;

    /// <summary>
    /// The hourly series a figure is judged by, and whether each must be at least 5 (a count a sum is made of) rather than
    /// only not 1-4: the figure itself when it is a count; occupancy by occupied and capacity (occupied = occupancy x
    /// capacity); a sum of minutes by itself and by the count it sums over (<see cref="FigureInfo.CountedBy"/>).
    /// </summary>
    public static IReadOnlyList<(HistoryMetric Metric, bool AtLeastThreshold)> JudgedBy(HistoryMetric metric)
    {
        if (metric.Name == MetricSchema.OccupancyField)
        {
            return [(Field(Figure.Occupied), false), (Field(Figure.Capacity), false)];
        }
        var info = FigureCatalog.All.Single(f => f.HistoryField == metric.Field);
        return info.CountedBy is { } count ? [(metric, false), (Field(count), true)] : [(metric, false)];
    }

    private static HistoryMetric Field(Figure figure) => HistoryQueryParser.ByName[FigureCatalog.Info(figure).HistoryField];

    /// <summary>The start of the epoch-aligned bucket of <paramref name="step"/> holding <paramref name="time"/> (as both stores label them).</summary>
    public static DateTimeOffset BucketStart(DateTimeOffset time, TimeSpan step)
    {
        var sinceEpoch = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(time.UtcTicks - ((sinceEpoch % step.Ticks) + step.Ticks) % step.Ticks, TimeSpan.Zero);
    }
}
