using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>The dynamic ledger (一人一档) and the township's quarterly report.</summary>
public sealed class LedgerTests
{
    [Fact]
    public void AdvanceTo_92DaysWithoutUpdate_FreshThenStaleOnDay93()
    {
        var s = new Scenario();
        s.Register("c-1");

        s.AdvanceDays(92);
        Assert.Equal(0, s.Township(Geography.ShenyangTownship).StaleRecords);

        s.AdvanceDays(1);
        Assert.Equal(1, s.Township(Geography.ShenyangTownship).StaleRecords);
        Assert.Equal(1, s.Province.StaleRecords);
    }

    [Fact]
    public void Apply_ChildUpdatedOnStaleRecord_MakesItFresh()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.AdvanceDays(100);
        Assert.Equal(1, s.Province.StaleRecords);

        Assert.Equal(ApplyOutcome.Applied, s.Apply(EventTypes.ChildUpdated, new { child_id = "c-1", guardian = "parent_at_home" }).Outcome);

        Assert.Equal(0, s.Township(Geography.ShenyangTownship).StaleRecords);
        s.AdvanceDays(92);
        Assert.Equal(0, s.Province.StaleRecords);
        s.AdvanceDays(1);
        Assert.Equal(1, s.Province.StaleRecords);
    }

    [Fact]
    public void Apply_VisitAlone_DoesNotRefreshLedger()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.AdvanceDays(90);

        s.Visit("c-1");
        s.AdvanceDays(5);

        Assert.Equal(1, s.Province.StaleRecords);
        Assert.Equal(1, s.Province.VisitedOnTime);
    }

    // 5 April 2026 (China): quarter 2026Q1 ended 31 March, its report is due by 15 April.
    private static readonly DateTimeOffset _earlyApril = new(2026, 4, 5, 2, 0, 0, TimeSpan.Zero);

    private static ApplyResult SubmitLedger(Scenario s, string township, string quarter) =>
        s.Apply(EventTypes.LedgerSubmitted, new { township_code = township, quarter });

    [Fact]
    public void IndicatorsFor_TownshipMissingPreviousQuarter_LateOnlyAfter15DayGrace()
    {
        var s = new Scenario(_earlyApril);
        s.Register("c-1");
        SubmitLedger(s, Geography.ShenyangTownship, "2025Q4");
        Assert.Equal(0, s.Province.LateTownships);

        s.AdvanceDays(10); // 15 April: the last day of grace
        Assert.Equal(0, s.Province.LateTownships);

        s.AdvanceDays(1); // 16 April
        Assert.Equal(1, s.Province.LateTownships);
        Assert.Equal(1, s.FiguresOf("2101").LateTownships);
        Assert.Equal(0, s.FiguresOf("2113").LateTownships);

        Assert.Equal(ApplyOutcome.Applied, SubmitLedger(s, Geography.ShenyangTownship, "2026Q1").Outcome);
        Assert.Equal(0, s.Province.LateTownships);
    }

    [Fact]
    public void IndicatorsFor_TownshipWithoutChildren_NeverLate()
    {
        var s = new Scenario(_earlyApril);
        s.AdvanceDays(30);

        Assert.Equal(0, s.Province.LateTownships);
    }

    [Fact]
    public void IndicatorsFor_GraceEnds_DeltaCarriesLateTownshipsWithoutEvent()
    {
        var s = new Scenario(_earlyApril);
        s.Register("c-1");
        SubmitLedger(s, Geography.ShenyangTownship, "2025Q4");
        s.AdvanceDays(10);
        s.DrainAll();

        s.AdvanceDays(1);

        var batch = Assert.Single(s.DrainAll());
        Assert.True(batch.FiguresMoved);
        Assert.Equal(1, Assert.Single(batch.Townships, t => t.Code == Geography.ShenyangTownship).Figures[Figure.LateTownships]);
    }

    [Fact]
    public void Apply_OlderQuarterAfterNewer_IsNoChange()
    {
        var s = new Scenario(_earlyApril);
        s.Register("c-1");
        SubmitLedger(s, Geography.ShenyangTownship, "2026Q1");

        Assert.Equal(ApplyOutcome.NoChange, SubmitLedger(s, Geography.ShenyangTownship, "2025Q4").Outcome);
        s.AdvanceDays(30);
        Assert.Equal(0, s.Province.LateTownships);
    }
}
