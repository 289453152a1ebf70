using Lbc.Domain.Alerts;
using Lbc.Domain.Events;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Alerts;

/// <summary>The township and county duties, checked once a day: visits slipping, the quarterly ledger, silent reporters.</summary>
public sealed class TownshipAlertTests
{
    private const string County = "210123";
    private const string OverdueAlert = "overdue_rise:" + Geography.ShenyangTownship;

    /// <summary>
    /// 20 children registered on day 0; on day 25 all but <paramref name="unvisited"/> are visited. Those few turn overdue
    /// after day 31, so the township's rate rises from 0 to unvisited/20 within a week. Time moves a day at a time.
    /// </summary>
    private static Scenario VisitsSlip(int unvisited, AlertSettings? settings = null)
    {
        var s = new Scenario(alerts: settings);
        for (var i = 0; i < 20; i++)
        {
            s.Register($"c-{i}");
        }
        for (var d = 0; d < 25; d++)
        {
            s.AdvanceDays(1);
        }
        for (var i = unvisited; i < 20; i++)
        {
            s.Visit($"c-{i}");
        }
        for (var d = 25; d < 34; d++)
        {
            s.AdvanceDays(1);
        }
        Assert.Equal(unvisited, s.Township(Geography.ShenyangTownship).VisitOverdue);
        return s;
    }

    [Fact]
    public void AdvanceTo_OverdueRateUpExactly5PointsInAWeek_NoAlert()
    {
        var s = VisitsSlip(unvisited: 1); // 5.0 points: not more than 5

        Assert.Empty(s.Open("overdue_rise:", County));
    }

    [Fact]
    public void AdvanceTo_OverdueRateUp10PointsInAWeek_RaisedOnceForTheCountysCivilAffairs()
    {
        var s = VisitsSlip(unvisited: 2);

        var alert = Assert.Single(s.Open("overdue_rise:", County));
        Assert.StartsWith(OverdueAlert + ":2026-04-0", alert.AlertId);
        Assert.Equal(("civil_affairs", "medium", "10.0"), (alert.OwnerRole, alert.Severity, alert.Detail));
        s.AdvanceDays(1);
        Assert.Single(s.Open("overdue_rise:", County));
        Assert.Equal(1, s.Open("overdue_rise:", County).Single().Version);
    }

    [Fact]
    public void AdvanceTo_ConfiguredRiseThreshold_Used()
    {
        var s = VisitsSlip(unvisited: 1, AlertSettings.Default with { OverdueRisePoints = 4 });

        Assert.Single(s.Open("overdue_rise:", County));
    }

    [Fact]
    public void AdvanceTo_RiseOverAfterTheWeek_Resolved()
    {
        var s = VisitsSlip(unvisited: 2);

        for (var d = 0; d < 8; d++)
        {
            s.AdvanceDays(1); // a week later the rate is still 10%, but no longer a rise
        }

        Assert.Empty(s.Open("overdue_rise:", County));
    }

    // 5 April 2026 (China): quarter 2026Q1 ended 31 March, its report is due by 15 April.
    private static readonly DateTimeOffset s_earlyApril = new(2026, 4, 5, 2, 0, 0, TimeSpan.Zero);

    private static void Submit(Scenario s, string quarter) =>
        s.Apply(EventTypes.LedgerSubmitted, new { township_code = Geography.ShenyangTownship, quarter });

    [Fact]
    public void AdvanceTo_LedgerLastDayOfGrace_NoAlert_DayAfter_RaisedOnce_ReportEndsIt()
    {
        var s = new Scenario(s_earlyApril);
        s.Register("c-1");
        Submit(s, "2025Q4");
        s.AdvanceDays(10); // 15 April
        Assert.Empty(s.Open("ledger_late:", County));

        s.AdvanceDays(1);

        var alert = Assert.Single(s.Open("ledger_late:", County));
        Assert.Equal(($"ledger_late:{Geography.ShenyangTownship}:2026Q1", "low", "2026Q1"), (alert.AlertId, alert.Severity, alert.Detail));
        s.AdvanceDays(3);
        Assert.Single(s.Open("ledger_late:", County));

        Submit(s, "2026Q1");
        Assert.Empty(s.Open("ledger_late:", County));
    }

    private static void FileFrom(Scenario s, string reporter, string id) =>
        s.Apply(EventTypes.ReportFiled, new
        {
            report_id = id, township_code = Geography.ShenyangTownship, category = "living_alone", reporter_type = reporter,
            received_at = EventTimestamps.Format(s.Now),
        });

    [Fact]
    public void AdvanceTo_SchoolsSilent89Days_NoAlert_90Days_RaisedOnce_AReportEndsIt()
    {
        var s = new Scenario();
        FileFrom(s, "school", "r-1");
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "resolved"));
        for (var d = 0; d < 89; d++)
        {
            s.AdvanceDays(1);
        }
        Assert.Empty(s.Open($"reporter_silent:{County}:school:", County));

        s.AdvanceDays(1);

        var alert = Assert.Single(s.Open($"reporter_silent:{County}:school:", County));
        Assert.Equal(("medium", "civil_affairs", "school", County), (alert.Severity, alert.OwnerRole, alert.Detail, alert.RegionCode));
        s.AdvanceDays(1);
        Assert.Single(s.Open($"reporter_silent:{County}:school:", County));

        FileFrom(s, "school", "r-2");
        Assert.Empty(s.Open($"reporter_silent:{County}:school:", County));
        Assert.Single(s.Open($"reporter_silent:{County}:medical:", County)); // the others still silent
    }

    [Fact]
    public void AdvanceTo_CitizensSilent_NotAMandatedReporter_NoAlert()
    {
        var s = new Scenario();
        FileFrom(s, "school", "r-1");

        s.AdvanceDays(120);

        Assert.Empty(s.Open($"reporter_silent:{County}:citizen:", County));
    }

    [Fact]
    public void AlertFigures_LeadingGroup_CountsPerCitySuppressedBelow5AndMedianOnlyFrom5Acknowledged()
    {
        var s = new Scenario();
        for (var i = 0; i < 6; i++)
        {
            s.FileReport($"r-{i}");
        }
        s.Advance(TimeSpan.FromMinutes(6)); // six acknowledge stages breached in 沈阳市
        for (var i = 0; i < 5; i++)
        {
            s.Advance(TimeSpan.FromMinutes(2));
            s.Acknowledge($"sla_breached:r-{i}:acknowledged");
        }
        s.FileReport("r-x", township: Geography.ChaoyangTownship);
        s.Advance(TimeSpan.FromMinutes(6)); // one in 朝阳市, and the six dispatch stages in 沈阳市

        var figures = s.Projection.AlertFigures("21");

        Assert.Equal(14, figures.Count);
        var shenyang = figures.Single(f => f.CityCode == "2101");
        Assert.Equal((12, 5), (shenyang.Raised, shenyang.Acknowledged));
        Assert.Equal(7, shenyang.MedianMinutesToAcknowledge); // acknowledged 3, 5, 7, 9, 11 minutes after the breach
        var chaoyang = figures.Single(f => f.CityCode == "2113");
        Assert.Equal((null, 0, null), (chaoyang.Raised, chaoyang.Acknowledged, chaoyang.MedianMinutesToAcknowledge));
        Assert.Equal(0, figures.Single(f => f.CityCode == "2102").Raised);
    }
}
