using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Care;

/// <summary>Shortcuts for the civil-affairs board on top of <see cref="Scenario"/>.</summary>
internal static class BoardScenario
{
    /// <summary>波罗赤镇 (朝阳县, 朝阳市): the child's home township in these tests, and its point.</summary>
    public const string Township = Geography.ChaoyangTownship;
    public const double TownshipLon = 120.16579;
    public const double TownshipLat = 41.19432;

    /// <summary>Kilometres per degree of latitude on the sphere the suggestions measure on.</summary>
    public const double KmPerDegree = 6371.0088 * Math.PI / 180;

    public static InstitutionDto Institution(this Scenario s, string id) =>
        s.Snapshot().Institutions.Single(i => i.InstitutionId == id);

    public static PlacementDto Placement(this Scenario s, string id) =>
        s.Projection.Placement(id) ?? throw new InvalidOperationException($"placement {id} is not on the board");

    /// <summary>Registers a place <paramref name="kmNorth"/> km due north of the township point (region: a county or city code).</summary>
    public static ApplyResult Place(this Scenario s, string id, string kind, string region, double kmNorth, int capacity = 10,
        int staff = 2, bool accepting = true)
    {
        var registered = s.Apply(EventTypes.InstitutionRegistered, new
        {
            institution_id = id, name = $"{kind} {id}", kind, region_code = region, capacity,
            lon = TownshipLon, lat = TownshipLat + kmNorth / KmPerDegree,
        });
        Assert.Equal(ApplyOutcome.Applied, registered.Outcome);
        return s.Apply(EventTypes.InstitutionStatus, new { institution_id = id, accepting, staff_on_duty = staff });
    }

    public static ApplyResult Request(this Scenario s, string placementId, string? reportId = null, string township = Township) =>
        s.Apply(EventTypes.PlacementRequested, EventBuilder.Data(
            ("placement_id", placementId), ("township_code", township), ("report_id", reportId)));

    public static ApplyResult Assign(this Scenario s, string placementId, string institutionId) =>
        s.Apply(EventTypes.PlacementAssigned, new { placement_id = placementId, institution_id = institutionId });

    public static ApplyResult Admit(this Scenario s, string placementId) =>
        s.Apply(EventTypes.PlacementAdmitted, new { placement_id = placementId });

    public static ApplyResult End(this Scenario s, string placementId, string reason = "returned_to_parents") =>
        s.Apply(EventTypes.PlacementEnded, new { placement_id = placementId, reason });
}
