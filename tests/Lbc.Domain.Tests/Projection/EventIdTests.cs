using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>
/// Event ids are the idempotency key per producer: a redelivery applies once, another producer's event with the same id
/// is its own event, and an id reused for different content is refused with its reason, never dropped as a "duplicate".
/// </summary>
public sealed class EventIdTests
{
    private static RawEvent Registration(Scenario s, string childId, string src, string id) =>
        s.Events.Raw(EventTypes.ChildRegistered, new
        {
            child_id = childId, village_code = Geography.ShenyangVillage, birth_date = "2016-05-01",
            kind = "both_parents_away", guardian = "entrusted",
        }, id: id) with { Src = src };

    [Fact]
    public void SameIdFromAnotherProducer_IsItsOwnEvent_BothApply()
    {
        var s = new Scenario();

        var fromSimulator = s.Projection.Apply(s.Events.Parse(Registration(s, "c-1", "simulator", "evt-1")));
        var fromTownship = s.Projection.Apply(s.Events.Parse(Registration(s, "c-2", "township-ledger", "evt-1")));

        Assert.Equal((ApplyOutcome.Applied, ApplyOutcome.Applied), (fromSimulator.Outcome, fromTownship.Outcome));
        Assert.Equal(2, s.Province.Children);
    }

    [Fact]
    public void SameProducerSameIdSameContent_IsARedelivery_AppliedOnce()
    {
        var s = new Scenario();
        var raw = Registration(s, "c-1", "township-ledger", "evt-1");

        s.Projection.Apply(s.Events.Parse(raw));
        var again = s.Projection.Apply(s.Events.Parse(raw));

        Assert.Equal(ApplyOutcome.Duplicate, again.Outcome);
        Assert.Equal(1, s.Province.Children);
    }

    [Fact]
    public void SameProducerSameIdOtherContent_RefusedWithItsReason_NotSilentlyDropped()
    {
        var s = new Scenario();
        s.Projection.Apply(s.Events.Parse(Registration(s, "c-1", "township-ledger", "evt-1")));

        var reused = s.Projection.Apply(s.Events.Parse(Registration(s, "c-2", "township-ledger", "evt-1")));

        Assert.Equal(ApplyOutcome.Rejected, reused.Outcome);
        Assert.Contains("different event", reused.Reason, StringComparison.Ordinal);
        Assert.Equal(1, s.Province.Children);
    }
}
