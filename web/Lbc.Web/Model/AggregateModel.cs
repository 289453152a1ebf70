using Lbc.Contracts;
using Lbc.Web.Model.Live;

namespace Lbc.Web.Model;

/// <summary>
/// The leading group's view of a jurisdiction: figures only, small counts suppressed by the server (null in
/// <see cref="Figures"/>, shown as "&lt;5"); open cases per region and category. No identities ever arrive here.
/// </summary>
public sealed class AggregateModel : IViewState<AggregateSnapshot, AggregateDelta>
{
    private readonly Dictionary<string, RegionFiguresDto> _townships = new(StringComparer.Ordinal);
    private IReadOnlyList<RegionFiguresDto>? _townshipList;

    public string Jurisdiction { get; private set; } = "";
    public Figures? Indicators { get; private set; }
    public IReadOnlyList<CaseCountDto> CaseCounts { get; private set; } = [];
    public string? TileUrl { get; private set; }
    public IReadOnlyList<RegionFiguresDto> Townships => _townshipList ??= [.. _townships.Values.OrderBy(t => t.Code, StringComparer.Ordinal)];

    public void Load(AggregateSnapshot snapshot)
    {
        _townships.Clear();
        foreach (var t in snapshot.Townships)
        {
            _townships[t.Code] = t;
        }
        _townshipList = null;
        Jurisdiction = snapshot.Jurisdiction;
        Indicators = snapshot.Indicators;
        CaseCounts = snapshot.CaseCounts;
        TileUrl = snapshot.TileUrl;
    }

    public void Apply(AggregateDelta delta)
    {
        foreach (var t in delta.Townships)
        {
            _townships[t.Code] = t;
            _townshipList = null;
        }
        Indicators = delta.Indicators ?? Indicators;
        CaseCounts = delta.CaseCounts ?? CaseCounts;
    }
}
