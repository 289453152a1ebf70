namespace Lbc.Domain.Cases;

/// <summary>
/// Reports received in the last <c>days</c> days, counted per township by category and by reporter type, with the delay
/// from discovered to received where the reporter said when they discovered it (mandatory-reporting accountability:
/// DOMAIN.md). Reports are few (a few hundred a day at most), so each is kept until it leaves the window; counters are
/// kept exact by adding on arrival and subtracting on expiry, never by a scan.
/// </summary>
internal sealed partial class ReportWindow(int townshipCount, int days)
{
    public static readonly int Categories = Enum.GetValues<ReportCategory>().Length;
    public static readonly int Reporters = Enum.GetValues<ReporterType>().Length;

    // By day received, so a report that arrives late (an older receipt) still leaves the window on its own day.
    private readonly PriorityQueue<Entry, int> _entries = new();
    private readonly int[] _byCategory = new int[townshipCount * Categories];
    private readonly int[] _byReporter = new int[townshipCount * Reporters];
    private readonly long[] _delayMinutes = new long[townshipCount];
    private readonly int[] _discovered = new int[townshipCount];

    public int Days => days;

    public int Count => _entries.Count;

    public int CategoryCount(int township, ReportCategory category) => _byCategory[township * Categories + (int)category];

    public int ReporterCount(int township, ReporterType reporter) => _byReporter[township * Reporters + (int)reporter];

    public long DelayMinutes(int township) => _delayMinutes[township];

    public int Discovered(int township) => _discovered[township];

    /// <summary>Counts a report received on <paramref name="day"/> (China day number), unless it is already outside the window.</summary>
    public bool Add(int township, ReportCategory category, ReporterType reporter, int day, int? delayMinutes, int today)
    {
        if (day <= today - days)
        {
            return false;
        }
        var entry = new Entry(day, township, category, reporter, delayMinutes ?? -1);
        Tally(entry, +1);
        _entries.Enqueue(entry, entry.Day);
        return true;
    }

    /// <summary>Drops the reports that left the window by <paramref name="today"/>; calls back with each township that changed.</summary>
    public void AdvanceTo(int today, Action<int> townshipChanged)
    {
        while (_entries.TryPeek(out var oldest, out _) && oldest.Day <= today - days)
        {
            _entries.Dequeue();
            Tally(oldest, -1);
            townshipChanged(oldest.Township);
        }
    }

    private void Tally(Entry e, int delta)
    {
        _byCategory[e.Township * Categories + (int)e.Category] += delta;
        _byReporter[e.Township * Reporters + (int)e.Reporter] += delta;
        if (e.DelayMinutes >= 0)
        {
            _delayMinutes[e.Township] += delta * e.DelayMinutes;
            _discovered[e.Township] += delta;
        }
    }

    /// <summary>The entries, for the projection snapshot (order does not matter: they are re-queued by day).</summary>
    internal IEnumerable<Entry> Entries => _entries.UnorderedItems.Select(e => e.Element);

    internal void Restore(IEnumerable<Entry> entries)
    {
        foreach (var e in entries)
        {
            Tally(e, +1);
            _entries.Enqueue(e, e.Day);
        }
    }

    internal void WriteState(BinaryWriter writer)
    {
        var entries = Entries.ToArray();
        Projection.ProjectionSnapshot.WriteArray(writer, entries, entries.Length);
    }

    internal void ReadState(BinaryReader reader) => Restore(Projection.ProjectionSnapshot.ReadArray<Entry>(reader));

    internal readonly record struct Entry(int Day, int Township, ReportCategory Category, ReporterType Reporter, int DelayMinutes);
}
