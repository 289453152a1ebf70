using Lbc.Domain.Registry;

namespace Lbc.Domain.Projection;

/// <summary>
/// The ids of the most recent events, to apply a redelivered event once. Bounded: the handlers are
/// idempotent by design (states are set, not counted), so the window only has to cover the redeliveries
/// at-least-once transport produces, not all of history.
/// </summary>
internal sealed partial class RecentEventIds(int capacity)
{
    private readonly HashSet<ulong> _seen = new(capacity);
    private readonly Queue<ulong> _order = new(capacity);

    public bool Contains(string eventId) => _seen.Contains(ChildKey.Of(eventId));

    /// <summary>True when the id is new (and now remembered); false for a duplicate.</summary>
    public bool TryAdd(string eventId)
    {
        var key = ChildKey.Of(eventId);
        if (!_seen.Add(key))
        {
            return false;
        }
        _order.Enqueue(key);
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }
        return true;
    }
}
