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

    public string Jurisdiction { get; private set; } = "";
    public Figures? Indicators { get; private set; }
    public RuleSettingsDto? Rules { get; private set; }
    public string? TileUrl { get; private set; }
    public IReadOnlyList<InstitutionDto> Institutions => _institutionList ??= [.. _institutions.Values];
    public IReadOnlyList<RegionFiguresDto> Townships => _townshipList ??= [.. _townships.Values];

    /// <summary>Open cases, most urgent first (<see cref="CaseRules.Order"/>).</summary>
    public IReadOnlyList<CaseDto> OpenCases => _sortedCases ??= CaseRules.Order(_cases.Values);

    public bool TryGetCase(string caseId, out CaseDto c) => _cases.TryGetValue(caseId, out c!);

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
        _sortedCases = null;
        _institutionList = null;
        _townshipList = null;
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
