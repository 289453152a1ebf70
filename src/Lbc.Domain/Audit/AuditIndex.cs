namespace Lbc.Domain.Audit;

/// <summary>
/// The most recent <c>capacity</c> lines of the audit trail, in log order, for the administrators' queries. A ring:
/// the oldest line goes when a new one comes, so memory is bounded whatever the traffic (the log keeps everything).
/// Grows on demand, so a projection that never sees an audit line costs nothing. Not thread-safe (the projection's lock).
/// </summary>
public sealed partial class AuditIndex(int capacity)
{
    // Users, roles, regions, actions and route patterns repeat on almost every line: one string each, not one per line.
    // Capped, so values an attacker can vary (a probed case id, an address) cannot grow the table without bound.
    private const int MaxInterned = 4096;
    private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);
    private AuditEntry[] _items = [];
    private int _head;

    public int Capacity => capacity;

    public int Count { get; private set; }

    /// <summary>The sequence the next line gets; lines are numbered from 0 in log order.</summary>
    public long NextSequence { get; private set; }

    public void Add(AuditEntry entry)
    {
        if (capacity <= 0)
        {
            return;
        }
        entry = entry with
        {
            Sequence = NextSequence++,
            Action = Intern(entry.Action)!,
            Outcome = Intern(entry.Outcome)!,
            User = Intern(entry.User),
            Role = Intern(entry.Role),
            Jurisdiction = Intern(entry.Jurisdiction),
            Target = Intern(entry.Target),
            Region = Intern(entry.Region),
        };
        if (Count == capacity)
        {
            _items[_head] = entry;
            _head = (_head + 1) % capacity;
            return;
        }
        if (Count == _items.Length)
        {
            Grow();
        }
        _items[(_head + Count) % _items.Length] = entry;
        Count++;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> lines matching <paramref name="filter"/> that <paramref name="visible"/> allows,
    /// newest first, and the sequence to ask <c>before</c> for the next page (null: no older line matches).
    /// </summary>
    public (List<AuditEntry> Lines, long? Next) Query(AuditFilter filter, Func<AuditEntry, bool> visible, int limit)
    {
        var lines = new List<AuditEntry>(Math.Min(limit, 256));
        var first = NextSequence - Count;
        var start = Count - 1;
        if (filter.Before is long before)
        {
            start = (int)Math.Min(start, Math.Max(-1, before - first - 1));
        }
        for (var i = start; i >= 0; i--)
        {
            ref readonly var e = ref _items[(_head + i) % _items.Length];
            if (!filter.Matches(e) || !visible(e))
            {
                continue;
            }
            if (lines.Count == limit)
            {
                return (lines, lines[^1].Sequence);
            }
            lines.Add(e);
        }
        return (lines, null);
    }

    private void Grow()
    {
        var bigger = new AuditEntry[Math.Min(capacity, Math.Max(1024, _items.Length * 2))];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _items[(_head + i) % _items.Length];
        }
        _items = bigger;
        _head = 0;
    }

    private string? Intern(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (_interned.TryGetValue(text, out var shared))
        {
            return shared;
        }
        if (_interned.Count < MaxInterned)
        {
            _interned[text] = text;
        }
        return text;
    }
}
