using Lbc.Domain.Alerts;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;

namespace Lbc.Domain.Projection;

/// <summary>
/// What changed since the last <see cref="CommandCenterProjection.DrainChanges"/>: keys only, the state is read
/// when the changes are drained. A case that changed also marks its township (its open-case figures moved).
/// </summary>
internal sealed class ChangeTracker(int townshipCount, Func<string, int> townshipIndex)
{
    private readonly bool[] _townshipDirty = new bool[townshipCount];

    public HashSet<string> Cases { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> CasesRemoved { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Institutions { get; } = new(StringComparer.Ordinal);
    public List<int> Townships { get; } = [];
    public HashSet<string> Placements { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, EndedPlacement> PlacementsEnded { get; } = new(StringComparer.Ordinal);
    public HashSet<string> FollowUps { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> FollowUpsEnded { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AlertState> Alerts { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> AlertsEnded { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when anything that feeds a region's figures changed.</summary>
    public bool FiguresMoved { get; set; }

    public bool IsEmpty => !FiguresMoved && Cases.Count == 0 && CasesRemoved.Count == 0
        && Institutions.Count == 0 && Townships.Count == 0 && Placements.Count == 0 && PlacementsEnded.Count == 0
        && FollowUps.Count == 0 && FollowUpsEnded.Count == 0 && Alerts.Count == 0 && AlertsEnded.Count == 0;

    public void AlertChanged(AlertState a)
    {
        Alerts[a.Id] = a;
        AlertsEnded.Remove(a.Id);
    }

    /// <summary>Resolved: its removal goes to every scope that may hold it (by the subject's region).</summary>
    public void AlertEnded(AlertState a)
    {
        Alerts.Remove(a.Id);
        AlertsEnded[a.Id] = a.RegionCode;
    }

    public void CaseChanged(CaseState c)
    {
        Cases.Add(c.ReportId);
        CasesRemoved.Remove(c.ReportId);
        TownshipOfCase(c);
    }

    public void CaseRemoved(CaseState c)
    {
        Cases.Remove(c.ReportId);
        // Removals go to every scope that contains the township, whether or not it was sent the case: a removal
        // of a case a client never had is ignored, which is cheaper than remembering who had what.
        CasesRemoved[c.ReportId] = c.TownshipCode;
        TownshipOfCase(c);
    }

    public void InstitutionChanged(string id)
    {
        Institutions.Add(id);
        FiguresMoved = true;
    }

    public void PlacementChanged(PlacementState p)
    {
        Placements.Add(p.Id);
        PlacementsEnded.Remove(p.Id);
    }

    public void PlacementEnded(PlacementState p, PlacementEndReason reason)
    {
        Placements.Remove(p.Id);
        PlacementsEnded[p.Id] = new EndedPlacement(p.Id, p.TownshipCode, CareVocabulary.EndReasons.WordOf(reason));
    }

    public void FollowUpChanged(CaseState c)
    {
        FollowUps.Add(c.ReportId);
        FollowUpsEnded.Remove(c.ReportId);
    }

    public void FollowUpRemoved(CaseState c)
    {
        FollowUps.Remove(c.ReportId);
        // Like case removals: sent to every scope holding the township, ignored by a client that never had it.
        FollowUpsEnded[c.ReportId] = c.TownshipCode;
    }

    public void TownshipChanged(int index)
    {
        if (index < 0)
        {
            return;
        }
        if (!_townshipDirty[index])
        {
            _townshipDirty[index] = true;
            Townships.Add(index);
        }
        FiguresMoved = true;
    }

    public void AllTownshipsChanged()
    {
        for (var i = 0; i < _townshipDirty.Length; i++)
        {
            TownshipChanged(i);
        }
    }

    private void TownshipOfCase(CaseState c) => TownshipChanged(townshipIndex(c.TownshipCode));

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
        Placements.Clear();
        PlacementsEnded.Clear();
        FollowUps.Clear();
        FollowUpsEnded.Clear();
        Alerts.Clear();
        AlertsEnded.Clear();
        FiguresMoved = false;
    }
}
