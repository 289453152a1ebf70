using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Care;

/// <summary>
/// A place's beds follow from the placements on the log alone, whatever order the events arrive in; what the
/// institution reports itself is shown beside them, and a disagreement is shown as such.
/// </summary>
public sealed class OccupancyTests
{
    private static readonly DateTimeOffset s_start = Scenario.DefaultStart;

    /// <summary>What happens to one placement: assigned (to which place) or not, admitted or not, ended or not.</summary>
    private sealed record Lifecycle(string Id, string? Institution, bool Admitted, bool Ended);

    [Fact]
    public void Apply_ShuffledValidOrders_SameBedsQueueAndStatusEverywhere()
    {
        var lifecycles = new List<Lifecycle>();
        var random = new Random(1206);
        for (var n = 0; n < 24; n++)
        {
            var institution = random.Next(3) switch { 0 => null, 1 => "inst-a", _ => "inst-b" };
            var admitted = institution is not null && random.Next(2) == 0;
            lifecycles.Add(new Lifecycle($"p-{n:D2}", institution, admitted, random.Next(3) == 0));
        }
        var builder = new Scenario(s_start.AddDays(2)).Events;
        var minute = 0;
        DateTimeOffset Next() => s_start.AddMinutes(++minute);
        var setup = new List<DomainEvent>
        {
            builder.Build(EventTypes.InstitutionRegistered, new { institution_id = "inst-a", name = "A", kind = "welfare_institution", region_code = Geography.ChaoyangCounty, capacity = 30 }, Next()),
            builder.Build(EventTypes.InstitutionRegistered, new { institution_id = "inst-b", name = "B", kind = "relief_station", region_code = "2113", capacity = 20 }, Next()),
        };
        // Each placement's events in order; status reports (each field set at a different time) form chains of one.
        var chains = new List<Queue<DomainEvent>>();
        foreach (var l in lifecycles)
        {
            var chain = new Queue<DomainEvent>();
            chain.Enqueue(builder.Build(EventTypes.PlacementRequested, new { placement_id = l.Id, township_code = BoardScenario.Township }, Next()));
            if (l.Institution is not null)
            {
                chain.Enqueue(builder.Build(EventTypes.PlacementAssigned, new { placement_id = l.Id, institution_id = l.Institution }, Next()));
            }
            if (l.Admitted)
            {
                chain.Enqueue(builder.Build(EventTypes.PlacementAdmitted, new { placement_id = l.Id }, Next()));
            }
            if (l.Ended)
            {
                chain.Enqueue(builder.Build(EventTypes.PlacementEnded, new { placement_id = l.Id, reason = "returned_to_relatives" }, Next()));
            }
            chains.Add(chain);
        }
        object[] statuses =
        [
            new { institution_id = "inst-a", capacity = 32, occupied = 3, accepting = true, staff_on_duty = 4 },
            new { institution_id = "inst-a", accepting = false, reserved = 2 },
            new { institution_id = "inst-b", staff_on_duty = 1, occupied = 5 },
            new { institution_id = "inst-a", staff_on_duty = 6 },
            new { institution_id = "inst-b", capacity = 18, accepting = true },
        ];
        foreach (var status in statuses)
        {
            chains.Add(new Queue<DomainEvent>([builder.Build(EventTypes.InstitutionStatus, status, Next())]));
        }

        string? first = null;
        for (var run = 0; run < 12; run++)
        {
            var s = new Scenario(s_start.AddDays(2));
            foreach (var e in setup)
            {
                s.Projection.Apply(e);
            }
            var pending = chains.Select(c => new Queue<DomainEvent>(c)).ToList();
            var order = new Random(run);
            while (pending.Count > 0)
            {
                var pick = run == 0 ? 0 : order.Next(pending.Count); // run 0: log order, chain by chain
                var e = pending[pick].Dequeue();
                Assert.Equal(ApplyOutcome.Applied, s.Projection.Apply(e).Outcome);
                if (pending[pick].Count == 0)
                {
                    pending.RemoveAt(pick);
                }
            }
            var state = JsonSerializer.Serialize(new { s.Snapshot().Institutions, Placements = s.Projection.Placements("21") });
            first ??= state;
            Assert.Equal(first, state);

            // And the numbers a coordinator reads are the placements': assigned = reserved, admitted = occupied, ended = freed.
            foreach (var id in new[] { "inst-a", "inst-b" })
            {
                var live = lifecycles.Where(l => l.Institution == id && !l.Ended).ToList();
                var dto = s.Institution(id);
                Assert.Equal((live.Count(l => l.Admitted), live.Count(l => !l.Admitted)), (dto.Occupied, dto.Reserved));
            }
            var a = s.Institution("inst-a");
            Assert.Equal((32, false, 6), (a.Capacity, a.Accepting, a.StaffOnDuty)); // the newest report of each field
            Assert.Equal<DateTimeOffset?>(s_start.AddMinutes(minute), s.Snapshot().Institutions.Max(i => i.LastStatusAt));
        }
    }

