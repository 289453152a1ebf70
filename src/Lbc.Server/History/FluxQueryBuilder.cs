using System.Globalization;
using System.Text;
using Lbc.Server.Metrics;

namespace Lbc.Server.History;

/// <summary>
/// The Flux text of a history query: a pure function, so its exact text is unit-tested (a real
/// InfluxDB 2.x to run it against is not available in CI). Windows start at multiples of the step
/// from the Unix epoch and are labelled by their start, the same buckets as the SQLite store.
/// </summary>
public static class FluxQueryBuilder
{
    public static string Build(HistoryQuery query, string bucket)
    {
        var filter = new StringBuilder()
            .Append("r._measurement == ").Append(Quote(query.Metric.Measurement))
            .Append(" and r._field == ").Append(Quote(query.Metric.Field));
        if (query.Metric.IsDuration)
        {
            // Durations carry every level of their township as a tag; a region is one of them.
            filter.Append(" and r.").Append(MetricSchema.LevelWord(query.Level)).Append(" == ").Append(Quote(query.Region))
                .Append(" and r.stage == ").Append(Quote(query.Stage!));
        }
        else
        {
            filter.Append(" and r.region == ").Append(Quote(query.Region));
        }
        var fn = query.Aggregate == HistoryAggregate.Last ? "last" : "mean";
        var text = new StringBuilder()
            .Append("from(bucket: ").Append(Quote(bucket)).Append(")\n")
            .Append("  |> range(start: ").Append(Time(query.From)).Append(", stop: ").Append(Time(query.To)).Append(")\n")
            .Append("  |> filter(fn: (r) => ").Append(filter).Append(")\n");
        if (query.Metric.IsDuration)
        {
            // Many series (townships x categories) make one line: merge them before windowing.
            text.Append("  |> group()\n");
        }
        text.Append("  |> aggregateWindow(every: ").Append(HistoryQueryParser.FormatStep(query.Step))
            .Append(", fn: ").Append(fn).Append(", timeSrc: \"_start\", createEmpty: false)\n")
            .Append("  |> keep(columns: [\"_time\", \"_value\"])");
        return text.ToString();
    }

    /// <summary>A Flux string literal: backslash, quote and interpolation escaped.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '$': sb.Append("\\$"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString(t.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
