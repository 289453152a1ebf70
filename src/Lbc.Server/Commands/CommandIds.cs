using System.Security.Cryptography;
using System.Text;

namespace Lbc.Server.Commands;

/// <summary>
/// Event ids made from who sent a command and its client-made id: the same command sent twice (a retry, a double
/// click, another instance behind the load balancer) makes the same event id, which the projection applies once.
/// Hashed, so the id reveals neither the username nor anything the client put in its command id.
/// </summary>
public static class CommandIds
{
    public static string EventId(string username, string commandId, string part = "")
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(username + "\n" + commandId + "\n" + part));
        return "cmd-" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + (part.Length > 0 ? "-" + part : "");
    }

    /// <summary>A command id: 1-128 printable characters (it is part of an idempotency key, never shown).</summary>
    public static bool IsValid(string? commandId) =>
        !string.IsNullOrWhiteSpace(commandId) && commandId.Length <= 128 && !commandId.Any(char.IsControl);
}
