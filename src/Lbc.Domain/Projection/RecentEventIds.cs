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
/// <remarks>
/// Checked and added for every event applied, on the apply thread. It was a <c>Dictionary&lt;ulong, ulong&gt;</c> and a
/// <c>Queue&lt;ulong&gt;</c> (a 24-byte entry, a bucket and a queue slot per id, 200,000 of them scattered over 7 MB); now
/// the window is one ring of keys and contents in arrival order (the oldest is overwritten) and an open-addressing table
/// of ring positions (<see cref="RecentIdTable"/>), 20 bytes and one or two cache lines per id.
/// </remarks>
internal sealed partial class RecentEventIds(int capacity)
{
    private readonly RecentIdTable _table = new(capacity);

    public static ulong KeyOf(EventMeta meta) => KeyOf(meta.Src, meta.Id);

    public static ulong KeyOf(string src, string id)
    {
        // Two independent 64-bit hashes combined (multiply by an odd constant so (a, b) and (b, a) differ).
        var key = ChildKey.Of(id) ^ (ChildKey.Of(src) * 0x9E3779B97F4A7C15UL);
        return key == 0 ? 1 : key;
    }

    public IdCheck Check(EventMeta meta) => Check(KeyOf(meta), meta.ContentHash);

    /// <summary>As <see cref="Check(EventMeta)"/> with the key computed once by the caller (it adds the same key after applying).</summary>
    public IdCheck Check(ulong key, ulong contentHash) =>
        !_table.TryGet(key, out var content) ? IdCheck.New
        : content == contentHash || content == 0 || contentHash == 0 ? IdCheck.Redelivery
        : IdCheck.Conflict;

    public void Add(EventMeta meta) => Add(KeyOf(meta), meta.ContentHash);

    /// <summary>Remembers the key (a key already in the window keeps its first content); the oldest beyond the window is forgotten.</summary>
    public void Add(ulong key, ulong contentHash) => _table.TryAdd(key, contentHash);
}
