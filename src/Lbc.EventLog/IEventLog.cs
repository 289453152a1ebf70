using Lbc.Domain.Events;

namespace Lbc.EventLog;

/// <summary>
/// The source of truth: an append-only, totally ordered log of raw events. Every implementation passes
/// the same conformance suite (tests/Lbc.EventLog.Tests/EventLogConformance.cs).
/// </summary>
public interface IEventLog : IAsyncDisposable
{
    /// <summary>"sqlite" or "redis", for health and logs.</summary>
    string Kind { get; }

    /// <summary>
    /// Appends events in order. When the task completes the events are durable (fsynced or acknowledged
    /// by an AOF-always Redis): a crash afterwards loses none of them. Throws
    /// <see cref="EventLogUnavailableException"/> when the store cannot be reached.
    /// </summary>
    Task<IReadOnlyList<LogPosition>> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> events after <paramref name="after"/>, in log order.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadAfterAsync(LogPosition after, int max, CancellationToken cancellationToken = default);

    /// <summary>The position of the last event, or <see cref="LogPosition.Start"/> when empty.</summary>
    Task<LogPosition> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Where the log starts now: the first event still held, and whether events were ever removed from it
    /// (a trimmed Redis stream). A reader whose position is before <see cref="LogStart.First"/> of a trimmed
    /// log lost events it never read, and must raise an alert instead of silently going on.
    /// </summary>
    Task<LogStart> GetFirstAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="GetFirstAsync"/>, then, unless events after <paramref name="after"/> were trimmed before being read (then no
    /// events), <see cref="ReadAfterAsync"/>: what a reader does before every page. A store that can answers both in one
    /// round trip, and atomically (Redis: MULTI with XINFO STREAM and XRANGE).
    /// </summary>
    async Task<(LogStart Start, IReadOnlyList<LoggedEvent> Events)> ReadAfterCheckedAsync(LogPosition after, int max, CancellationToken cancellationToken = default)
    {
        var start = await GetFirstAsync(cancellationToken).ConfigureAwait(false);
        return start.LostEventsAfter(after) ? (start, []) : (start, await ReadAfterAsync(after, max, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Number of events in the log (for progress reporting during replay).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Keeps a rejected event with the reason it was rejected; the same event id is kept once.</summary>
    Task DeadLetterAsync(RawEvent rawEvent, string reason, CancellationToken cancellationToken = default);

    /// <summary>Dead letters, newest last, for operators.</summary>
    Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Completes when the log may hold events after <paramref name="after"/>, or after <paramref name="timeout"/>.</summary>
    Task WaitForAppendAsync(LogPosition after, TimeSpan timeout, CancellationToken cancellationToken = default);

    Task<EventLogHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}

/// <summary>The first position still held (<see cref="LogPosition.Start"/> when empty) and whether any event was removed.</summary>
public sealed record LogStart(LogPosition First, bool Trimmed)
{
    /// <summary>True when events after <paramref name="position"/> may have been removed before being read.</summary>
    public bool LostEventsAfter(LogPosition position) => Trimmed && position < First;
}

public sealed record DeadLetter(RawEvent Event, string Reason, DateTimeOffset At);

public sealed record EventLogHealth(bool Healthy, string Description);

/// <summary>The store behind the log cannot be reached; callers answer 503 and retry later.</summary>
public sealed class EventLogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
