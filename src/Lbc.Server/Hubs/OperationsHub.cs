using Lbc.Contracts;
using Lbc.Domain.Audit;
using Lbc.Server.Access;
using Lbc.Server.Audit;
using Lbc.Server.Feed;
using Lbc.Server.Projection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.Server.Hubs;

/// <summary>
/// The single live feed of the dashboard (<c>/hubs/ops</c>), for signed-in users only. The server derives
/// the connection's scope (view x jurisdiction) from the user's claims and puts it into that scope's group;
/// the client has no say (groups are not a security boundary unless the server alone assigns them).
/// Deltas go through <see cref="ScopedFeed"/> (per-connection queues); the group carries what other users
/// say, across instances through the Redis backplane.
/// </summary>
[Authorize]
public sealed class OperationsHub(ScopedFeed feed, ProjectionHost host, TimeProvider time, AuditTrail audit) : Hub
{
    public override async Task OnConnectedAsync()
    {
        if (ScopePolicy.ScopeOf(Context.User) is not { } scope)
        {
            // Signed in, but the claims name no valid role and region: no data at all.
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, scope.Group);
        feed.Register(Context.ConnectionId, scope, Context.Abort);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.Unregister(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// "I am handling case X": told to every case-level user whose jurisdiction contains the case, on every
    /// instance. Only for an open case in the caller's own jurisdiction; the leading group has no cases.
    /// </summary>
    [HubMethodName(OpsHub.MarkHandlingMethod)]
    public async Task MarkHandling(string caseId)
    {
        if (ScopePolicy.ScopeOf(Context.User) is not { } scope
            || host.Read(p => p.TryGetOpenCaseTownship(caseId, out var t) ? t : null) is not { } township
            || !ScopePolicy.Sees(scope, township))
        {
            // The same answer for "no such case" and "not yours": ids outside the jurisdiction stay unconfirmed.
            audit.Record(AuditRecord.Of(Context.User!, Context.GetHttpContext(), AuditAction.AccessRefused, AuditOutcome.Refused) with
            {
                CaseId = caseId, Target = $"hub {OpsHub.Path} {OpsHub.MarkHandlingMethod}", Reason = "not_found",
            });
            throw new HubException("No such open case in your jurisdiction.");
        }
        var user = Context.User!;
        var notice = new CaseHandlingNotice(caseId, user.Identity?.Name ?? "",
            user.FindFirst(ScopePolicy.DisplayNameClaim)?.Value ?? "", time.GetUtcNow());
        await Clients.Groups(ScopePolicy.CaseGroupsFor(township)).SendAsync(OpsHub.HandlingMethod, notice);
    }
}
