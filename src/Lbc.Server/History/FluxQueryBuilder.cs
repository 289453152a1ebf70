using System.Globalization;
using System.Text;
using Lbc.Server.Metrics;

namespace Lbc.Server.History;

/// <summary>
/// The Flux text of a history query: a pure function, so its exact text is unit-tested and every query it
/// can generate is checked by InfluxData's Flux checker (a real InfluxDB 2.x to run it against is not
/// available in CI). Windows start at multiples of the step from the Unix epoch and are labelled by their
/// start, the same buckets as the SQLite store; "last" is the latest point of a bucket in both.
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
            // Durations carry every level of their township as a tag; a region is one of them, the country all of them.
            if (query.Level != Lbc.Domain.Regions.RegionLevel.Country)
            {
                filter.Append(" and r.").Append(MetricSchema.LevelWord(query.Level)).Append(" == ").Append(Quote(query.Region));
            }
            filter.Append(" and r.stage == ").Append(Quote(query.Stage!));
        }
        else
        {
            filter.Append(" and r.region == ").Append(Quote(query.Region));
        }
        var text = new StringBuilder()
            .Append("from(bucket: ").Append(Quote(bucket)).Append(")\n")
            .Append("  |> range(start: ").Append(Time(query.From)).Append(", stop: ").Append(Time(query.To)).Append(")\n")
            .Append("  |> filter(fn: (r) => ").Append(filter).Append(")\n");
        var every = HistoryQueryParser.FormatStep(query.Step);
        if (!query.Metric.IsDuration)
        {
            var fn = query.Aggregate == HistoryAggregate.Last ? "last" : "mean";
            text.Append("  |> aggregateWindow(every: ").Append(every)
                .Append(", fn: ").Append(fn).Append(", timeSrc: \"_start\", createEmpty: false)\n")
                .Append("  |> keep(columns: [\"_time\", \"_value\"])");
            return text.ToString();
        }
        // Durations: many series (townships x categories) make one line, so merge them before windowing. One pass over
        // each window gives the value and the number of events it is made of (the leading group is not shown a mean of
        // fewer than five). "last" is the latest event of the window, of events in the same millisecond the larger value,
        // whatever order group() left the rows in: the same rule as the SQLite store's ORDER BY ts DESC, seconds DESC.
        text.Append("  |> group()\n")
            .Append("  |> window(every: ").Append(every).Append(", createEmpty: false)\n");
        if (query.Aggregate == HistoryAggregate.Avg)
        {
            text.Append("  |> reduce(identity: {events: 0, sum: 0.0}, fn: (r, accumulator) => ({events: accumulator.events + 1, sum: accumulator.sum + r._value}))\n")
                .Append("  |> map(fn: (r) => ({_time: r._start, _value: r.sum / float(v: r.events), events: r.events}))\n");
        }
        else
        {
            const string later = "(r._time > accumulator.t or (r._time == accumulator.t and r._value > accumulator.v))";
            text.Append("  |> reduce(identity: {events: 0, t: time(v: 0), v: 0.0}, fn: (r, accumulator) => ({events: accumulator.events + 1, ")
                .Append("t: if ").Append(later).Append(" then r._time else accumulator.t, ")
                .Append("v: if ").Append(later).Append(" then r._value else accumulator.v}))\n")
                .Append("  |> map(fn: (r) => ({_time: r._start, _value: r.v, events: r.events}))\n");
        }
        text.Append("  |> group()\n")
            .Append("  |> keep(columns: [\"_time\", \"_value\", \"events\"])");
        return text.ToString();
    }

    /// <summary>
    /// A Flux string literal that decodes to <paramref name="value"/> exactly. Flux escapes <c>\\</c>, <c>\"</c>,
    /// <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\${</c> and <c>\xNN</c> (a byte); there is no <c>\$</c>, and a plain
    /// <c>$</c> is fine unless an interpolation <c>${</c> follows. Flux's scanner also reads a <c>$</c> together with
    /// the character after it, so a <c>$</c> right before an escape or another <c>$</c> would swallow that escape's
    /// backslash (<c>"$\\"</c> is an unterminated string, as the checker shows): such a <c>$</c> is written <c>\x24</c>.
    /// InfluxData's own checker verifies every generated query (tests/flux-check, FluxCheckTests).
    /// </summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '$' when i + 1 < value.Length:
                    sb.Append(value[i + 1] switch
                    {
                        '{' => "\\$",
                        '$' or '\\' or '"' or '\n' or '\r' or '\t' => "\\x24",
                        _ => "$",
                    });
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString(t.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
