using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Alerts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Server.Access;
using Lbc.Server.Projection;

namespace Lbc.Server.Commands;

/// <summary>
/// A user's action on an alert (<c>alert.acknowledged</c>, <c>alert.muted</c>, issue 16), by its <c>alertId</c>. Only the
/// alert's owners act on it: its owner role (or an administrator) in a jurisdiction it is told to (404 otherwise, as for
/// no such alert). An alert already acknowledged is a 409 naming who did it; a resolved one a 409 too (the bell moved on).
/// </summary>
public sealed class AlertCommandHandler(ProjectionHost host, CommandLog commands, TimeProvider time)
{
    public static IReadOnlyList<string> Types { get; } = [AlertCommands.Acknowledged, AlertCommands.Muted];

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
        return await commands.RunAsync(user, request.CommandId!, () => DecideAndAppendAsync(user, request, cancellationToken), cancellationToken);
    }

    private static CommandOutcome.Invalid? Validate(CommandRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (!CommandIds.IsValid(r.CommandId))
        {
            errors["commandId"] = ["required: 1-128 printable characters, made once per action by the client"];
        }
        if (r.Type is null || !Types.Contains(r.Type))
        {
            errors["type"] = [$"must be one of {string.Join(", ", Types)}"];
        }
        if (string.IsNullOrWhiteSpace(r.AlertId) || r.AlertId.Length > EventParser.MaxAlertIdLength || r.AlertId.Any(char.IsControl))
        {
            errors["alertId"] = ["required: the alert's id"];
        }
        if (r.Data is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            errors["data"] = ["must be a JSON object"];
        }
        return errors.Count == 0 ? null : new CommandOutcome.Invalid("Invalid command", errors);
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
        if (refusal is not null)
        {
            return refusal;
        }
        var version = host.Read(p => p.TryGetAlert(request.AlertId!, out var a) ? a.Version : 0);
        return new CommandOutcome.Accepted(new CommandAccepted(eventId, version));
    }

    private (CommandOutcome? Outcome, RawEvent? Event) Plan(CommandCenterProjection p, CommandUser user, CommandRequest request, string eventId)
    {
        if (!p.TryGetAlert(request.AlertId!, out var alert) || !alert.IsOwnedBy(user.Scope.Jurisdiction))
        {
            return (new CommandOutcome.NotFound(), null);
        }
        if (user.Role != Roles.Administrator && user.Role != alert.OwnerRole)
        {
            return (CommandOutcome.Invalid.One("role", $"this alert is for the role {alert.OwnerRole}, not {user.Role}"), null);
        }
        if (!alert.IsOpen)
        {
            return (new CommandOutcome.Conflict(new CommandConflict("", "", alert.ResolvedAt!.Value, alert.Version, "the alert was resolved")), null);
        }
        if (alert.AcknowledgedAt is { } acknowledgedAt)
        {
            // Acknowledged is acknowledged, whatever the user meant to do next: the screen shows who took it on.
            return (new CommandOutcome.Conflict(new CommandConflict(alert.AcknowledgedBy?.Username ?? "", alert.AcknowledgedBy?.DisplayName ?? "",
                acknowledgedAt, alert.Version, "already acknowledged")), null);
        }
        var input = request.Data is { ValueKind: JsonValueKind.Object } d ? JsonObject.Create(d)! : [];
        var data = new JsonObject { ["alert_id"] = alert.Id, ["actor"] = user.ActorJson() };
        var now = time.GetUtcNow();
        if (request.Type == AlertCommands.Muted)
        {
            if (MuteUntil(input, now, p.AlertSettings.MaxMute) is not { } until)
            {
                var max = p.AlertSettings.MaxMute;
                return (CommandOutcome.Invalid.One("data.until",
                    $"required: when the mute ends, after now and at most {max.TotalHours.ToString(CultureInfo.InvariantCulture)} hours ahead (or data.minutes)"), null);
            }
            var reason = Text(input, "reason")?.Trim();
            if (string.IsNullOrEmpty(reason) || reason.Length > EventParser.MaxMuteReasonLength || !Actor.IsAllowedText(reason))
            {
                return (CommandOutcome.Invalid.One("data.reason", $"required: why the alert is muted, 1-{EventParser.MaxMuteReasonLength} printable characters"), null);
            }
            data["until"] = EventTimestamps.Format(until);
            data["reason"] = reason;
        }
        return (null, new RawEvent(eventId, request.Type!, EventTypes.CurrentVersion, EventTimestamps.Format(now),
            CommandRoutes.DashboardSource, data.ToJsonString()));
    }

    /// <summary><c>data.until</c> (a timestamp), or <c>data.minutes</c> from now (the panel's durations: no client clock involved).</summary>
    private static DateTimeOffset? MuteUntil(JsonObject data, DateTimeOffset now, TimeSpan max)
    {
        DateTimeOffset? until = null;
        if (Text(data, "until") is { } text && EventTimestamps.TryParse(text, out var parsed))
        {
            until = parsed;
        }
        else if (data["minutes"] is JsonValue v && v.TryGetValue<double>(out var minutes) && double.IsFinite(minutes) && minutes is > 0 and < 1e7)
        {
            until = now + TimeSpan.FromMinutes(minutes);
        }
        return until is { } u && u > now && u <= now + max ? u : null;
    }

    private static string? Text(JsonObject data, string field) =>
        data[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
