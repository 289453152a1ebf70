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

    /// <summary>
    /// Several queries at once, answers in the same order, each exactly what <see cref="QueryAsync"/> gives it. A store that
    /// can read several fields of one region in one pass (SQLite: one row per region and minute) does so; by default they
    /// are read one by one. The bulletins read 17 fields of each region over a quarter: one pass instead of 17.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlyList<HistoryValue>>> QueryManyAsync(IReadOnlyList<HistoryQuery> queries, CancellationToken cancellationToken)
    {
        var answers = new List<IReadOnlyList<HistoryValue>>(queries.Count);
        foreach (var query in queries)
        {
            answers.Add(await QueryAsync(query, cancellationToken));
        }
        return answers;
    }
}
