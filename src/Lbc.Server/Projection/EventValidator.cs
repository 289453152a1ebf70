using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.EventLog;

namespace Lbc.Server.Projection;

/// <summary>
/// Validates events against the catalog and the reference geography: the stream consumer for every page it
/// reads, ingest for what producers post. Stateless, so pages are parsed on all cores, off the projection's lock.
/// </summary>
public sealed class EventValidator(RegionCatalog regions, TimeProvider time)
{
    private const int Chunk = 512;

    public EventParser Parser { get; } = new(regions);

    public ParseResult Parse(RawEvent raw) => ParseOne(raw, time.GetUtcNow());

    /// <summary>Parses a batch read from the log; a large page is parsed in parallel chunks.</summary>
    public ParseResult[] ParseBatch(IReadOnlyList<LoggedEvent> batch)
    {
        var now = time.GetUtcNow();
        var parsed = new ParseResult[batch.Count];
        if (batch.Count < 2 * Chunk)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                parsed[i] = ParseOne(batch[i].Event, now);
            }
            return parsed;
        }
        Parallel.For(0, (batch.Count + Chunk - 1) / Chunk, chunk =>
        {
            var end = Math.Min(batch.Count, (chunk + 1) * Chunk);
            for (var i = chunk * Chunk; i < end; i++)
            {
                parsed[i] = ParseOne(batch[i].Event, now);
            }
        });
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
