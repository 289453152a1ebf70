using System.Security.Claims;
using System.Text.Json.Nodes;
using Lbc.Server.Access;

namespace Lbc.Server.Commands;

/// <summary>The signed-in user as a command names them: scope from the claims, and the actor written on the event.</summary>
public sealed record CommandUser(string Username, string DisplayName, string Role, Scope Scope)
{
    public static CommandUser? Of(ClaimsPrincipal user) =>
        ScopePolicy.ScopeOf(user) is { } scope && user.Identity?.Name is { Length: > 0 } name
            ? new CommandUser(name, user.FindFirstValue(ScopePolicy.DisplayNameClaim) ?? name,
                user.FindFirstValue(ClaimTypes.Role) ?? "", scope)
            : null;

    /// <summary><c>data.actor</c> of the events this user's command appends: who, and as which role of which region (the audit trail).</summary>
    public JsonObject ActorJson() => new()
    {
        ["username"] = Username,
        ["display_name"] = DisplayName,
        ["role"] = Role,
        ["jurisdiction"] = Scope.Jurisdiction,
    };
}
