using System.Globalization;
using System.Text.Json.Nodes;
using Lbc.Domain.Events;

namespace Lbc.TestSupport;

/// <summary>Valid catalog-v1 events with real Liaoning codes (沈阳市 and 朝阳市 townships and villages).</summary>
public static class TestEvents
{
    /// <summary>A village of 沈阳市 and its township (from data/reference).</summary>
    public static string ShenyangVillage => Geography.VillageIn("2101");
    public static string ShenyangTownship => ShenyangVillage[..9];

    /// <summary>A village of 朝阳市, another city.</summary>
    public static string ChaoyangVillage => Geography.VillageIn("2113");
    public static string ChaoyangTownship => ChaoyangVillage[..9];

    /// <summary>小城子镇 of 康平县 (沈阳市): the township of the ledger template's example row and of the demo township account.</summary>
    public const string KangpingTownship = "210123101";

    public static RawEvent Make(string type, JsonObject data, DateTimeOffset? ts = null, string? id = null) =>
        new(id ?? Guid.NewGuid().ToString("n"), type, 1, EventTimestamps.Format(ts ?? DateTimeOffset.UtcNow.AddSeconds(-1)),
            "tests", data.ToJsonString());

    public static RawEvent ChildRegistered(string childId, string village) => Make(EventTypes.ChildRegistered, new JsonObject
    {
        ["child_id"] = childId,
        ["village_code"] = village,
        ["birth_date"] = DateTime.UtcNow.AddYears(-9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["kind"] = "both_parents_away",
        ["guardian"] = "entrusted",
    });

    public static RawEvent ReportFiled(string reportId, string village, string category = "missing", string? id = null) =>
        Make(EventTypes.ReportFiled, new JsonObject
        {
            ["report_id"] = reportId,
            ["village_code"] = village,
            ["category"] = category,
            ["reporter_type"] = "school",
        }, id: id);

    public static RawEvent CaseStep(string type, string reportId) =>
        Make(type, new JsonObject { ["report_id"] = reportId });
}

/// <summary>Looks up real codes once from the reference data the server ships with.</summary>
public static class Geography
{
    private static readonly Lazy<Lbc.Domain.Regions.RegionCatalog> s_catalog =
        new(() => Lbc.Reference.ReferenceData.Load(Lbc.Reference.ReferenceData.DefaultDirectory));

    public static Lbc.Domain.Regions.RegionCatalog Catalog => s_catalog.Value;

    public static string VillageIn(string cityCode)
    {
        foreach (var t in Catalog.Townships)
        {
            if (t.Code.StartsWith(cityCode, StringComparison.Ordinal) && Catalog.VillagesIn(t.Code).Count > 0)
            {
                return Catalog.VillagesIn(t.Code)[0].Code;
            }
        }
        throw new InvalidOperationException($"No village in {cityCode}");
    }
}
