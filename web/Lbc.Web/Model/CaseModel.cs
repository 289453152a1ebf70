using Lbc.Contracts;
using Lbc.Web.Model.Live;

namespace Lbc.Web.Model;

/// <summary>
/// The case-level view of a jurisdiction (police, civil affairs, administrators): open cases, places of care, township
/// figures and the jurisdiction's figures. Lists are cached and handed out anew only after they changed, so components
/// can tell "changed" by reference.
/// </summary>
public sealed class CaseModel : IViewState<DashboardSnapshot, DeltaBatch>
{
    private readonly Dictionary<string, CaseDto> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstitutionDto> _institutions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RegionFiguresDto> _townships = new(StringComparer.Ordinal);
    private IReadOnlyList<CaseDto>? _sortedCases;
    private IReadOnlyList<InstitutionDto>? _institutionList;
    private IReadOnlyList<RegionFiguresDto>? _townshipList;
    private readonly Dictionary<string, PlacementDto> _placements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FollowUpDto> _followUps = new(StringComparer.Ordinal);
    private IReadOnlyList<PlacementDto>? _placementList;
    private IReadOnlyList<FollowUpDto>? _followUpList;
    private readonly Dictionary<string, AlertDto> _alerts = new(StringComparer.Ordinal);
    private IReadOnlyList<AlertDto>? _alertList;

    public string Jurisdiction { get; private set; } = "";
    public Figures? Indicators { get; private set; }
    public RuleSettingsDto? Rules { get; private set; }
    public string? TileUrl { get; private set; }
    public IReadOnlyList<InstitutionDto> Institutions => _institutionList ??= [.. _institutions.Values];
    public IReadOnlyList<RegionFiguresDto> Townships => _townshipList ??= [.. _townships.Values];

    /// <summary>Open cases, most urgent first (<see cref="CaseRules.Order"/>).</summary>
    public IReadOnlyList<CaseDto> OpenCases => _sortedCases ??= CaseRules.Order(_cases.Values);

    public bool TryGetCase(string caseId, out CaseDto c) => _cases.TryGetValue(caseId, out c!);

    /// <summary>Children waiting for or in temporary care: waiting first, late first, then by the case's priority and wait.</summary>
    public IReadOnlyList<PlacementDto> Placements => _placementList ??= [.. _placements.Values
        .OrderBy(p => p.Stage == PlacementStages.Requested ? 0 : 1)
        .ThenByDescending(p => p.Late)
        .ThenBy(p => p.Priority ?? 9)
        .ThenBy(p => p.RequestedAt)
        .ThenBy(p => p.PlacementId, StringComparer.Ordinal)];

    /// <summary>Township follow-ups (assessment, services), overdue first.</summary>
    public IReadOnlyList<FollowUpDto> FollowUps => _followUpList ??= [.. _followUps.Values
        .OrderByDescending(f => f.Pending)
        .ThenBy(f => f.AssessmentCompleted.Due)
        .ThenBy(f => f.CaseId, StringComparer.Ordinal)];

    /// <summary>Open alerts this jurisdiction owns (every role's: <see cref="AlertRules"/> picks the user's), most severe first, then oldest.</summary>
    public IReadOnlyList<AlertDto> Alerts => _alertList ??= AlertRules.Order(_alerts.Values);

    public void Load(DashboardSnapshot snapshot)
    {
        _cases.Clear();
        _institutions.Clear();
        _townships.Clear();
        foreach (var c in snapshot.OpenCases)
        {
            Upsert(c);
        }
        foreach (var i in snapshot.Institutions)
        {
            _institutions[i.InstitutionId] = i;
        }
        foreach (var t in snapshot.Townships)
        {
            _townships[t.Code] = t;
        }
        _placements.Clear();
        foreach (var p in snapshot.Placements)
        {
            _placements[p.PlacementId] = p;
        }
        _followUps.Clear();
        foreach (var f in snapshot.FollowUps)
        {
            _followUps[f.CaseId] = f;
        }
        _alerts.Clear();
        foreach (var a in snapshot.Alerts)
        {
            _alerts[a.AlertId] = a;
        }
        _alertList = null;
        _sortedCases = null;
        _institutionList = null;
        _townshipList = null;
        _placementList = null;
        _followUpList = null;
        Jurisdiction = snapshot.Jurisdiction;
        Indicators = snapshot.Indicators;
        Rules = snapshot.Rules;
        TileUrl = snapshot.TileUrl;
    }

    public void Apply(DeltaBatch delta)
    {
        foreach (var c in delta.Cases)
        {
            Upsert(c);
        }
        foreach (var id in delta.CasesRemoved)
        {
            _cases.Remove(id);
        }
        if (delta.Cases.Count > 0 || delta.CasesRemoved.Count > 0)
        {
            _sortedCases = null;
        }
        foreach (var i in delta.Institutions)
        {
            _institutions[i.InstitutionId] = i;
            _institutionList = null;
        }
        foreach (var t in delta.Townships)
        {
            _townships[t.Code] = t;
            _townshipList = null;
        }
        Indicators = delta.Indicators ?? Indicators;
        foreach (var p in delta.Placements)
        {
            _placements[p.PlacementId] = p;
            _placementList = null;
        }
        foreach (var id in delta.PlacementsEnded)
        {
            _placementList = _placements.Remove(id) ? null : _placementList;
        }
        foreach (var f in delta.FollowUps)
        {
            _followUps[f.CaseId] = f;
            _followUpList = null;
        }
        foreach (var id in delta.FollowUpsEnded)
        {
            _followUpList = _followUps.Remove(id) ? null : _followUpList;
        }
        foreach (var a in delta.Alerts)
        {
            _alerts[a.AlertId] = a;
            _alertList = null;
        }
        foreach (var id in delta.AlertsEnded)
        {
            _alertList = _alerts.Remove(id) ? null : _alertList;
        }
    }

    private void Upsert(CaseDto c)
    {
        // A closed case is no longer open: the list and the map only show open ones.
        if (c.Closed)
        {
            _cases.Remove(c.CaseId);
        }
        else
        {
            _cases[c.CaseId] = c;
        }
    }
}
