using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Reference;

namespace Lbc.Server.Tests.Metrics;

/// <summary>Liaoning's real catalog and hand-made figures whose roll-ups are easy to compute by hand.</summary>
internal static class HistoryTestData
{
    private static readonly Lazy<RegionCatalog> s_regions = new(() => ReferenceData.Load(ReferenceData.DefaultDirectory));

    public static RegionCatalog Regions => s_regions.Value;

    /// <summary>A whole minute a little in the past, so victoria-metrics accepts it and tests never straddle "now".</summary>
    public static DateTimeOffset RecentMinute(int minutesAgo)
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(-minutesAgo);
    }

    /// <summary>
    /// The first two townships of the first county get children (10 and 20 + <paramref name="bump"/>);
    /// a county-level institution holds 30 beds, 12 occupied, accepting.
    /// </summary>
    public static FiguresCapture Capture(DateTimeOffset at, int bump = 0)
    {
        var regions = Regions;
        var townships = Enumerable.Repeat(Figures.Empty, regions.Townships.Count).ToArray();
        var county = regions.Counties[0];
        var inCounty = regions.TownshipsIn(county.Code);
        townships[inCounty[0].Index] = TestFigures.Of((Figure.Children, 10), (Figure.VisitOverdue, 3), (Figure.VisitedOnTime, 7), (Figure.OpenCases, 1), (Figure.LateTownships, 1));
        townships[inCounty[1].Index] = TestFigures.Of((Figure.Children, 20 + bump), (Figure.VisitOverdue, 5), (Figure.VisitedOnTime, 15 + bump), (Figure.BreachedCases, 1), (Figure.OpenCases, 2));
        return new FiguresCapture(at, townships, [new InstitutionFigures(county.Code, 30, 12, 18, true)]);
    }
}
