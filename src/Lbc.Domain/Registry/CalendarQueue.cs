namespace Lbc.Domain.Registry;

/// <summary>
/// Children due for a re-check on a given day (a calendar queue by due day). Entries are hints, not
/// promises: a visit in between makes an entry stale, and the check simply finds nothing to change.
/// This is what lets a child become overdue with no event and no scan of the registry.
/// </summary>
internal sealed partial class CalendarQueue
{
    private readonly Dictionary<int, List<int>> _byDay = [];

    public int PendingEntries { get; private set; }

    public void Add(int day, int child)
    {
        if (!_byDay.TryGetValue(day, out var list))
        {
            list = [];
            _byDay[day] = list;
        }
        list.Add(child);
        PendingEntries++;
    }

    /// <summary>Removes and returns the entries of one day (empty when none).</summary>
    public List<int>? Take(int day)
    {
        if (_byDay.Remove(day, out var list))
        {
            PendingEntries -= list.Count;
            return list;
        }
        return null;
    }
}
