using System.Globalization;
using System.Text.Json.Nodes;
using Lbc.Domain.Events;

namespace Lbc.HubLatency;

/// <summary>The events the latency modes append: background registrations and the measured reports (their id carries the marker).</summary>
internal static class LoadEvents
{
    public static RawEvent Registration(string childId, string village) => Make(EventTypes.ChildRegistered, new JsonObject
    {
        ["child_id"] = childId,
        ["village_code"] = village,
        ["birth_date"] = DateTime.UtcNow.AddYears(-8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["kind"] = "both_parents_away",
        ["guardian"] = "entrusted",
    });

    public static RawEvent Report(string reportId, string village) => Make(EventTypes.ReportFiled, new JsonObject
    {
        ["report_id"] = reportId,
        ["village_code"] = village,
        ["category"] = "missing",
        ["reporter_type"] = "school",
    });

    private static RawEvent Make(string type, JsonObject data) =>
        new(Guid.NewGuid().ToString("n"), type, 1, EventTimestamps.Format(DateTimeOffset.UtcNow.AddSeconds(-1)), "latency", data.ToJsonString());
}
