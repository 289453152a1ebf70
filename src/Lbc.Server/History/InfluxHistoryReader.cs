using System.Globalization;
using InfluxDB.Client;
using Lbc.Server.Configuration;
using Lbc.Server.Metrics;

namespace Lbc.Server.History;

/// <summary>Runs the Flux text of <see cref="FluxQueryBuilder"/> through InfluxDB.Client's query API.</summary>
public sealed class InfluxHistoryReader(InfluxHistorySink sink, InfluxOptions options) : IHistoryReader
{
    public string Kind => "influx";

    public async Task<IReadOnlyList<HistoryValue>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        var flux = FluxQueryBuilder.Build(query, options.Bucket);
        var tables = await sink.Client.GetQueryApi().QueryAsync(flux, options.Org, cancellationToken);
        var result = new List<HistoryValue>();
        foreach (var table in tables)
        {
            foreach (var record in table.Records)
            {
                if (record.GetTimeInDateTime() is { } time && record.GetValue() is { } value)
                {
                    // Duration queries carry the bucket's number of events beside the value (FluxQueryBuilder).
                    long? events = query.Metric.IsDuration && record.GetValueByKey("events") is { } n
                        ? Convert.ToInt64(n, CultureInfo.InvariantCulture)
                        : null;
                    result.Add(new HistoryValue(new DateTimeOffset(time, TimeSpan.Zero), Convert.ToDouble(value, CultureInfo.InvariantCulture), events));
                }
            }
        }
        result.Sort((a, b) => a.Time.CompareTo(b.Time));
        return result;
    }
}
