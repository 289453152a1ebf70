using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Server.Access;

namespace Lbc.Server.Commands;

/// <summary>
/// The placements a police step brings with it, appended with the step itself: a child escorted to a place of care
/// takes a bed there at once (the civil-affairs board and every map show it within a second), and a domestic-violence
/// case with serious harm or no carer asks civil affairs for a place (DOMAIN.md, emergency chain step 6).
/// </summary>
internal static class CaseEscort
{
    public sealed record Result(CommandOutcome? Refusal, IReadOnlyList<RawEvent> Events);

    private const string RequestPart = "placement";
    private const string AssignPart = "assign";

    /// <summary>The ids of every event one command may append: the step, and the placement request and assignment it brings.</summary>
    public static string[] EventIdsOf(CommandUser user, string commandId) =>
    [
        CommandIds.EventId(user.Username, commandId),
        CommandIds.EventId(user.Username, commandId, RequestPart),
        CommandIds.EventId(user.Username, commandId, AssignPart),
    ];

    /// <summary>Null unless the step escorts the child to an institution; then the placement events, or why not.</summary>
    public static Result? Placement(CommandCenterProjection p, CommandUser user, CaseState c, CaseProgressed step,
        CommandRequest request, DateTimeOffset now)
    {
        if (step.Stage != CaseStage.ChildEscorted || step.EscortedTo != EscortDestination.Institution || step.InstitutionId is null)
        {
            return null;
        }
        var institution = p.Institution(step.InstitutionId);
        if (institution is null || !ScopePolicy.SeesInstitution(user.Scope, institution.RegionCode))
        {
            return Refused("data.institution_id", "is not a place of care serving your jurisdiction");
        }
        if (!institution.Accepting)
        {
            return Refused("data.institution_id", $"{institution.Name} is not accepting children now");
        }
        if (institution.Free <= 0)
        {
            return Refused("data.institution_id", $"{institution.Name} has no free bed");
        }
        var events = new List<RawEvent>();
        var placementId = p.WaitingPlacementOf(c.ReportId);
        if (placementId is null)
        {
            var request1 = PlacementRequest(user, request, c, now);
            placementId = PlacementIdOf(c);
            events.Add(request1);
        }
        events.Add(Event(user, request, AssignPart, EventTypes.PlacementAssigned, now, new JsonObject
        {
            ["placement_id"] = placementId,
            ["institution_id"] = institution.InstitutionId,
        }));
        return new Result(null, events);
    }

    /// <summary>A placement request for the case's child, at the case's township.</summary>
    public static RawEvent PlacementRequest(CommandUser user, CommandRequest request, CaseState c, DateTimeOffset now) =>
        Event(user, request, RequestPart, EventTypes.PlacementRequested, now, new JsonObject
        {
            ["placement_id"] = PlacementIdOf(c),
            ["report_id"] = c.ReportId,
            ["township_code"] = c.TownshipCode,
        });

    /// <summary>One placement per case step: the case id and the version at which it was asked for.</summary>
    private static string PlacementIdOf(CaseState c) => $"PL-{c.ReportId}-{c.Version}";

    private static RawEvent Event(CommandUser user, CommandRequest request, string part, string type, DateTimeOffset now, JsonObject data)
    {
        data["actor"] = user.ActorJson();
        return new RawEvent(CommandIds.EventId(user.Username, request.CommandId!, part), type, EventTypes.CurrentVersion,
            EventTimestamps.Format(now), CommandRoutes.DashboardSource, data.ToJsonString());
    }

    private static Result Refused(string key, string message) => new(CommandOutcome.Invalid.One(key, message), []);
}
