namespace Lbc.Contracts;

/// <summary>
/// One line of the audit trail (<c>GET /api/audit</c>): a sign-in, sign-out, refused access, reveal of personal data or
/// export (an <c>audit.recorded</c> event), or a command (<see cref="Action"/> is then its event type). Never a password,
/// a cookie or a value of the data asked for. <see cref="Region"/> is what the line is about (a case's township), shown
/// only when it is inside the reader's jurisdiction.
/// </summary>
public sealed record AuditEntryDto(
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
    string? Address);

/// <summary>A page of the trail, newest first; <see cref="Next"/> is the <c>before</c> of the next (older) page, null at the end.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Entries, long? Next);

public static class AuditRoutes
{
    /// <summary><c>GET /api/audit?user=&amp;caseId=&amp;from=&amp;to=&amp;before=&amp;limit=&amp;format=csv</c>, administrators only.</summary>
    public const string Audit = "/api/audit";

    /// <summary>Audit action words (docs/events.md, <c>audit.recorded</c>).</summary>
    public const string SignIn = "sign_in";
    public const string SignOut = "sign_out";
    public const string AccessRefused = "access_refused";
    public const string PersonalRevealed = "personal_revealed";
    public const string AuditExported = "audit_exported";

    /// <summary>A township ledger uploaded for a preview (or refused: too large, not a ledger user).</summary>
    public const string LedgerUploaded = "ledger_uploaded";

    /// <summary>A previewed ledger committed to the log (the events themselves carry no actor: they are the township's records).</summary>
    public const string LedgerImported = "ledger_imported";

    /// <summary>A township's current ledger downloaded as CSV.</summary>
    public const string LedgerExported = "ledger_exported";

    /// <summary>A bulletin (定期通报) produced for a region and period, as PDF or XLSX.</summary>
    public const string BulletinExported = "bulletin_exported";
}
