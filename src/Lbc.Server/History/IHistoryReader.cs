namespace Lbc.Server.History;

/// <summary>
/// One bucket of a history series: its start and the aggregated value. <see cref="Events"/> is the number of events
/// the bucket is made of for a duration metric (response and placement-wait seconds), so the leading group's answer can
/// hide a mean of fewer than five events; null for the per-minute region fields.
/// </summary>
public readonly record struct HistoryValue(DateTimeOffset Time, double Value, long? Events = null);

/// <summary>Answers history queries from InfluxDB (Flux) or from the embedded SQLite store.</summary>
public interface IHistoryReader
{
    string Kind { get; }

    Task<IReadOnlyList<HistoryValue>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken);
}
