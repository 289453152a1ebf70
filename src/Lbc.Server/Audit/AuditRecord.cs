using System.Globalization;
using System.Security.Claims;
using Lbc.Domain.Audit;
using Lbc.Server.Access;

namespace Lbc.Server.Audit;

/// <summary>
/// What one audit line says, before it becomes an <c>audit.recorded</c> event. Only names, words and ids: the callers
/// never pass a password, a cookie, a request body or a value of personal data, and <see cref="Clean"/> makes whatever a
/// client could choose (a case id in a URL) printable and short, so the event always passes the catalog's checks.
/// </summary>
public sealed record AuditRecord(AuditAction Action, AuditOutcome Outcome)
{
    public string? User { get; init; }
    public string? Role { get; init; }
    public string? Jurisdiction { get; init; }
    public string? CaseId { get; init; }
    public string? Target { get; init; }
    public string? Reason { get; init; }
    public string? Address { get; init; }

    /// <summary>A line about what the signed-in <paramref name="user"/> did, from <paramref name="context"/>'s client address.</summary>
    public static AuditRecord Of(ClaimsPrincipal user, HttpContext? context, AuditAction action, AuditOutcome outcome)
    {
        // Role and region only when they are a valid pair (claims that scope nothing are refused everywhere anyway).
        var scoped = ScopePolicy.ScopeOf(user) is not null;
        return new(action, outcome)
        {
            User = user.Identity?.Name,
            Role = scoped ? user.FindFirstValue(ClaimTypes.Role) : null,
            Jurisdiction = scoped ? ScopePolicy.JurisdictionOf(user) : null,
            Address = AddressOf(context),
        };
    }

    /// <summary>The client address after the trusted proxies' <c>X-Forwarded-For</c> (Security/ForwardedHeaders).</summary>
    public static string? AddressOf(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();

    /// <summary>
    /// Printable and at most <paramref name="max"/> characters: control, format and separator characters and lone
    /// surrogates become '?', so nothing a client sends can break a line of the trail or of its CSV export. Null when empty.
    /// </summary>
    public static string? Clean(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        var chars = (trimmed.Length > max ? trimmed[..max] : trimmed).ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                chars[i] = '?';
            }
        }
        // A cut between the halves of a surrogate pair leaves a lone high surrogate at the end.
        if (chars.Length > 0 && char.IsHighSurrogate(chars[^1]))
        {
            chars[^1] = '?';
        }
        var cleaned = new string(chars).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
