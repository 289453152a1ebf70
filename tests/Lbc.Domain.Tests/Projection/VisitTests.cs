using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>The monthly-visit duty: overdue when the days since the last visit exceed 31, due soon within 7 days of it.</summary>
public sealed class VisitTests
{
    private static void AssertVisitCounts(Scenario s, int onTime, int dueSoon, int overdue)
    {
        var township = s.Township(Geography.ShenyangTownship);
        Assert.Equal((onTime, dueSoon, overdue), (township.VisitedOnTime, township.VisitDueSoon, township.VisitOverdue));
        var province = s.Province;
        Assert.Equal((onTime, dueSoon, overdue), (province.VisitedOnTime, province.VisitDueSoon, province.VisitOverdue));
    }

    [Fact]
    public void AdvanceTo_RegisteredNeverVisited_OnTimeThrough24DaysDueSoonFrom25OverdueFrom32()
    {
        var s = new Scenario();
        Assert.Equal(ApplyOutcome.Applied, s.Register("c-1").Outcome);
        Assert.Equal(1, s.Township(Geography.ShenyangTownship).Children);

        s.AdvanceDays(24);
        AssertVisitCounts(s, onTime: 1, dueSoon: 0, overdue: 0);

        s.AdvanceDays(1); // day 25
        AssertVisitCounts(s, onTime: 0, dueSoon: 1, overdue: 0);

        s.AdvanceDays(6); // day 31: the interval itself is not exceeded yet
        AssertVisitCounts(s, onTime: 0, dueSoon: 1, overdue: 0);

        s.AdvanceDays(1); // day 32
        AssertVisitCounts(s, onTime: 0, dueSoon: 0, overdue: 1);
    }

    [Fact]
    public void AdvanceTo_ChinaMidnightNotUtcMidnight_StartsTheNewDay()
    {
        var s = new Scenario(); // 10:00 China
        s.Register("c-1");
        s.Advance(TimeSpan.FromDays(24) + TimeSpan.FromHours(13)); // 23:00 China on day 24
        AssertVisitCounts(s, 1, 0, 0);

        s.Advance(TimeSpan.FromHours(1.5)); // 00:30 China on day 25, still 16:30 UTC of day 24
        AssertVisitCounts(s, 0, 1, 0);
    }

    [Fact]
    public void AdvanceTo_JumpManyDaysAtOnce_ChildIsOverdueWithoutAnyEvent()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.Register("c-2");

        s.AdvanceDays(200);

