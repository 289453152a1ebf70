using System.Threading.Channels;
using Lbc.Domain.Events;
using Lbc.EventLog;

namespace Lbc.Server.Projection;

/// <summary>
/// Reads the log ahead of the projection: one loop issues page reads back to back, starts parsing each page
/// (on the thread pool) as soon as it arrives, and queues it, so reading, parsing and applying overlap. With
/// one page of read-ahead the consumer managed 0.41 of a bare read loop (docs/benchmarks.md, ingest); reading
/// only had to wait for the previous read, while parsing waited for nothing.
/// The queue is bounded (<see cref="Depth"/> pages), so a long replay never holds more than a few pages in
/// memory. An unreachable log is retried from the same position; when events after the position were
/// trimmed before they were read, a page saying where the log now starts is queued and reading stops: the
/// consumer resynchronises and starts a new reader.
/// </summary>
public sealed class LogPageReader : IAsyncDisposable
{
    /// <summary>Events per read: one XRANGE of 5,000 entries is ~1.5 MB, a good size for one round trip.</summary>
    public const int PageSize = 5_000;

    /// <summary>Pages read and parsing ahead of the one being applied.</summary>
    public const int Depth = 4;

    private readonly IEventLog _log;
    private readonly Func<IReadOnlyList<LoggedEvent>, ParseResult[]> _parse;
    private readonly Action<bool, string> _reportHealth;
    private readonly Channel<LogPage> _pages = Channel.CreateBounded<LogPage>(new BoundedChannelOptions(Depth)
    {
        SingleReader = true,
        SingleWriter = true,
    });
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private long _readTicks;
    private long _parseTicks;

    /// <param name="log">The log to read.</param>
    /// <param name="after">Read the events after this position.</param>
    /// <param name="checkTrim">Whether the first read checks that nothing after <paramref name="after"/> was trimmed
    /// (false right after a resync that already accepted the loss).</param>
    /// <param name="parse">Parses and validates one page (needs no projection state).</param>
    /// <param name="reportHealth">Told whether the log answers, with a message for /healthz.</param>
    /// <param name="stoppingToken">The host's shutdown.</param>
    public LogPageReader(IEventLog log, LogPosition after, bool checkTrim, Func<IReadOnlyList<LoggedEvent>, ParseResult[]> parse,
        Action<bool, string> reportHealth, CancellationToken stoppingToken)
    {
        _log = log;
        _parse = parse;
        _reportHealth = reportHealth;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _loop = Task.Run(() => ReadLoopAsync(after, checkTrim, _stop.Token));
    }

    /// <summary>
    /// Time the read loop spent waiting for the log's pages, and the parse tasks' summed time: with the consumer's own split
    /// (waiting vs applying) it says which of reading, parsing and applying holds a replay back.
    /// </summary>
    public (TimeSpan Reading, TimeSpan Parsing) Busy =>
        (System.Diagnostics.Stopwatch.GetElapsedTime(0, Volatile.Read(ref _readTicks)), System.Diagnostics.Stopwatch.GetElapsedTime(0, Volatile.Read(ref _parseTicks)));

    /// <summary>The next page in log order; an empty page means "caught up" (one per wait for new events).</summary>
    public ValueTask<LogPage> NextAsync(CancellationToken cancellationToken) => _pages.Reader.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task ReadLoopAsync(LogPosition after, bool checkTrim, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                IReadOnlyList<LoggedEvent> batch;
                try
                {
                    var readStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                    if (checkTrim)
                    {
                        // The check and the read together: one round trip where the log can, with nothing trimmed between.
                        var (start, events) = await _log.ReadAfterCheckedAsync(after, PageSize, cancellationToken);
                        if (start.LostEventsAfter(after))
                        {
                            await _pages.Writer.WriteAsync(LogPage.Trimmed(start), cancellationToken);
                            return;
                        }
                        batch = events;
                    }
                    else
                    {
                        batch = await _log.ReadAfterAsync(after, PageSize, cancellationToken);
                    }
                    checkTrim = true;
                    _readTicks += System.Diagnostics.Stopwatch.GetTimestamp() - readStarted;
                    _reportHealth(true, $"{_log.Kind}: reading");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _reportHealth(false, $"{_log.Kind}: {ex.Message}");
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                }
                if (batch.Count == 0)
                {
                    await _pages.Writer.WriteAsync(LogPage.CaughtUp, cancellationToken);
                    await _log.WaitForAppendAsync(after, TimeSpan.FromMilliseconds(200), cancellationToken);
                    continue;
                }
                // Parse while the next page is read; the consumer awaits the result in log order.
                var parsing = Task.Run(() =>
                {
                    var parseStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                    var parsed = _parse(batch);
                    Interlocked.Add(ref _parseTicks, System.Diagnostics.Stopwatch.GetTimestamp() - parseStarted);
                    return parsed;
                }, cancellationToken);
                await _pages.Writer.WriteAsync(new LogPage(batch, parsing, null), cancellationToken);
                after = batch[^1].Position;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _pages.Writer.TryComplete();
        }
    }
}

/// <summary>A page of events with its parse under way; or the news that events were trimmed before they were read.</summary>
public sealed record LogPage(IReadOnlyList<LoggedEvent> Batch, Task<ParseResult[]> Parsing, LogStart? Lost)
{
    public static LogPage CaughtUp { get; } = new([], Task.FromResult(Array.Empty<ParseResult>()), null);

    public static LogPage Trimmed(LogStart start) => new([], Task.FromResult(Array.Empty<ParseResult>()), start);
}
