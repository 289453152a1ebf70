using Lbc.Domain.Regions;

namespace Lbc.Domain.Audit;

/// <summary>
/// One line of the audit trail: an <c>audit.recorded</c> event, or a command (an event with <c>data.actor</c>).
/// <see cref="Action"/> is the audit word (<c>sign_in</c>, <c>access_refused</c>…) or the command's event type.
/// <see cref="Region"/> is what the line is about (the case's or placement's township, an institution's region) when
/// known; <see cref="Jurisdiction"/> is the acting user's. <see cref="Sequence"/> numbers lines in log order (paging).
/// </summary>
public readonly record struct AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string Action,
    string Outcome,
    string? User,
    string? Role,
    string? Jurisdiction,
    string? CaseId,
    string? Target,
    string? Reason,
    string? Region,
    string? Address)
{
    /// <summary>
    /// An administrator of <paramref name="jurisdiction"/> sees a line about a place in it, or by a user of it. A line
    /// with neither (a failed sign-in under an unknown name) belongs to the province: only its administrators see it.
    /// </summary>
    public bool VisibleTo(string jurisdiction) =>
        (Region is not null && RegionCodes.Contains(jurisdiction, Region))
        || (Jurisdiction is not null && RegionCodes.Contains(jurisdiction, Jurisdiction))
        || (Region is null && Jurisdiction is null && jurisdiction == RegionCodes.Liaoning);
}

/// <summary>Filters of <c>GET /api/audit</c>; null means any. <see cref="Before"/>: only lines older than this sequence (the next page).</summary>
public sealed record AuditFilter(string? User = null, string? CaseId = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    long? Before = null)
{
    public bool Matches(in AuditEntry e) =>
        (User is null || string.Equals(e.User, User, StringComparison.OrdinalIgnoreCase))
        && (CaseId is null || string.Equals(e.CaseId, CaseId, StringComparison.Ordinal))
        && (From is null || e.At >= From)
        && (To is null || e.At < To);
}
