namespace Lbc.Domain.Projection;

/// <summary>
/// The last <c>capacity</c> distinct 64-bit keys, each with a 64-bit value, in arrival order: a ring (the oldest is
/// overwritten by the newest) and an open-addressing table of ring positions (linear probing, at most half full, deletion
/// by backward shift so no tombstones build up over a long replay). Key 0 is reserved (<see cref="RecentEventIds.KeyOf(string, string)"/>
/// never makes it). Not thread-safe: the projection is its single writer.
/// </summary>
internal sealed class RecentIdTable
{
    private readonly ulong[] _keys;
    private readonly ulong[] _values;
    private readonly int[] _table;   // ring position + 1; 0 = empty
    private readonly int _shift;
    private int _next;                // ring position the next key takes
    private int _count;

    public RecentIdTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _keys = new ulong[capacity];
        _values = new ulong[capacity];
        // A power of two at least twice the window: probes stay short, and the home slot is the key's top bits.
        var bits = Math.Max(4, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)capacity * 2 - 1));
        _table = new int[1 << bits];
        _shift = 64 - bits;
    }

    public int Count => _count;

    public int Capacity => _keys.Length;

    public bool TryGet(ulong key, out ulong value)
    {
        var at = Find(key);
        if (at < 0)
        {
            value = 0;
            return false;
        }
        value = _values[_table[at] - 1];
        return true;
    }

    /// <summary>Adds the key unless it is in the window already (then false, its value unchanged).</summary>
    public bool TryAdd(ulong key, ulong value)
    {
        if (Find(key) >= 0)
        {
            return false;
        }
        var position = _next;
        if (_count == _keys.Length)
        {
            // Full: the oldest key is at the position the new one takes.
            Remove(Find(_keys[position]));
        }
        else
        {
            _count++;
        }
        _keys[position] = key;
        _values[position] = value;
        var at = Home(key);
        while (_table[at] != 0)
        {
            at = (at + 1) & (_table.Length - 1);
        }
        _table[at] = position + 1;
        _next = position + 1 == _keys.Length ? 0 : position + 1;
        return true;
    }

    /// <summary>The keys in the window, oldest first, with their values (a snapshot's state).</summary>
    public IEnumerable<(ulong Key, ulong Value)> OldestFirst()
    {
        var start = _count == _keys.Length ? _next : 0;
        for (var i = 0; i < _count; i++)
        {
            var position = (start + i) % _keys.Length;
            yield return (_keys[position], _values[position]);
        }
    }

    public void Clear()
    {
        Array.Clear(_table);
        _next = 0;
        _count = 0;
    }

    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private int Find(ulong key)
    {
        var mask = _table.Length - 1;
        var at = Home(key);
        while (true)
        {
            var entry = _table[at];
            if (entry == 0)
            {
                return -1;
            }
            if (_keys[entry - 1] == key)
            {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// <summary>Empties table slot <paramref name="at"/> and moves later entries of its probe run back (no tombstones).</summary>
    private void Remove(int at)
    {
        var mask = _table.Length - 1;
        var hole = at;
        var next = (hole + 1) & mask;
        while (_table[next] != 0)
        {
            var home = Home(_keys[_table[next] - 1]);
            // The entry at `next` may fill the hole if its home is not within (hole, next] (cyclically).
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                _table[hole] = _table[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        _table[hole] = 0;
    }
}
