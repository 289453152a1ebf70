using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using Lbc.Domain.Tests.Regions;
using Lbc.Reference;

namespace Lbc.Domain.Tests.TestSupport;

/// <summary>The real Liaoning reference geography, loaded once, and the places the tests use.</summary>
internal static class Geography
{
    private static readonly Lazy<RegionCatalog> _catalog = new(() => ReferenceData.Load(ReferencePaths.Directory));

    public static RegionCatalog Catalog => _catalog.Value;

    public static EventParser Parser { get; } = new(Catalog);

    /// <summary>康平县小城子镇 (沈阳市) and its 小城子村委会.</summary>
    public const string ShenyangTownship = "210123101";
    public const string ShenyangVillage = "210123101200";

    /// <summary>朝阳县波罗赤镇 (朝阳市, 辽西北) and its 波罗赤村民委员会.</summary>
    public const string ChaoyangTownship = "211321102";
    public const string ChaoyangVillage = "211321102200";

    /// <summary>朝阳县, a county code for institutions.</summary>
    public const string ChaoyangCounty = "211321";

    /// <summary>A second village in the Shenyang township.</summary>
    public static string ShenyangVillage2 => Catalog.VillagesIn(ShenyangTownship)[1].Code;
}
