using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Alerts;

/// <summary>Civil affairs' alerts: a child waiting past the target, a place of care full while children wait.</summary>
public sealed class CareAlertTests
{
    private const string County = Geography.ChaoyangCounty;

    private static void Request(Scenario s, string placementId) =>
        Assert.Equal(ApplyOutcome.Applied, s.Apply(EventTypes.PlacementRequested,
            new { placement_id = placementId, township_code = Geography.ChaoyangTownship }).Outcome);

    [Fact]
    public void AdvanceTo_WaitExactlyTheTarget_NoAlert_ThenLate_RaisedOnce()
    {
        var s = new Scenario();
        Request(s, "p-1");

        s.Advance(TimeSpan.FromHours(2));
        Assert.Empty(s.Open("placement_late:", County));

        s.Advance(TimeSpan.FromSeconds(1));
        var alert = Assert.Single(s.Open("placement_late:", County));
        Assert.Equal(("placement_late:p-1", "civil_affairs", "high", "p-1"), (alert.AlertId, alert.OwnerRole, alert.Severity, alert.PlacementId));
        Assert.Equal(Scenario.DefaultStart + TimeSpan.FromHours(2), alert.RaisedAt);

        s.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, Assert.Single(s.Open("placement_late:", County)).Version);
        // It does not escalate: the city and the province are told at once, and it stays the county's.
        Assert.Equal((0, County), (s.Open("placement_late:", "2113").Single().Level, s.Open("placement_late:", "21").Single().OwnerRegion));
    }

    [Fact]
    public void Apply_LatePlacementAssigned_Resolved()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 4);
        Request(s, "p-1");
        s.Advance(TimeSpan.FromHours(3));

        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" });

        Assert.Empty(s.Open("placement_late:", County));
    }

    [Fact]
    public void Apply_FreeBedWhileAChildWaits_NoAlert()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 1);

        Request(s, "p-1");

        Assert.Empty(s.Open("institution_full:", County));
    }

    [Fact]
    public void Apply_FullWhileAChildWaits_RaisedOnce_ResolvedWhenABedFrees()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 1);
        Request(s, "p-1");
        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" });
        Assert.Empty(s.Open("institution_full:", County)); // full, but nobody waits

        Request(s, "p-2");
        var alert = Assert.Single(s.Open("institution_full:", County));
        Assert.Equal(("institution_full:inst-1", "inst-1", "full", Geography.ChaoyangCounty), (alert.AlertId, alert.InstitutionId, alert.Detail, alert.RegionCode));
        Request(s, "p-3");
        Assert.Equal(1, Assert.Single(s.Open("institution_full:", County)).Version);
        Assert.Empty(s.Open("institution_full:", "211322")); // a neighbouring county is not told

        s.Apply(EventTypes.PlacementEnded, new { placement_id = "p-1", reason = "returned_to_parents" });

        Assert.Empty(s.Open("institution_full:", County));
    }

    [Fact]
    public void Apply_NotAcceptingWhileAChildWaits_RaisedAndAcknowledged()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);
        Request(s, "p-1");

        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", accepting = false });

        var alert = Assert.Single(s.Open("institution_full:", County));
        Assert.Equal("not_accepting", alert.Detail);
        s.Acknowledge(alert.AlertId, "civil.chaoyang", "朝阳县民政局");
        Assert.False(Assert.Single(s.Open("institution_full:", County)).NeedsAttention);
    }

    [Fact]
    public void Apply_LatePlacementMuted_OffTheBellForTheHour_ThenBack_StillOneAlert()
    {
        var s = new Scenario();
        Request(s, "p-1");
        s.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));

        s.Mute("placement_late:p-1", TimeSpan.FromHours(1), "已联系市救助站，等待床位");
        Assert.False(Assert.Single(s.Open("placement_late:", County)).NeedsAttention);
        s.Advance(TimeSpan.FromMinutes(59));
        Assert.False(Assert.Single(s.Open("placement_late:", County)).NeedsAttention);

        s.Advance(TimeSpan.FromMinutes(1));

        var back = Assert.Single(s.Open("placement_late:", County));
        Assert.True(back.NeedsAttention);
        Assert.Equal(2, back.Version); // raised, muted: the unmute is the clock, not a change of its own
    }
}
