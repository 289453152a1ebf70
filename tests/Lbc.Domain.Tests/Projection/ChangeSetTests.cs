using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>
/// The projection drains one change set per call: what changed since the last one, as full current states, with no
/// numbering or size budget (that is the feed's). A screen fed from these must end where the snapshot is.
/// </summary>
public sealed class ChangeSetTests
{
    [Fact]
    public void DrainChanges_NothingChanged_IsEmpty()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.DrainAll();

        Assert.True(s.Projection.DrainChanges().IsEmpty);
    }

    [Fact]
    public void DrainChanges_CaseChangedTwiceBeforeDrain_SentOnceWithLatestState()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Step(EventTypes.CaseAcknowledged, "r-1");

        var changes = Assert.Single(s.DrainAll());

        var only = Assert.Single(changes.Cases);
        Assert.Equal("acknowledged", only.Stage);
        Assert.Empty(changes.Removed);
    }

    [Fact]
    public void DrainChanges_CaseOpenedAndClosedBeforeDrain_OnlyItsRemovalWithItsTownship()
    {
        var s = new Scenario();
        s.FileReport("r-1", township: Geography.ChaoyangTownship);
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "false alarm"));

        var changes = Assert.Single(s.DrainAll());

        Assert.Empty(changes.Cases);
        Assert.Equal(new RemovedCase("r-1", Geography.ChaoyangTownship), Assert.Single(changes.Removed));
    }

    [Fact]
    public void DrainChanges_ReportFiled_TownshipFiguresCarryTheOpenCase()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.DrainAll();

        s.FileReport("r-1", township: Geography.ShenyangTownship);

        var changes = Assert.Single(s.DrainAll());
        var township = Assert.Single(changes.Townships);
        Assert.Equal(Geography.ShenyangTownship, township.Code);
        Assert.Equal(1, township.Figures[Figure.OpenCases]);
        Assert.Equal(1, township.Figures[Figure.Children]);
        Assert.True(changes.FiguresMoved);
    }

    [Fact]
    public void DrainChanges_ChildExited_ExitCountedInItsTownshipNotElsewhere()
    {
        var s = new Scenario();
        s.Register("c-1", village: Geography.ShenyangVillage);
        s.Register("c-2", village: Geography.ChaoyangVillage);
        s.Exit("c-1", "turned_16");

        Assert.Equal(1, s.Township(Geography.ShenyangTownship).ExitsByReason["turned_16"]);
        Assert.Equal(0, s.Township(Geography.ChaoyangTownship).ExitsByReason["turned_16"]);
        Assert.Equal(1, s.FiguresOf("2101").ExitsByReason["turned_16"]);
        Assert.Equal(0, s.FiguresOf(Geography.ChaoyangCounty).ExitsByReason["turned_16"]);
    }

    [Fact]
    public void DrainChanges_AppliedToLastSnapshot_EqualsTheNextSnapshot()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.FileReport("r-1");
        s.FileReport("r-2", township: Geography.ChaoyangTownship);
        s.DrainAll();
        var before = s.Snapshot();

        s.Register("c-2", village: Geography.ChaoyangVillage);
        s.Step(EventTypes.CaseAcknowledged, "r-1");
        s.Step(EventTypes.CaseClosed, "r-2", ("outcome", "resolved"));
        s.AdvanceDays(40);
        var changes = Assert.Single(s.DrainAll());
        var after = s.Snapshot();

        var cases = before.OpenCases.ToDictionary(c => c.CaseId);
        foreach (var r in changes.Removed)
        {
            cases.Remove(r.CaseId);
        }
        foreach (var c in changes.Cases)
        {
            cases[c.CaseId] = c;
        }
        var townships = before.Townships.ToDictionary(t => t.Code);
        foreach (var t in changes.Townships)
        {
            townships[t.Code] = t;
        }
        Assert.Equal(after.OpenCases.Select(c => c.CaseId).Order(), cases.Keys.Order());
        Assert.Equal(after.OpenCases.Single().Stage, cases["r-1"].Stage);
        Assert.Equal(after.Townships.ToDictionary(t => t.Code, t => t.Figures), townships.ToDictionary(t => t.Key, t => t.Value.Figures));
    }

    [Fact]
    public void DrainChanges_BoardAppliedToLastQueueAndFollowUps_EqualsTheNextOnes_AlsoWhenMerged()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 3);
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-1", township_code = Geography.ChaoyangTownship });
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-2", township_code = Geography.ChaoyangTownship });
        s.FileReport("r-1", "injury", Geography.ChaoyangTownship);
        s.Step(EventTypes.CaseTownshipNotified, "r-1");
        s.FileReport("r-2", "injury", Geography.ChaoyangTownship);
        s.Step(EventTypes.CaseTownshipNotified, "r-2");
        s.DrainAll();
        var queue = s.Projection.Placements("21").ToDictionary(p => p.PlacementId);
        var followUps = s.Projection.FollowUps("21").ToDictionary(f => f.CaseId);

        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" });
        s.Apply(EventTypes.PlacementEnded, new { placement_id = "p-2", reason = "returned_to_relatives" });
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-3", township_code = Geography.ChaoyangTownship });
        var first = s.Projection.DrainChanges();
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "handled_referred_to_township"));
        s.Apply(EventTypes.AssessmentCompleted, new { report_id = "r-2", risk_level = "low", services = Array.Empty<string>() });
        s.Advance(TimeSpan.FromDays(4)); // p-1 and p-3 late, r-1's assessment breached
        var changes = ChangeSet.Merge(first, s.Projection.DrainChanges());

        foreach (var ended in changes.PlacementsEnded)
        {
            queue.Remove(ended.PlacementId);
        }
        foreach (var p in changes.Placements)
        {
            queue[p.PlacementId] = p;
        }
        foreach (var ended in changes.FollowUpsEnded)
        {
            followUps.Remove(ended.CaseId);
        }
        foreach (var f in changes.FollowUps)
        {
            followUps[f.CaseId] = f;
        }
        Assert.Equal(JsonSerializer.Serialize(s.Projection.Placements("21")),
            JsonSerializer.Serialize(queue.Values.OrderBy(p => p.Stage == "requested" ? 0 : 1).ThenBy(p => p.RequestedAt).ThenBy(p => p.PlacementId, StringComparer.Ordinal)));
        Assert.Equal(["r-1"], followUps.Keys);
        Assert.Equal(JsonSerializer.Serialize(s.Projection.FollowUps("21")), JsonSerializer.Serialize(followUps.Values));
        Assert.Equal(SlaStates.Breached, followUps["r-1"].AssessmentOpened.State);
    }
}
