using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>The figures the leading group drills into: children by kind and guardian, reports of the last 90 days, delays.</summary>
public sealed class RegionFiguresTests
{
    [Fact]
    public void Register_KindAndGuardian_CountedAndMovedOnUpdate()
    {
        var s = new Scenario();
        s.Apply(EventTypes.ChildRegistered, new { child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2015-01-01", kind = "both_parents_away", guardian = "none" });
        s.Apply(EventTypes.ChildRegistered, new { child_id = "c-2", village_code = Geography.ShenyangVillage, birth_date = "2015-01-01", kind = "one_parent_away_other_incapable", guardian = "entrusted" });

        var f = s.Projection.FiguresOf(Geography.ShenyangTownship);
        Assert.Equal((1, 1, 1, 1, 0), (f[Figure.KindBothParentsAway], f[Figure.KindOneParentAway], f[Figure.GuardianNone], f[Figure.GuardianEntrusted], f[Figure.GuardianParentAtHome]));

        s.Apply(EventTypes.ChildUpdated, new { child_id = "c-1", guardian = "parent_at_home" });
        s.Exit("c-2");

        f = s.Projection.FiguresOf(Geography.ShenyangTownship);
        Assert.Equal((1, 0, 0, 0, 1), (f[Figure.KindBothParentsAway], f[Figure.KindOneParentAway], f[Figure.GuardianNone], f[Figure.GuardianEntrusted], f[Figure.GuardianParentAtHome]));
    }

    [Fact]
    public void FileReport_CountedByCategoryAndReporterFor90Days_ThenLeavesTheWindow()
    {
        var s = new Scenario();
        s.FileReport("r-1", "missing", Geography.ShenyangTownship);
        s.Apply(EventTypes.ReportFiled, new
        {
            report_id = "r-2", township_code = Geography.ShenyangTownship, category = "injury", reporter_type = "medical",
            discovered_at = EventTimestamps.Format(s.Now.AddMinutes(-90)), received_at = EventTimestamps.Format(s.Now),
        });

        var f = s.Projection.FiguresOf("2101");
        Assert.Equal((1, 1), (f[Figure.ReportsMissing], f[Figure.ReportsInjury]));
        Assert.Equal((1, 1), (f[Figure.ReportsBySchool], f[Figure.ReportsByMedical]));
        Assert.Equal((90, 1), (f[Figure.DiscoveryDelayMinutes], f[Figure.DiscoveredReports]));
        Assert.Equal(0, s.Projection.FiguresOf(Geography.ChaoyangCounty)[Figure.ReportsMissing]);

        s.AdvanceDays(89);
        Assert.Equal(1, s.Projection.FiguresOf("2101")[Figure.ReportsMissing]);
        s.DrainAll();

        s.AdvanceDays(1);

        Assert.Equal(0, s.Projection.FiguresOf("2101")[Figure.ReportsMissing]);
        Assert.Equal(0, s.Projection.FiguresOf("2101")[Figure.DiscoveredReports]);
        var changes = Assert.Single(s.DrainAll());
        Assert.Equal(0, Assert.Single(changes.Townships, t => t.Code == Geography.ShenyangTownship).Figures[Figure.ReportsBySchool]);
    }
}
