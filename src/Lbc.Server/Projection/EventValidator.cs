using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.EventLog;

namespace Lbc.Server.Projection;

/// <summary>
/// Validates events against the catalog and the reference geography: the stream consumer for every page it
/// reads, ingest for what producers post. Stateless, so pages are parsed off the projection's lock, several at once.
/// </summary>
public sealed class EventValidator(RegionCatalog regions, TimeProvider time)
{
    public EventParser Parser { get; } = new(regions);

    public ParseResult Parse(RawEvent raw) => ParseOne(raw, time.GetUtcNow());

    /// <summary>
    /// Parses a batch read from the log, on the calling thread. The pages of a replay already parse in parallel (the reader
    /// keeps several in flight, each on its own task); splitting each page across the cores as well only added contention
    /// with the thread applying them: a replay of 1,000,000 events took 9.2 s of CPU with the split, 8.4 s without, and ran
    /// 0.59 against 0.63 of the bare read loop (docs/benchmarks.md, issue 17 target 1).
    /// </summary>
    public ParseResult[] ParseBatch(IReadOnlyList<LoggedEvent> batch)
    {
        var now = time.GetUtcNow();
        var parsed = new ParseResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            parsed[i] = ParseOne(batch[i].Event, now);
        }
        return parsed;
    }

    /// <summary>
    /// The parser reports bad input as reasons and should never throw; if a bug makes it throw on some event,
    /// that event is dead-lettered with the exception's type instead of stopping the consumer for every event after it.
    /// </summary>
    private ParseResult ParseOne(RawEvent raw, DateTimeOffset now)
    {
        try
        {
            return Parser.Parse(raw, now);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ParseResult.Invalid($"could not be validated ({ex.GetType().Name}); kept for inspection");
        }
    }
}
