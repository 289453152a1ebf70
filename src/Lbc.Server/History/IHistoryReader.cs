namespace Lbc.Server.History;

/// <summary>One bucket of a history series: its start and the aggregated value.</summary>
public readonly record struct HistoryValue(DateTimeOffset Time, double Value);

/// <summary>Answers history queries from InfluxDB (Flux) or from the embedded SQLite store.</summary>
public interface IHistoryReader
{
    string Kind { get; }

    Task<IReadOnlyList<HistoryValue>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken);
}
