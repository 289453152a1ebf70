using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>The civil-affairs board: places of care, their beds, and the placements that fill them.</summary>
public sealed class CareBoardTests
{
    private static InstitutionDto Institution(Scenario s, string id) => s.Snapshot().Institutions.Single(i => i.InstitutionId == id);

    private static void Request(Scenario s, string placementId) =>
        Assert.Equal(ApplyOutcome.Applied, s.Apply(EventTypes.PlacementRequested,
            new { placement_id = placementId, report_id = "r-1", township_code = Geography.ChaoyangTownship }).Outcome);

    [Fact]
    public void Apply_PlacementLifecycle_MovesBedsReservedThenOccupiedThenFree()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 4);
        Assert.Equal(4, s.Province.FreeBeds);

        Request(s, "p-1");
        Assert.Equal((1, 0), (s.Province.PlacementsWaiting, s.Province.PlacementsActive));
        Assert.Equal(4, s.Province.FreeBeds);

        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" });
        Assert.Equal((4, 0, 1), (Institution(s, "inst-1").Capacity, Institution(s, "inst-1").Occupied, Institution(s, "inst-1").Reserved));
        Assert.Equal(3, s.Province.FreeBeds);
        Assert.Equal((0, 1), (s.Province.PlacementsWaiting, s.Province.PlacementsActive));

        s.Apply(EventTypes.PlacementAdmitted, new { placement_id = "p-1" });
        Assert.Equal((1, 0), (Institution(s, "inst-1").Occupied, Institution(s, "inst-1").Reserved));
        Assert.Equal(3, s.Province.FreeBeds);

        s.Apply(EventTypes.PlacementEnded, new { placement_id = "p-1", reason = "returned_to_guardian" });
        Assert.Equal((0, 0), (Institution(s, "inst-1").Occupied, Institution(s, "inst-1").Reserved));
        Assert.Equal(4, s.Province.FreeBeds);
        Assert.Equal((0, 0), (s.Province.PlacementsWaiting, s.Province.PlacementsActive));
    }

    [Fact]
    public void Apply_PlacementEndedBeforeAdmission_ReleasesReservation()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 2);
        Request(s, "p-1");
        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" });

        s.Apply(EventTypes.PlacementEnded, new { placement_id = "p-1", reason = "relatives_found" });

        Assert.Equal(0, Institution(s, "inst-1").Reserved);
        Assert.Equal(2, s.Province.FreeBeds);
        Assert.Equal(ApplyOutcome.NoChange, s.Apply(EventTypes.PlacementEnded, new { placement_id = "p-1", reason = "again" }).Outcome);
    }

    [Fact]
    public void Apply_InstitutionStatus_SetsCapacityAndStaffButOccupancyStaysThePlacements()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);
        Request(s, "p-1");
        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" });

        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", capacity = 12, occupied = 7, reserved = 0, staff_on_duty = 3 });

        var dto = Institution(s, "inst-1");
        Assert.Equal((12, 0, 1, 3, true), (dto.Capacity, dto.Occupied, dto.Reserved, dto.StaffOnDuty, dto.Accepting));
        // The institution's own figures disagree with the log: shown as such, not copied over the board's.
        Assert.Equal((7, 0), (dto.ReportedOccupied, dto.ReportedReserved));
        Assert.True(dto.Disputed);
        Assert.Equal(11, s.Province.FreeBeds);
    }

    [Fact]
    public void Apply_InstitutionStopsAccepting_FreeBedsLeaveIndicators()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 10);
        s.RegisterInstitution("inst-2", capacity: 5);

        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", accepting = false });

        Assert.False(Institution(s, "inst-1").Accepting);
        Assert.Equal(10, Institution(s, "inst-1").Capacity); // fields not sent keep their value
        Assert.Equal(5, s.Province.FreeBeds);
    }

    [Fact]
    public void Apply_CapacityReportedBelowThePlacements_FreeBedsNeverNegative()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 3);
        foreach (var id in new[] { "p-1", "p-2", "p-3" })
        {
            Request(s, id);
            s.Apply(EventTypes.PlacementAssigned, new { placement_id = id, institution_id = "inst-1" });
        }

        s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-1", capacity = 2 });

        Assert.Equal(0, Institution(s, "inst-1").Free);
        Assert.Equal(0, s.Province.FreeBeds);
    }

    [Fact]
    public void Apply_AssignToUnknownInstitution_RejectedNamingTheFieldNotTheValue()
    {
        var s = new Scenario();
        Request(s, "p-1");

        var result = s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-404" });

        Assert.Equal(ApplyOutcome.Rejected, result.Outcome);
        Assert.Equal("data.institution_id: not a registered institution", result.Reason);
        Assert.Equal(1, s.Province.PlacementsWaiting);
    }

    [Fact]
    public void Apply_StatusOfUnknownInstitution_Rejected()
    {
        var s = new Scenario();

        var result = s.Apply(EventTypes.InstitutionStatus, new { institution_id = "inst-404", occupied = 1 });

        Assert.Equal(ApplyOutcome.Rejected, result.Outcome);
        Assert.StartsWith("data.institution_id:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_AdmitWithoutAssignment_RejectedNamingPlacement()
    {
        var s = new Scenario();
        Request(s, "p-1");

        var result = s.Apply(EventTypes.PlacementAdmitted, new { placement_id = "p-1" });

        Assert.Equal(ApplyOutcome.Rejected, result.Outcome);
        Assert.StartsWith("data.placement_id:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ReassignToAnotherInstitution_Rejected()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 3);
        s.RegisterInstitution("inst-2", capacity: 3);
        Request(s, "p-1");
        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" });

        var result = s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-2" });

        Assert.Equal(ApplyOutcome.Rejected, result.Outcome);
        Assert.Equal(0, Institution(s, "inst-2").Reserved);
    }

    [Fact]
    public void Apply_InstitutionChanges_ProduceInstitutionDelta()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 3);
        s.DrainAll();
        Request(s, "p-1");
        s.DrainAll();

        s.Apply(EventTypes.PlacementAssigned, new { placement_id = "p-1", institution_id = "inst-1" });

        var batch = Assert.Single(s.DrainAll());
        Assert.Equal(1, Assert.Single(batch.Institutions).Reserved);
        Assert.True(batch.FiguresMoved);
        Assert.Equal(2, s.Province.FreeBeds);
    }

    [Fact]
    public void Snapshot_InstitutionWithoutCoordinates_PlacedAtCountyCentre()
    {
        var s = new Scenario();
        s.RegisterInstitution("inst-1", capacity: 3, region: Geography.ChaoyangCounty);

        Geography.Catalog.TryGetCounty(Geography.ChaoyangCounty, out var county);
        var dto = Institution(s, "inst-1");
        Assert.Equal((county.Centre.Lon, county.Centre.Lat), (dto.Lon, dto.Lat));
        Assert.Equal("welfare_institution", dto.Kind);
    }

    [Fact]
    public void Apply_WaitingRequestEndsWithoutAssignment_DeltaUpdatesWaitingCount()
    {
        var s = new Scenario();
        Request(s, "p-1");
        var first = Assert.Single(s.DrainAll());
        Assert.Equal(1, Assert.Single(first.Townships, t => t.Code == Geography.ChaoyangTownship).Figures[Figure.PlacementsWaiting]);

        s.Apply(EventTypes.PlacementEnded, new { placement_id = "p-1", reason = "relatives_took_the_child" });

        Assert.Equal(0, s.Province.PlacementsWaiting);
        // The coordinator's "waiting" figure must drop without a reload: the township's figures go out again.
        var batch = Assert.Single(s.DrainAll());
        Assert.True(batch.FiguresMoved);
        Assert.Equal(0, Assert.Single(batch.Townships, t => t.Code == Geography.ChaoyangTownship).Figures[Figure.PlacementsWaiting]);
    }
}
