using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.Reference;

namespace Lbc.Ledger.Tests.TestSupport;

/// <summary>The real Liaoning reference geography (data/reference), loaded once, and the places the tests use.</summary>
internal static class Geography
{
    private static readonly Lazy<RegionCatalog> s_catalog = new(() => ReferenceData.Load(ReferenceDirectory()));

    public static RegionCatalog Catalog => s_catalog.Value;

    public static EventParser Parser { get; } = new(Catalog);

    /// <summary>沈阳市康平县 and its 小城子镇 with 小城子村委会 and 四间房村委会.</summary>
    public const string County = "210123";
    public const string Township = "210123101";
    public const string Village = "210123101200";
    public const string Village2 = "210123101201";

    /// <summary>康平县张强镇 (same county, another township) and its 张强村委会.</summary>
    public const string OtherTownship = "210123102";
    public const string OtherVillage = "210123102200";

    /// <summary>朝阳县波罗赤镇 (another city) and its 波罗赤村民委员会.</summary>
    public const string FarTownship = "211321102";
    public const string FarVillage = "211321102200";

    private static string ReferenceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return Path.Combine(dir.FullName, "data", "reference");
            }
        }
        throw new InvalidOperationException($"No Dashboard.sln above {AppContext.BaseDirectory}.");
    }
}
