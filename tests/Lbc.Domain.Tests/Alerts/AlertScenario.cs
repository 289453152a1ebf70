using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Alerts;

/// <summary>Reading and acting on alerts in a <see cref="Scenario"/>: as a user's command would, by events on the log.</summary>
internal static class AlertScenario
{
    /// <summary>Open alerts owned by <paramref name="jurisdiction"/> whose id starts with <paramref name="prefix"/>.</summary>
    public static List<AlertDto> Open(this Scenario s, string prefix, string jurisdiction = "21") =>
        [.. s.Projection.Alerts(jurisdiction).Where(a => a.AlertId.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>Every open alert starting with <paramref name="prefix"/>, whoever owns it.</summary>
    public static List<AlertDto> Anywhere(this Scenario s, string prefix) =>
        [.. s.Projection.Alerts("21").Concat(s.Projection.Regions.Counties.SelectMany(c => s.Projection.Alerts(c.Code)))
            .Concat(s.Projection.Regions.Cities.SelectMany(c => s.Projection.Alerts(c.Code)))
            .Where(a => a.AlertId.StartsWith(prefix, StringComparison.Ordinal))
            .DistinctBy(a => a.AlertId)];

    public static ApplyResult Acknowledge(this Scenario s, string alertId, string username = "wang.li", string name = "王力") =>
        s.Apply(EventTypes.AlertAcknowledged, new { alert_id = alertId, actor = new { username, display_name = name } });

    public static ApplyResult Mute(this Scenario s, string alertId, TimeSpan @for, string reason = "家长已在路上，派出所已知悉") =>
        s.Apply(EventTypes.AlertMuted, new
        {
            alert_id = alertId, until = EventTimestamps.Format(s.Now + @for), reason,
            actor = new { username = "wang.li", display_name = "王力" },
        });
}
