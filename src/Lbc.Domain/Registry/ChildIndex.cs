namespace Lbc.Domain.Registry;

/// <summary>
/// The registry's index: a child's 64-bit key (<see cref="ChildKey"/>) to its slot. Slots are handed out in order
/// and never freed, so the keys are one array by slot (8 bytes a child) and the hash table holds only slot numbers
/// (4 bytes an entry, linear probing, at most <see cref="MaxLoad"/> full): about 13 bytes a child, where the
/// <c>Dictionary&lt;ulong, int&gt;</c> it replaces took 28 (a 24-byte entry with its hash and chain link, and a bucket).
/// At 7 million children that is 100 MB less (issue 17, target 5). No removal: the registry never forgets a child.
/// </summary>
internal sealed class ChildIndex
{
    /// <summary>Table fill beyond which it is rebuilt larger (linear probing stays short up to about there).</summary>
    public const double MaxLoad = 0.8;

    private ulong[] _keys;
    private int[] _table;   // slot + 1; 0 = empty
    private int _count;

    public ChildIndex(int capacity)
    {
        _keys = new ulong[Math.Max(16, capacity)];
        _table = new int[TableLengthFor(_keys.Length)];
    }

    public int Count => _count;

    /// <summary>The keys by slot (slot i's key at i).</summary>
    public ReadOnlySpan<ulong> Keys => _keys.AsSpan(0, _count);

    /// <summary>Bytes held by the index's two arrays.</summary>
    public long Bytes => (long)_keys.Length * sizeof(ulong) + (long)_table.Length * sizeof(int);

    public bool TryGetValue(ulong key, out int slot)
    {
        var table = _table;
        var at = Home(key, table.Length);
        while (true)
        {
            var entry = table[at];
            if (entry == 0)
            {
                slot = -1;
                return false;
            }
            if (_keys[entry - 1] == key)
            {
                slot = entry - 1;
                return true;
            }
            at = at + 1 == table.Length ? 0 : at + 1;
        }
    }

    /// <summary>Adds the key of the next slot (<see cref="Count"/>); the caller checked it is not there yet.</summary>
    public int Add(ulong key)
    {
        var slot = _count;
        if (slot == _keys.Length)
        {
            // Grow by half, as the registry's arrays: at millions of children the slack is the memory budget.
            Array.Resize(ref _keys, _keys.Length + _keys.Length / 2);
        }
        if (slot + 1 > _table.Length * MaxLoad)
        {
            Rebuild(TableLengthFor(_keys.Length));
        }
        _keys[slot] = key;
        _count++;
        Insert(_table, key, slot);
        return slot;
    }

    /// <summary>Takes <paramref name="keys"/> as the content (a snapshot's restore): slot i holds keys[i] for i below <paramref name="count"/>; the rest is spare capacity.</summary>
    public void Load(ulong[] keys, int count)
    {
        _keys = keys.Length >= 16 ? keys : [.. keys, .. new ulong[16 - keys.Length]];
        _count = count;
        Rebuild(TableLengthFor(_keys.Length));
    }

    // Room for every slot of the keys array at about 0.75 full, so the table is rebuilt with the keys (never between).
    private static int TableLengthFor(int slots) => Math.Max(16, (int)Math.Min(int.MaxValue - 64, slots / 0.75) + 1);

    private void Rebuild(int length)
    {
        var table = new int[length];
        for (var i = 0; i < _count; i++)
        {
            Insert(table, _keys[i], i);
        }
        _table = table;
    }

    private static void Insert(int[] table, ulong key, int slot)
    {
        var at = Home(key, table.Length);
        while (table[at] != 0)
        {
            at = at + 1 == table.Length ? 0 : at + 1;
        }
        table[at] = slot + 1;
    }

    // The key is already mixed (SplitMix64's finaliser), so its high bits scaled to the length spread evenly over any
    // length, a power of two or not (a table sized to the need, not doubled).
    private static int Home(ulong key, int length) => (int)Math.BigMul(key, (ulong)length, out _);
}
