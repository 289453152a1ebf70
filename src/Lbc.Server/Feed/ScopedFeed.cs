using System.Collections.Concurrent;
using System.Threading.Channels;
using Lbc.Contracts;
using Lbc.Server.Access;
using Microsoft.Extensions.Options;

namespace Lbc.Server.Feed;

/// <summary>
/// Delivers each scope's numbered deltas to the connections of that scope on this instance.
/// <list type="bullet">
/// <item>Every scope has its own contiguous sequence; a snapshot carries the scope's number, the next delta
/// the number after it.</item>
/// <item>Every connection has a bounded queue and its own sender: a slow or dead client never delays the
/// others. When its queue is full the oldest message is dropped; the client sees the sequence gap and
/// resynchronises from a snapshot. A send that does not finish within <see cref="FeedOptions.SendTimeout"/> aborts that
/// connection. Memory is bounded by scopes x sequence counters plus connections x <see cref="FeedOptions.QueueCapacity"/>
/// references to messages shared by the whole scope.</item>
/// <item>Deltas go to local connections only (never through the Redis backplane): each instance numbers its
/// own scopes from its own projection, and a client takes its snapshot from the same instance (sticky sessions).</item>
/// </list>
/// </summary>
public sealed class ScopedFeed(IClientSender sender, IOptions<FeedOptions> options, TimeProvider time, ILogger<ScopedFeed> logger) : IDisposable
{
    private readonly FeedOptions _options = options.Value;

    private readonly ConcurrentDictionary<Scope, ScopeState> _scopes = new();
    private readonly ConcurrentDictionary<string, Subscriber> _subscribers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _dropped;
    private long _lastDropWarning;

    /// <summary>Messages dropped from full queues since the start (each forced a resync).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int ConnectionCount => _subscribers.Count;

    /// <summary>Whether this connection gets deltas yet: a client's start returns before the hub's OnConnectedAsync registered it.</summary>
    public bool IsRegistered(string connectionId) => _subscribers.ContainsKey(connectionId);

    /// <summary>Scopes with at least one connection here: only these are computed each tick.</summary>
    public IReadOnlyList<Scope> ActiveScopes() => [.. _scopes.Where(s => s.Value.HasSubscribers).Select(s => s.Key)];

    public void Register(string connectionId, Scope scope, Action abort)
    {
        var state = _scopes.GetOrAdd(scope, _ => new ScopeState());
        var subscriber = new Subscriber(connectionId, state, abort, Channel.CreateBounded<Outgoing>(
            new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => OnDropped()));
        _subscribers[connectionId] = subscriber;
        lock (state.Gate)
        {
            state.Subscribers.Add(subscriber);
        }
        _ = Task.Run(() => PumpAsync(subscriber, _stopping.Token));
    }

    public void Unregister(string connectionId)
    {
        if (_subscribers.TryRemove(connectionId, out var subscriber))
        {
            lock (subscriber.Scope.Gate)
            {
                subscriber.Scope.Subscribers.Remove(subscriber);
            }
            subscriber.Queue.Writer.TryComplete();
        }
    }

    /// <summary>The scope's current sequence number; read it before reading the projection for a snapshot.</summary>
    public long SequenceOf(Scope scope)
    {
        var state = _scopes.GetOrAdd(scope, _ => new ScopeState());
        lock (state.Gate)
        {
            return state.Sequence;
        }
    }

    /// <summary>
    /// Numbers a scope's delta and queues it to every connection of the scope, split under the hub's message limit when
    /// it must be (each part with its own number). Each part is serialised once, with its number, and the same bytes are
    /// written to every connection; the size check is made on those bytes.
    /// </summary>
    public void Publish(Scope scope, ISequencedDelta delta)
    {
        if (!_scopes.TryGetValue(scope, out var state))
        {
            return;
        }
        lock (state.Gate)
        {
            Enqueue(state, delta);
        }
    }

    private void Enqueue(ScopeState state, ISequencedDelta part)
    {
        var n = state.Sequence + 1;
        var json = MessageSplitter.Serialize(part, n);
        if (json.Length > _options.MaxPayloadBytes && MessageSplitter.TryHalve(part, out var first, out var second))
        {
            Enqueue(state, first);
            Enqueue(state, second);
            return;
        }
        state.Sequence = n;
        var message = new Outgoing(MessageSplitter.MethodOf(part), new PreSerialized(json));
        foreach (var s in state.Subscribers)
        {
            s.Queue.Writer.TryWrite(message);
        }
    }

    /// <summary>Skips a sequence number so that every client of the scope resynchronises from a fresh snapshot.</summary>
    public void ForceResync(Scope scope)
    {
        if (_scopes.TryGetValue(scope, out var state))
        {
            lock (state.Gate)
            {
                state.Sequence++;
            }
        }
    }

    private async Task PumpAsync(Subscriber subscriber, CancellationToken stopping)
    {
        var reader = subscriber.Queue.Reader;
        // One timeout source per connection, re-armed for each send (not one linked source and timer per message).
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            while (await reader.WaitToReadAsync(stopping))
            {
                while (reader.TryRead(out var message))
                {
                    timeout.CancelAfter(_options.SendTimeout);
                    try
                    {
                        await sender.SendAsync(subscriber.ConnectionId, message.Method, message.Payload, timeout.Token);
                    }
                    catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                    {
                        // The client has not taken a message for the send timeout: it is gone or hopelessly behind.
                        // Dropping it frees its buffers; it reconnects and resynchronises from a snapshot.
                        logger.LogWarning("A hub client did not take a message within {Timeout}; closing its connection", _options.SendTimeout);
                        subscriber.Abort();
                        return;
                    }
                    if (!timeout.TryReset())
                    {
                        // The timeout fired just as the send completed: start from a fresh source.
                        timeout.Dispose();
                        timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Sending to a hub client failed; closing its connection");
            subscriber.Abort();
        }
        finally
        {
            timeout.Dispose();
        }
    }

    private void OnDropped()
    {
        Interlocked.Increment(ref _dropped);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropWarning);
        if (time.GetElapsedTime(last, now) > TimeSpan.FromSeconds(10) && Interlocked.CompareExchange(ref _lastDropWarning, now, last) == last)
        {
            logger.LogWarning("A slow hub client's queue was full; dropped the oldest message (the client will resynchronise). {Dropped} dropped so far", Dropped);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed record Outgoing(string Method, object Payload);

    private sealed class ScopeState
    {
        public Lock Gate { get; } = new();
        public long Sequence { get; set; }
        public HashSet<Subscriber> Subscribers { get; } = [];

        public bool HasSubscribers
        {
            get
            {
                lock (Gate)
                {
                    return Subscribers.Count > 0;
                }
            }
        }
    }

    private sealed class Subscriber(string connectionId, ScopeState scope, Action abort, Channel<Outgoing> queue)
    {
        public string ConnectionId { get; } = connectionId;
        public ScopeState Scope { get; } = scope;
        public Channel<Outgoing> Queue { get; } = queue;

        public void Abort()
        {
            try
            {
                abort();
            }
            catch (ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }
}
