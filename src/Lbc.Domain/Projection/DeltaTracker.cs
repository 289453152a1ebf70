namespace Lbc.Domain.Projection;

/// <summary>What changed since the last delta was drained: keys only, the state is read at drain time.</summary>
internal sealed class DeltaTracker(int townshipCount)
{
    private readonly bool[] _townshipDirty = new bool[townshipCount];

    public HashSet<string> Cases { get; } = new(StringComparer.Ordinal);
    public HashSet<string> CasesRemoved { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Institutions { get; } = new(StringComparer.Ordinal);
    public List<int> Townships { get; } = [];

    /// <summary>Set when anything that feeds the headline indicators changed.</summary>
    public bool IndicatorsDirty { get; set; }

    public bool IsEmpty => !IndicatorsDirty && IsEmptyOfItems;

    public bool IsEmptyOfItems => Cases.Count == 0 && CasesRemoved.Count == 0
        && Institutions.Count == 0 && Townships.Count == 0;

    public void CaseChanged(string id)
    {
        Cases.Add(id);
        IndicatorsDirty = true;
    }

    public void CaseRemoved(string id)
    {
        Cases.Remove(id);
        CasesRemoved.Add(id);
        IndicatorsDirty = true;
    }

    public void InstitutionChanged(string id)
    {
        Institutions.Add(id);
        IndicatorsDirty = true;
    }

    public void TownshipChanged(int index)
    {
        if (!_townshipDirty[index])
        {
            _townshipDirty[index] = true;
            Townships.Add(index);
        }
        IndicatorsDirty = true;
    }

    /// <summary>Removes and returns up to <paramref name="max"/> keys of a set.</summary>
    public static List<string> Take(HashSet<string> set, int max)
    {
        var taken = new List<string>(Math.Min(max, set.Count));
        foreach (var id in set)
        {
            if (taken.Count >= max)
            {
                break;
            }
            taken.Add(id);
        }
        foreach (var id in taken)
        {
            set.Remove(id);
        }
        return taken;
    }

    public List<int> TakeTownships(int max)
    {
        var count = Math.Min(max, Townships.Count);
        var taken = Townships.GetRange(Townships.Count - count, count);
        Townships.RemoveRange(Townships.Count - count, count);
        foreach (var t in taken)
        {
            _townshipDirty[t] = false;
        }
        return taken;
    }

    public void Clear()
    {
        foreach (var t in Townships)
        {
            _townshipDirty[t] = false;
        }
        Townships.Clear();
        Cases.Clear();
        CasesRemoved.Clear();
        Institutions.Clear();
        IndicatorsDirty = false;
    }
}
