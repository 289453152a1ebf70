using System.Security.Claims;
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
}
