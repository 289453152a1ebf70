using System.Collections.Concurrent;
using Lbc.Server.History;

namespace Lbc.Server.Bulletins.Composition;

/// <summary>
/// A history reader for one bulletin: the queries it will make are read first, grouped by region, range and step through
/// <see cref="IHistoryReader.QueryManyAsync"/> (one pass per group on SQLite), then answered from memory; anything else
/// goes to the store. The bulletin still reads through <see cref="HistoryApi.ReadPointsAsync"/> and
/// <see cref="HistoryPrivacy"/> unchanged: only the store's reads are batched, and each answer is the store's own.
/// </summary>
internal sealed class PrefetchedHistory(IHistoryReader store) : IHistoryReader
{
    private readonly ConcurrentDictionary<HistoryQuery, IReadOnlyList<HistoryValue>> _answers = new();

    public string Kind => store.Kind;

    public async Task PrefetchAsync(IEnumerable<HistoryQuery> queries, int parallelism, CancellationToken cancellationToken)
    {
        // Fields of one region go together (one row per minute holds them all); a stage's times of one level's regions
        // go together (one pass over the stage's events).
        var groups = queries.Distinct()
            .GroupBy(q => q.Metric.IsDuration
                ? (q.Metric.Name + "|" + q.Stage + "|" + q.Region.Length, q.From, q.To, q.Step, q.Aggregate)
                : (q.Region, q.From, q.To, q.Step, q.Aggregate))
            .Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                var answers = await store.QueryManyAsync(group, ct);
                for (var i = 0; i < group.Count; i++)
                {
                    _answers[group[i]] = answers[i];
                }
            });
    }

    public Task<IReadOnlyList<HistoryValue>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken) =>
        _answers.TryGetValue(query, out var answer) ? Task.FromResult(answer) : store.QueryAsync(query, cancellationToken);
}
