using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.EventLog;
using Lbc.Server.Access;
using Lbc.Server.Projection;

namespace Lbc.Server.Commands;

/// <summary>
/// A duty officer's step on a case (<c>case.*</c>), checked against the user's role and jurisdiction, the case's state
/// (what the policy allows next for its category) and the version the user saw, then appended to the log with the
/// user as actor. Commands on this instance are handled one at a time and each waits until the projection applied its
/// event, so of two officers racing on one step the second sees the first's and is answered 409 naming them.
/// (Across instances the log's order decides: a second identical step applies as "already done" and changes nothing.)
/// </summary>
public sealed class CaseCommandHandler(ProjectionHost host, EventValidator validator, CommandLog commands, TimeProvider time)
{
    public async Task<CommandOutcome> HandleAsync(CommandUser user, CommandRequest request, CancellationToken cancellationToken)
    {
        if (user.Scope.View != ScopeView.Cases)
        {
            return new CommandOutcome.Forbidden();
        }
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }
        if (!Roles.MayRecordCaseSteps(user.Role))
        {
            return CommandOutcome.Invalid.One("role", $"police steps are recorded by police duty officers, not by the role {user.Role}");
        }
        return await commands.RunAsync(user, request.CommandId!, () => DecideAndAppendAsync(user, request, cancellationToken), cancellationToken);
    }

    private static CommandOutcome.Invalid? Validate(CommandRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (!CommandIds.IsValid(r.CommandId))
        {
            errors["commandId"] = ["required: 1-128 printable characters, made once per action by the client"];
        }
        if (r.Type is null || !CaseSteps.TryGetStage(r.Type, out _))
        {
            errors["type"] = [$"must be one of {string.Join(", ", CaseSteps.All.Select(CaseSteps.TypeOf))}"];
        }
        if (string.IsNullOrWhiteSpace(r.CaseId) || r.CaseId.Length > 128 || r.CaseId.Any(char.IsControl))
        {
            errors["caseId"] = ["required: the case's id"];
        }
        if (r.ExpectedVersion is not > 0)
        {
            errors["expectedVersion"] = ["required: the case version the user saw (1 or more)"];
        }
        if (r.Data is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            errors["data"] = ["must be a JSON object"];
        }
        return errors.Count == 0 ? null : new CommandOutcome.Invalid("Invalid command", errors);
    }

    private async Task<CommandOutcome> DecideAndAppendAsync(CommandUser user, CommandRequest request, CancellationToken cancellationToken)
    {
        CaseSteps.TryGetStage(request.Type!, out var stage);
        var eventId = CommandIds.EventId(user.Username, request.CommandId!);
        var plan = host.Read(p => Plan(p, user, request, stage, eventId));
        if (plan.Outcome is { } decided)
        {
            return decided;
        }
        var (refusal, applied) = await commands.AppendAsync(plan.Events!, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var outcome = host.Read<CommandOutcome?>(p => !p.TryGetCase(request.CaseId!, out var c) ? null
            : VersionAfter(c, user, request.CommandId!) is int version ? new CommandOutcome.Accepted(new CommandAccepted(eventId, version))
            : applied ? LostRace(c, stage)
            : null);
        return outcome ?? new CommandOutcome.Accepted(new CommandAccepted(eventId, request.ExpectedVersion!.Value + 1));
    }

    /// <summary>
    /// Our event was applied but is not on the case: another instance's identical step came first in the log and ours
    /// changed nothing. The officer is told who recorded it, as on one instance, not that their step was recorded.
    /// </summary>
    private static CommandOutcome.Conflict LostRace(CaseState c, CaseStage stage) =>
        Conflict(c.WhoDid(stage) ?? c.Timeline[^1], c.Version, "recorded first by someone else");

    /// <summary>Under the projection's lock: the answer now (not found, conflict, refusal, or a repeat) or the events to append.</summary>
    private (CommandOutcome? Outcome, IReadOnlyList<RawEvent>? Events) Plan(Lbc.Domain.Projection.CommandCenterProjection p,
        CommandUser user, CommandRequest request, CaseStage stage, string eventId)
    {
        if (!p.TryGetCase(request.CaseId!, out var c) || !ScopePolicy.Sees(user.Scope, c.TownshipCode))
        {
            return (new CommandOutcome.NotFound(), null);
        }
        if (VersionAfter(c, user, request.CommandId!) is int done)
        {
            // This very command was applied before (another instance, or before a restart): the first answer again.
            return (new CommandOutcome.Accepted(new CommandAccepted(eventId, done)), null);
        }
        var decision = CasePolicy.Check(c, stage);
        switch (decision.Verdict)
        {
            case PolicyVerdict.AlreadyDone or PolicyVerdict.CaseClosed when decision.DoneBy is { } by:
                return (Conflict(by, c.Version, decision.Reason ?? "already recorded"), null);
            case not PolicyVerdict.Allowed:
                return (CommandOutcome.Invalid.One(decision.Rule ?? "rule", decision.Reason ?? "not allowed now"), null);
        }
        if (c.Version != request.ExpectedVersion)
        {
            var last = c.Timeline[^1];
            return (Conflict(last, c.Version, $"the case changed since version {request.ExpectedVersion}"), null);
        }
        var now = time.GetUtcNow();
        var data = Data(request.Data, request.CaseId!, user);
        var main = new RawEvent(eventId, request.Type!, EventTypes.CurrentVersion, EventTimestamps.Format(now),
            CommandRoutes.DashboardSource, data.ToJsonString());
        var events = new List<RawEvent> { main };
        if (validator.Parse(main) is { IsValid: true, Event: CaseProgressed step })
        {
            if (CaseEscort.Placement(p, user, c, step, request, now) is { } escort)
            {
                if (escort.Refusal is { } refusal)
                {
                    return (refusal, null);
                }
                events.AddRange(escort.Events);
            }
            else if (CasePolicy.RequiresPlacement(c, step))
            {
                // Domestic violence with serious harm or no one to care for the child: civil affairs find a place (chain step 6).
                events.Add(CaseEscort.PlacementRequest(user, request, c, now));
            }
        }
        return (null, events);
    }

    /// <summary>
    /// The case's version after this command: after the last of its events on the timeline (the step, and the
    /// placement it asked for, <see cref="CaseEscort.EventIdsOf"/>), or null when none of them is.
    /// </summary>
    private static int? VersionAfter(CaseState c, CommandUser user, string commandId)
    {
        var ids = CaseEscort.EventIdsOf(user, commandId);
        int? version = null;
        for (var i = 0; i < c.Timeline.Count; i++)
        {
            if (ids.Contains(c.Timeline[i].EventId))
            {
                version = i + 1;
            }
        }
        return version;
    }

    private static CommandOutcome.Conflict Conflict(TimelineEntry by, int version, string reason) =>
        new(new CommandConflict(by.ActedBy, by.ActedByName, by.At, version, reason));

    /// <summary>The client's data with the case and the acting user set by the server (a client cannot speak for someone else).</summary>
    internal static JsonObject Data(JsonElement? clientData, string caseId, CommandUser user)
    {
        var data = clientData is { ValueKind: JsonValueKind.Object } d ? JsonObject.Create(d)!.DeepClone().AsObject() : [];
        data["report_id"] = caseId;
        data["actor"] = user.ActorJson();
        return data;
    }
}