        AssertVisitCounts(s, onTime: 0, dueSoon: 0, overdue: 2);
        Assert.Equal(2, s.Province.StaleRecords);
    }

    [Fact]
    public void AdvanceTo_BecomingOverdue_ProducesTownshipDeltaWithoutEvent()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.AdvanceDays(31);
        s.DrainAll();

        s.AdvanceDays(1);

        var batch = Assert.Single(s.DrainAll());
        var township = Assert.Single(batch.Townships, t => t.Code == Geography.ShenyangTownship);
        Assert.Equal(1, township.Figures[Figure.VisitOverdue]);
        Assert.Equal(1, s.Province.VisitOverdue);
    }

    [Fact]
    public void Apply_VisitOfOverdueChild_ResetsToOnTime()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.AdvanceDays(40);
        AssertVisitCounts(s, 0, 0, 1);

        Assert.Equal(ApplyOutcome.Applied, s.Visit("c-1").Outcome);

        AssertVisitCounts(s, 1, 0, 0);
        s.AdvanceDays(24);
        AssertVisitCounts(s, 1, 0, 0);
        s.AdvanceDays(1);
        AssertVisitCounts(s, 0, 1, 0);
    }

    [Fact]
    public void Apply_LateVisitEarlierThanLastOne_DoesNotMoveClockBack()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.AdvanceDays(20);
        s.Visit("c-1"); // day 20
        s.AdvanceDays(20); // day 40, 20 days since the visit

        s.Visit("c-1", visitedAt: s.Now.AddDays(-35)); // a visit on day 5 arrives late

        AssertVisitCounts(s, 1, 0, 0);
        s.AdvanceDays(5); // day 45: 25 days since day 20, would be 40 (overdue) if the clock moved back
        AssertVisitCounts(s, 0, 1, 0);
    }

    [Fact]
    public void Apply_VisitRecordedLateForAnEarlierDay_CountsFromThatDay()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.AdvanceDays(40);

        s.Visit("c-1", visitedAt: s.Now.AddDays(-10)); // visited on day 30, recorded on day 40

        AssertVisitCounts(s, 1, 0, 0);
        s.AdvanceDays(15); // 25 days since the visit
        AssertVisitCounts(s, 0, 1, 0);
    }

    [Fact]
    public void Apply_ChildExits_LeavesCountersAndCountsExitReason()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.Register("c-2");
        s.AdvanceDays(40);
        AssertVisitCounts(s, 0, 0, 2);

        Assert.Equal(ApplyOutcome.Applied, s.Exit("c-1", "parent_returned").Outcome);

        AssertVisitCounts(s, 0, 0, 1);
        Assert.Equal(1, s.Township(Geography.ShenyangTownship).Children);
        Assert.Equal(1, s.Province.ActiveChildren);
        Assert.Equal(1, s.Province.ExitsByReason["parent_returned"]);
        Assert.Equal(0, s.Province.ExitsByReason["turned_16"]);
        Assert.Equal(5, s.Province.ExitsByReason.Count);
    }

    [Fact]
    public void Apply_ExitTwice_SecondIsNoChangeAndCountedOnce()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.Exit("c-1", "moved_away");

        Assert.Equal(ApplyOutcome.NoChange, s.Exit("c-1", "moved_away").Outcome);
        Assert.Equal(1, s.Province.ExitsByReason["moved_away"]);
    }

    [Fact]
    public void Apply_VisitForExitedChild_IsNoChangeAndNotCounted()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.Exit("c-1");

        Assert.Equal(ApplyOutcome.NoChange, s.Visit("c-1").Outcome);
        Assert.Equal(0, s.Township(Geography.ShenyangTownship).Children);
    }

    [Fact]
    public void Apply_VisitForUnknownChild_RejectedNamingTheFieldAndRuleButNotTheChildId()
    {
        var s = new Scenario();

        var result = s.Visit("nobody");

        Assert.Equal(ApplyOutcome.Rejected, result.Outcome);
        // The reason is logged and kept with the dead letter: it names the field and the rule, never the child.
        Assert.Equal("data.child_id: not a registered child", result.Reason);
    }

    [Fact]
    public void Apply_ReRegisterExitedChild_StartsFreshOnTime()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.AdvanceDays(40);
        s.Apply(Lbc.Domain.Events.EventTypes.PairingAssigned, new { child_id = "c-1", teacher_id = "t-1" });
        s.Exit("c-1", "parent_returned");
        s.AdvanceDays(60);

        Assert.Equal(ApplyOutcome.Applied, s.Register("c-1").Outcome); // the parents left again

        AssertVisitCounts(s, 1, 0, 0);
        var township = s.Township(Geography.ShenyangTownship);
        Assert.Equal(1, township.Children);
        Assert.Equal(0, township.StaleRecords);
        Assert.Equal(0, township.Paired); // a fresh record, not the old one
        Assert.Equal(1, s.Province.ExitsByReason["parent_returned"]);
        s.AdvanceDays(25);
        AssertVisitCounts(s, 0, 1, 0);
    }

    [Fact]
    public void Apply_ChildMovesToAnotherTownship_CountersFollow()
    {
        var s = new Scenario();
        s.Register("c-1");

        s.Apply(Lbc.Domain.Events.EventTypes.ChildUpdated, new { child_id = "c-1", village_code = Geography.ChaoyangVillage });

        Assert.Equal(0, s.Township(Geography.ShenyangTownship).Children);
        Assert.Equal(1, s.Township(Geography.ChaoyangTownship).Children);
        Assert.Equal(1, s.Province.ActiveChildren);
    }

    [Fact]
    public void Apply_PairingAndDropout_CountedOnTownship()
    {
        var s = new Scenario();
        s.Register("c-1", birthDate: "2016-05-01"); // 9 years old: school age
        s.Register("c-2", birthDate: "2023-05-01"); // 2 years old

        s.Apply(Lbc.Domain.Events.EventTypes.PairingAssigned, new { child_id = "c-1", teacher_id = "t-1" });
        s.Apply(Lbc.Domain.Events.EventTypes.DropoutReported, new { child_id = "c-1" });

        var township = s.Township(Geography.ShenyangTownship);
        Assert.Equal((1, 1, 1), (township.SchoolAge, township.Paired, township.OpenDropouts));

        s.Apply(Lbc.Domain.Events.EventTypes.DropoutReturned, new { child_id = "c-1" });
        Assert.Equal(0, s.Township(Geography.ShenyangTownship).OpenDropouts);
        Assert.Equal(0, s.Province.OpenDropouts);
    }
}