    [Fact]
    public void Apply_AdmitBeforeItsAssignment_RejectedThenAppliesOnceTheAssignmentArrives()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 4);
        s.Request("p-1");
        var admit = s.Events.Build(EventTypes.PlacementAdmitted, new { placement_id = "p-1" });

        Assert.Equal(ApplyOutcome.Rejected, s.Projection.Apply(admit).Outcome);
        Assert.Equal((0, 0), (s.Institution("inst-1").Occupied, s.Institution("inst-1").Reserved));

        s.Assign("p-1", "inst-1");
        Assert.Equal(ApplyOutcome.Applied, s.Projection.Apply(admit).Outcome); // redelivered: not remembered as seen
        Assert.Equal(ApplyOutcome.Duplicate, s.Projection.Apply(admit).Outcome);
        Assert.Equal((1, 0), (s.Institution("inst-1").Occupied, s.Institution("inst-1").Reserved));
        Assert.Equal(ApplyOutcome.Rejected, s.End("p-404").Outcome);
    }

    [Fact]
    public void Apply_StatusDisagreesWithThePlacements_DiscrepancyShownThenClearedWhenTheAdmissionArrives()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);
        s.Request("p-1");
        s.Assign("p-1", "inst-1");

        // The institution admitted the child and reports it before the admission reaches the log.
        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", occupied = 1, reserved = 0 });

        var disputed = s.Institution("inst-1");
        Assert.Equal((0, 1), (disputed.Occupied, disputed.Reserved));
        Assert.Equal((1, 0), (disputed.ReportedOccupied, disputed.ReportedReserved));
        Assert.True(disputed.Disputed);

        s.Admit("p-1");

        var agreed = s.Institution("inst-1");
        Assert.Equal((1, 0), (agreed.Occupied, agreed.Reserved));
        Assert.Null(agreed.ReportedOccupied);
        Assert.Null(agreed.ReportedReserved);
        Assert.False(agreed.Disputed);
    }

    [Fact]
    public void Apply_NewerStatusAgrees_DiscrepancyCleared_AndAnOlderReportArrivingLateChangesNothing()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);
        s.Advance(TimeSpan.FromHours(1));
        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", occupied = 27 }, ts: s.Now.AddMinutes(-30));
        Assert.Equal(27, s.Institution("inst-1").ReportedOccupied);

        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", occupied = 0, staff_on_duty = 2 });
        Assert.False(s.Institution("inst-1").Disputed);

        // A report from before the last one, delivered late: the newest stands.
        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", occupied = 27, staff_on_duty = 9 }, ts: s.Now.AddMinutes(-45));
        var dto = s.Institution("inst-1");
        Assert.False(dto.Disputed);
        Assert.Equal(2, dto.StaffOnDuty);
        Assert.Equal(s.Now, dto.LastStatusAt);
    }

    [Fact]
    public void AdvanceTo_NoStatusFor24Hours_StaleWithoutAnEventAndResent()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);
        s.Advance(TimeSpan.FromHours(2));
        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", staff_on_duty = 3 });
        var reported = s.Now;
        s.DrainAll();

        s.Advance(TimeSpan.FromHours(24));
        Assert.False(s.Institution("inst-1").Stale);
        Assert.Empty(s.DrainAll());

        s.Advance(TimeSpan.FromSeconds(1));

        var dto = s.Institution("inst-1");
        Assert.True(dto.Stale);
        Assert.Equal(reported, dto.LastStatusAt);
        var batch = Assert.Single(s.DrainAll());
        Assert.True(Assert.Single(batch.Institutions).Stale);

        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", staff_on_duty = 4 });
        Assert.False(s.Institution("inst-1").Stale);
    }

    [Fact]
    public void AdvanceTo_ReportingEveryHour_NeverStale_ThenStale24HoursAfterTheLastReport()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);
        for (var hour = 0; hour < 72; hour++)
        {
            s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", staff_on_duty = 3 });
            s.Advance(TimeSpan.FromHours(1));
            Assert.False(s.Institution("inst-1").Stale, $"hour {hour}");
        }
        s.DrainAll();

        s.Advance(TimeSpan.FromHours(23));
        Assert.False(s.Institution("inst-1").Stale);
        s.Advance(TimeSpan.FromSeconds(1));

        Assert.True(s.Institution("inst-1").Stale);
        Assert.True(Assert.Single(Assert.Single(s.DrainAll()).Institutions).Stale);
    }

    [Fact]
    public void AdvanceTo_NeverReported_StaleOneDayAfterRegistration()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);

        s.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        var dto = s.Institution("inst-1");
        Assert.True(dto.Stale);
        Assert.Null(dto.LastStatusAt);
    }

    [Fact]
    public void AdvanceTo_ChildWaiting2Hours_LateWithoutAnEventAndResent()
    {
        var s = new Scenario();
        s.FileReport("r-1", "domestic_violence", BoardScenario.Township);
        s.Request("p-1", "r-1");
        s.DrainAll();

        s.Advance(TimeSpan.FromHours(2));
        Assert.False(s.Placement("p-1").Late);
        Assert.Empty(s.DrainAll().SelectMany(c => c.Placements)); // the case's own clocks breached meanwhile

        s.Advance(TimeSpan.FromSeconds(1));

        var waiting = s.Placement("p-1");
        Assert.True(waiting.Late);
        Assert.Equal(2 * 3600 + 1, waiting.WaitedSeconds);
        var batch = Assert.Single(s.DrainAll());
        Assert.Equal("p-1", Assert.Single(batch.Placements).PlacementId);
        Assert.True(batch.Placements[0].Late);

        // Assigned at last: the wait stops counting and stays on record as late.
        s.RegisterInstitution("inst-1", capacity: 4);
        s.Advance(TimeSpan.FromMinutes(9));
        s.Assign("p-1", "inst-1");
        s.Advance(TimeSpan.FromHours(5));
        var assigned = s.Placement("p-1");
        Assert.Equal((PlacementStages.Assigned, 2 * 3600 + 1 + 9 * 60), (assigned.Stage, (int)assigned.WaitedSeconds));
        Assert.True(assigned.Late);
    }

    [Fact]
    public void AdvanceTo_AssignedWithinTwoHours_NeverLate()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 4);
        s.Request("p-1");
        s.Advance(TimeSpan.FromMinutes(90));
        s.Assign("p-1", "inst-1");
        s.DrainAll();

        s.Advance(TimeSpan.FromHours(3));

        Assert.False(s.Placement("p-1").Late);
        Assert.Empty(s.DrainAll());
    }

    [Fact]
    public void Placements_QueueOfTheJurisdiction_WaitingFirstByCasePriorityWithCategory()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 4);
        s.FileReport("r-neglect", "guardian_neglect", BoardScenario.Township);
        s.FileReport("r-dv", "domestic_violence", BoardScenario.Township);
        s.Request("p-neglect", "r-neglect");
        s.Advance(TimeSpan.FromMinutes(5));
        s.Request("p-dv", "r-dv");
        s.Request("p-none");
        s.Request("p-admitted");
        s.Assign("p-admitted", "inst-1");
        s.Admit("p-admitted");
        s.Request("p-shenyang", township: Geography.ShenyangTownship);
        s.Request("p-ended");
        s.End("p-ended");

        var queue = s.Projection.Placements(Geography.ChaoyangCounty);

        Assert.Equal(["p-dv", "p-neglect", "p-none", "p-admitted"], queue.Select(p => p.PlacementId));
        Assert.Equal(("r-dv", "domestic_violence", 1), (queue[0].CaseId, queue[0].Category, queue[0].Priority));
        Assert.Equal((null, null), (queue[2].Category, queue[2].Priority));
        Assert.Equal((PlacementStages.Admitted, "inst-1"), (queue[3].Stage, queue[3].InstitutionId));
        Assert.Equal(s.Now, queue[3].AdmittedAt);
        Assert.Equal(5, s.Projection.Placements("21").Count);
    }

    [Theory]
    [InlineData("returned_to_parents", "returned_to_parents")]
    [InlineData("returned_to_relatives: aunt in Dalian", "returned_to_relatives")]
    [InlineData("new_guardian_appointed；法院指定", "new_guardian_appointed")]
    [InlineData("relatives_found", "other")]
    [InlineData("other: moved to Beijing with the mother", "other")]
    public void Apply_PlacementEnded_LeavesTheQueueWithTheReasonRecognised(string text, string reason)
    {
        var s = new Scenario();
        s.Request("p-1");
        s.DrainAll();

        s.End("p-1", text);

        Assert.Empty(s.Projection.Placements("21"));
        var batch = Assert.Single(s.DrainAll());
        Assert.Equal(new EndedPlacement("p-1", BoardScenario.Township, reason), Assert.Single(batch.PlacementsEnded));
        Assert.Empty(batch.Placements);
    }

    [Fact]
    public void Apply_ChildWaitingInTheRegion_CountedOnEveryPlaceServingIt()
    {
        var s = new Scenario();
        s.RegisterInstitution("county", capacity: 4, region: Geography.ChaoyangCounty);
        s.RegisterInstitution("city", capacity: 4, region: "2113");
        s.RegisterInstitution("elsewhere", capacity: 4, region: "210123");

        s.Request("p-1");
        s.Request("p-2");

        Assert.Equal((2, 2, 0), (s.Institution("county").Waiting, s.Institution("city").Waiting, s.Institution("elsewhere").Waiting));
        s.Assign("p-1", "elsewhere");
        s.End("p-2");
        Assert.Equal((0, 0), (s.Institution("county").Waiting, s.Institution("city").Waiting));

        // A place registered later counts the children already waiting.
        s.Request("p-3");
        s.RegisterInstitution("late", capacity: 4, region: Geography.ChaoyangCounty);
        Assert.Equal(1, s.Institution("late").Waiting);
    }

    [Fact]
    public void CanAssign_FullOrNotAccepting_RefusedWithTheRule_FreePlaceAllowed()
    {
        var s = new Scenario();
        s.RegisterInstitution("full", capacity: 1);
        s.RegisterInstitution("closed", capacity: 5);
        s.RegisterInstitution("open", capacity: 5);
        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "closed", accepting = false });
        s.Request("p-1");
        s.Assign("p-1", "full");
        s.Request("p-2");

        Assert.True(s.Projection.TryGetInstitution("full", out var full));
        Assert.True(s.Projection.TryGetInstitution("closed", out var closed));
        Assert.True(s.Projection.TryGetInstitution("open", out var open));
        Assert.True(s.Projection.TryGetPlacement("p-1", out var assigned));
        Assert.True(s.Projection.TryGetPlacement("p-2", out var waiting));

        Assert.Equal("institution-full", CarePolicy.CanAssign(full)!.Rule);
        Assert.Equal("institution-not-accepting", CarePolicy.CanAssign(closed)!.Rule);
        Assert.Null(CarePolicy.CanAssign(open));
        Assert.Null(CarePolicy.CanAssign(waiting, open));
        Assert.Equal("placement-not-waiting", CarePolicy.CanAssign(assigned, open)!.Rule);
        Assert.Equal("already-assigned", CarePolicy.CanAssign(assigned, full)!.Rule);

        // The policy refuses the command; an event on the log is a fact and still applies.
        Assert.Equal(ApplyOutcome.Applied, s.Assign("p-2", "full").Outcome);
        Assert.Equal((0, 2), (s.Institution("full").Free, s.Institution("full").Reserved));
    }
}
