using Lbc.Contracts;
using Lbc.Web.Model.Live;

namespace Lbc.Web.Model;

/// <summary>
/// The leading group's view of a jurisdiction: its figures and those of the regions one level below, suppressed by the
/// server as one table (null in <see cref="Figures"/>, shown as "&lt;5"). No identities ever arrive here.
/// </summary>
public sealed class AggregateModel : IViewState<AggregateSnapshot, AggregateDelta>
{
    private readonly Dictionary<string, RegionFiguresDto> _subRegions = new(StringComparer.Ordinal);
    private IReadOnlyList<RegionFiguresDto>? _subRegionList;

    public string Jurisdiction { get; private set; } = "";
    public Figures? Indicators { get; private set; }
    public string? TileUrl { get; private set; }
    public RuleSettingsDto? Rules { get; private set; }
    /// <summary>The regions one level below, in code order (a new list after any change).</summary>
    public IReadOnlyList<RegionFiguresDto> SubRegions => _subRegionList ??= [.. _subRegions.Values.OrderBy(t => t.Code, StringComparer.Ordinal)];

    /// <summary>Alerts raised and acknowledged per city, suppressed by the server (issue 16: the leading group gets no alert itself).</summary>
    public IReadOnlyList<AlertCityFiguresDto> AlertFigures { get; private set; } = [];

    public void Load(AggregateSnapshot snapshot)
    {
        AlertFigures = snapshot.Alerts;
        _subRegions.Clear();
        foreach (var t in snapshot.SubRegions)
        {
            _subRegions[t.Code] = t;
        }
        _subRegionList = null;
        Jurisdiction = snapshot.Jurisdiction;
        Indicators = snapshot.Indicators;
        TileUrl = snapshot.TileUrl;
        Rules = snapshot.Rules;
    }

    public void Apply(AggregateDelta delta)
    {
        foreach (var t in delta.SubRegions ?? [])
        {
            _subRegions[t.Code] = t;
            _subRegionList = null;
        }
        Indicators = delta.Indicators ?? Indicators;
        AlertFigures = delta.Alerts ?? AlertFigures;
    }
}
