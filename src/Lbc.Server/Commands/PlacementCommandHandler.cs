using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Care;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Server.Access;
using Lbc.Server.Projection;

namespace Lbc.Server.Commands;

/// <summary>
/// A civil-affairs coordinator's step on a placement: assign to a place of care (refused when it is full or not
/// accepting, or not a place serving the jurisdiction), admitted, ended with a reason. The placement's township decides
/// the jurisdiction (404 outside it, as for no such placement). A step someone else took first is a 409: the placement
/// has moved on (assigned, admitted or ended).
/// </summary>
public sealed class PlacementCommandHandler(ProjectionHost host, CommandLog commands, TimeProvider time)
{
    public static IReadOnlyList<string> Types { get; } = [EventTypes.PlacementAssigned, EventTypes.PlacementAdmitted, EventTypes.PlacementEnded];

    /// <summary>The words <c>placement.ended</c> recognises (docs/events.md); the board offers these.</summary>
    public static IReadOnlyList<string> EndReasons { get; } = ["returned_to_parents", "returned_to_relatives", "new_guardian_appointed", "other"];

    public async Task<CommandOutcome> HandleAsync(CommandUser user, CommandRequest request, CancellationToken cancellationToken)
    {
        if (user.Scope.View != ScopeView.Cases)
        {
            return new CommandOutcome.Forbidden();
        }
        var errors = new Dictionary<string, string[]>();
        if (!CommandIds.IsValid(request.CommandId))
        {
            errors["commandId"] = ["required: 1-128 printable characters, made once per action by the client"];
        }
        if (request.Type is null || !Types.Contains(request.Type))
        {
            errors["type"] = [$"must be one of {string.Join(", ", Types)}"];
        }
        if (string.IsNullOrWhiteSpace(request.PlacementId) || request.PlacementId.Length > 128 || request.PlacementId.Any(char.IsControl))
        {
            errors["placementId"] = ["required: the placement's id"];
        }
        if (request.Data is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            errors["data"] = ["must be a JSON object"];
        }
        if (errors.Count > 0)
        {
            return new CommandOutcome.Invalid("Invalid command", errors);
        }
        if (user.Role is not (Roles.CivilAffairs or Roles.Administrator))
        {
            return CommandOutcome.Invalid.One("role", $"placements are decided by civil affairs, not by the role {user.Role}");
        }
        return await commands.RunAsync(user, request.CommandId!, () => DecideAndAppendAsync(user, request, cancellationToken), cancellationToken);
    }

    private async Task<CommandOutcome> DecideAndAppendAsync(CommandUser user, CommandRequest request, CancellationToken cancellationToken)
    {
        var eventId = CommandIds.EventId(user.Username, request.CommandId!);
        var plan = host.Read(p => Plan(p, user, request, eventId));
        if (plan.Outcome is { } decided)
        {
            return decided;
        }
        var (refusal, _) = await commands.AppendAsync([plan.Event!], cancellationToken);
        return refusal ?? new CommandOutcome.Accepted(new CommandAccepted(eventId, StageNumber(host.Read(p => p.Placement(request.PlacementId!)))));
    }

    private (CommandOutcome? Outcome, RawEvent? Event) Plan(CommandCenterProjection p, CommandUser user, CommandRequest request, string eventId)
    {
        if (!p.TryGetPlacement(request.PlacementId!, out var placement) || !ScopePolicy.Sees(user.Scope, placement.TownshipCode))
        {
            return (new CommandOutcome.NotFound(), null);
        }
        var data = request.Data is { ValueKind: JsonValueKind.Object } d ? JsonObject.Create(d)!.DeepClone().AsObject() : [];
        switch (request.Type)
        {
            case EventTypes.PlacementAssigned:
            {
                var institutionId = data["institution_id"]?.GetValue<string>();
                if (institutionId is null || !p.TryGetInstitution(institutionId, out var institution)
                    || !ScopePolicy.SeesInstitution(user.Scope, institution.RegionCode))
                {
                    return (CommandOutcome.Invalid.One("data.institution_id", "is not a place of care serving your jurisdiction"), null);
                }
                if (CarePolicy.CanAssign(placement, institution) is { } refused)
                {
                    return refused.Rule is "already-assigned" or "placement-not-waiting"
                        ? (Moved(placement, refused.Reason), null)
                        : (CommandOutcome.Invalid.One(refused.Rule, refused.Reason), null);
                }
                break;
            }
            case EventTypes.PlacementAdmitted when placement.Stage != PlacementStage.Assigned:
                return placement.Stage == PlacementStage.Requested
                    ? (CommandOutcome.Invalid.One("placement-not-assigned", "assign the child to a place of care first"), null)
                    : (Moved(placement, "the child is already admitted"), null);
            case EventTypes.PlacementEnded when string.IsNullOrWhiteSpace(data["reason"]?.GetValue<string>()):
                return (CommandOutcome.Invalid.One("data.reason", $"required: one of {string.Join(", ", EndReasons)}"), null);
        }
        data["placement_id"] = placement.Id;
        data["actor"] = user.ActorJson();
        return (null, new RawEvent(eventId, request.Type!, EventTypes.CurrentVersion, EventTimestamps.Format(time.GetUtcNow()),
            CommandRoutes.DashboardSource, data.ToJsonString()));
    }

    /// <summary>Someone moved the placement on first; the board refreshes from the feed.</summary>
    private static CommandOutcome.Conflict Moved(PlacementState placement, string reason) =>
        new(new CommandConflict("", "", placement.AdmittedAt ?? placement.AssignedAt ?? placement.RequestedAt, (int)placement.Stage + 1, reason));

    /// <summary>A placement's "version": its stage (requested 1, assigned 2, admitted 3; ended 4 once gone).</summary>
    private static int StageNumber(PlacementDto? placement) => placement?.Stage switch
    {
        PlacementStages.Requested => 1,
        PlacementStages.Assigned => 2,
        PlacementStages.Admitted => 3,
        _ => 4,
    };
}
