using Lbc.Domain.Events;
using Lbc.Domain.Registry;

namespace Lbc.Domain.Projection;

/// <summary>What an event id means to the projection.</summary>
public enum IdCheck : byte
{
    New,
    /// <summary>The same producer sent this id with the same content before: a redelivery, applied once.</summary>
    Redelivery,
    /// <summary>The same producer used this id for a different event: refused (dead-lettered), never silently dropped.</summary>
    Conflict,
}

/// <summary>
/// The (producer, id) pairs of the most recent events with a hash of their content, to apply a redelivered event once
/// and to refuse an id reused for different content. Keyed by producer and id together, so one producer can never make
/// another's event a "duplicate" by posting its id first. Bounded: the handlers are idempotent by design (states are
/// set, not counted), so the window only has to cover the redeliveries at-least-once transport produces.
/// </summary>
internal sealed partial class RecentEventIds(int capacity)
{
    private readonly Dictionary<ulong, ulong> _seen = new(capacity);
    private readonly Queue<ulong> _order = new(capacity);

    public static ulong KeyOf(EventMeta meta) => KeyOf(meta.Src, meta.Id);

    public static ulong KeyOf(string src, string id)
    {
        // Two independent 64-bit hashes combined (multiply by an odd constant so (a, b) and (b, a) differ).
        var key = ChildKey.Of(id) ^ (ChildKey.Of(src) * 0x9E3779B97F4A7C15UL);
        return key == 0 ? 1 : key;
    }

    public IdCheck Check(EventMeta meta) =>
        !_seen.TryGetValue(KeyOf(meta), out var content) ? IdCheck.New
        : content == meta.ContentHash || content == 0 || meta.ContentHash == 0 ? IdCheck.Redelivery
        : IdCheck.Conflict;

    public void Add(EventMeta meta)
    {
        var key = KeyOf(meta);
        if (!_seen.TryAdd(key, meta.ContentHash))
        {
            return;
        }
        _order.Enqueue(key);
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }
    }
}
