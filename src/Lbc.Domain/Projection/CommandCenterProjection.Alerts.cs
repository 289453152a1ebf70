using Lbc.Contracts;
using Lbc.Domain.Alerts;
using Lbc.Domain.Regions;

namespace Lbc.Domain.Projection;

/// <summary>The alerts read by the server (under the projection's lock, like <see cref="Snapshot"/>).</summary>
public sealed partial class CommandCenterProjection
{
    /// <summary>Open alerts the officers of <paramref name="jurisdiction"/> own now: most severe first, then oldest.</summary>
    public IReadOnlyList<AlertDto> Alerts(string jurisdiction) =>
        [.. _alerts.All.Where(a => a.IsOpen && a.IsOwnedBy(jurisdiction))
            .OrderByDescending(a => a.Severity).ThenBy(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(ToDto)];

    /// <summary>An alert held now (open, or resolved within the retention), for a command's check.</summary>
    public bool TryGetAlert(string alertId, out AlertState alert) => _alerts.TryGet(alertId, out alert);

    public AlertDto ToDto(AlertState a)
    {
        var muted = a.IsMuted(Now);
        return new AlertDto(a.Id, AlertVocabulary.Rules.WordOf(a.Rule), AlertVocabulary.Severities.WordOf(a.Severity), a.OwnerRole,
            a.RegionCode, a.OwnerRegion, a.Level, a.RaisedAt, a.CaseId, a.InstitutionId, a.PlacementId, a.Detail,
            a.AcknowledgedBy?.Username, a.AcknowledgedBy?.DisplayName, a.AcknowledgedAt,
            muted ? a.MutedUntil : null, muted ? a.MutedBy?.DisplayName : null, muted ? a.MuteReason : null, a.Version);
    }

    /// <summary>
    /// The leading group's alert figures: per city of (or containing) <paramref name="jurisdiction"/>, the alerts raised in
    /// it within the retention, how many were acknowledged and the median minutes to acknowledge. Small counts suppressed.
    /// The country's leading group gets them per province (31 rows rather than 342 cities; the drill-down has the rest).
    /// </summary>
    public IReadOnlyList<AlertCityFiguresDto> AlertFigures(string jurisdiction)
    {
        var since = Now - _alerts.Settings.Retention;
        var rowLevel = jurisdiction == RegionCodes.Country ? RegionLevel.Province : RegionLevel.City;
        var length = RegionCodes.LengthOf(rowLevel);
        var byCity = new Dictionary<string, (int Raised, List<double> Minutes)>(StringComparer.Ordinal);
        foreach (var code in rowLevel == RegionLevel.Province ? _regions.Provinces.Select(p => p.Code) : _regions.Cities.Select(c => c.Code))
        {
            if (RegionCodes.Contains(jurisdiction, code) || RegionCodes.Contains(code, jurisdiction))
            {
                byCity[code] = (0, []);
            }
        }
        foreach (var a in _alerts.All)
        {
            if (a.RaisedAt < since || a.RegionCode.Length < length || !RegionCodes.Contains(jurisdiction, a.RegionCode)
                || !byCity.TryGetValue(a.RegionCode[..length], out var row))
            {
                continue;
            }
            if (a.AcknowledgedAt is { } at)
            {
                row.Minutes.Add(Math.Max(0, (at - a.RaisedAt).TotalMinutes));
            }
            byCity[a.RegionCode[..length]] = (row.Raised + 1, row.Minutes);
        }
        return [.. byCity.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new AlertCityFiguresDto(c.Key,
            SmallCounts.Suppress(c.Value.Raised), SmallCounts.Suppress(c.Value.Minutes.Count),
            c.Value.Minutes.Count >= SmallCounts.Threshold ? Median(c.Value.Minutes) : null))];
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return Math.Round(values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2, 1);
    }
}
