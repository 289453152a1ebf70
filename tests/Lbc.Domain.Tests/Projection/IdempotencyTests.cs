using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>At-least-once in, exactly-once in effect.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public void Apply_SameEventTwice_SecondIsDuplicateAndCountersUnchanged()
    {
        var s = new Scenario();
        var registered = s.Events.Build(EventTypes.ChildRegistered, SampleEvents.DataFor(EventTypes.ChildRegistered));
        var exited = s.Events.Build(EventTypes.ChildExited, new { child_id = "c-1", reason = "turned_16" });

        Assert.Equal(ApplyOutcome.Applied, s.Projection.Apply(registered).Outcome);
        Assert.Equal(ApplyOutcome.Applied, s.Projection.Apply(exited).Outcome);
        Assert.Equal(ApplyOutcome.Duplicate, s.Projection.Apply(registered).Outcome); // redelivered: must not re-register
        Assert.Equal(ApplyOutcome.Duplicate, s.Projection.Apply(exited).Outcome);

        Assert.Equal(0, s.Province.ActiveChildren);
        Assert.Equal(1, s.Province.ExitsByReason["turned_16"]);
        Assert.Equal(2, s.Projection.DuplicatesIgnored);
        Assert.Equal(2, s.Projection.EventsApplied);
    }

    [Fact]
    public void Apply_SameIdReparsed_IsDuplicate()
    {
        var s = new Scenario();
        var raw = s.Events.Raw(EventTypes.ChildRegistered, SampleEvents.DataFor(EventTypes.ChildRegistered), id: "producer-42");

        s.Projection.Apply(s.Events.Parse(raw));
        var second = s.Projection.Apply(s.Events.Parse(raw));

        Assert.Equal(ApplyOutcome.Duplicate, second.Outcome);
        Assert.Equal(1, s.Township(Geography.ShenyangTownship).Children);
    }

    [Fact]
    public void Apply_RejectedEventResentAfterItsCauseIsFixed_IsApplied()
    {
        var s = new Scenario();
        var early = s.Events.Raw(EventTypes.CaseAcknowledged, new { report_id = "r-early" }, id: "ack-1");

        // The acknowledgement overtook its report: rejected, and must not be remembered as seen.
        Assert.Equal(ApplyOutcome.Rejected, s.Projection.Apply(s.Events.Parse(early)).Outcome);
        s.FileReport("r-early");
        var resent = s.Projection.Apply(s.Events.Parse(early));

        Assert.Equal(ApplyOutcome.Applied, resent.Outcome);
        Assert.Equal("acknowledged", Assert.Single(s.Snapshot().OpenCases).Stage);
    }

    [Fact]
    public void Apply_ReportFiledTwiceWithDifferentEventIds_OpensOneCase()
    {
        var s = new Scenario();

        Assert.Equal(ApplyOutcome.Applied, s.FileReport("r-1").Outcome);
        s.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ApplyOutcome.NoChange, s.FileReport("r-1").Outcome); // the reporter pressed send again

        var open = Assert.Single(s.Snapshot().OpenCases);
        Assert.Equal(Scenario.DefaultStart, open.ReceivedAt); // the first receipt keeps the clock
        Assert.Equal(1, s.Province.OpenCases);
    }

    [Fact]
    public void Apply_ReportFiledAgainAfterClose_DoesNotReopen()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "resolved"));

        Assert.Equal(ApplyOutcome.NoChange, s.FileReport("r-1").Outcome);
        Assert.Empty(s.Snapshot().OpenCases);
    }

    [Fact]
    public void Apply_PlacementAssignedTwice_ReservedCountedOnce()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);
        s.Apply(EventTypes.PlacementRequested, new { placement_id = "p-1", township_code = Geography.ChaoyangTownship });

        Assert.Equal(ApplyOutcome.Applied, s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" }).Outcome);
        Assert.Equal(ApplyOutcome.NoChange, s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" }).Outcome);

        var institution = Assert.Single(s.Snapshot().Institutions);
        Assert.Equal(1, institution.Reserved);
        Assert.Equal(9, s.Province.FreeBeds);
    }

    [Fact]
    public void Apply_RegisterSameChildTwice_CountedOnce()
    {
        var s = new Scenario();
        s.Register("c-1");
        s.Register("c-1");

        Assert.Equal(1, s.Township(Geography.ShenyangTownship).Children);
        Assert.Equal(1, s.Province.ActiveChildren);
    }
}
