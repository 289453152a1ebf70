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

    public bool IsEmpty => !IndicatorsDirty && Cases.Count == 0 && CasesRemoved.Count == 0
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
