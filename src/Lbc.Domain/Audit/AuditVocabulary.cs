using Lbc.Contracts;
using Lbc.Domain.Events;

namespace Lbc.Domain.Audit;

/// <summary>What an <c>audit.recorded</c> event says happened (docs/events.md). Commands are not here: they are events of their own.</summary>
public enum AuditAction : byte
{
    SignIn,
    SignOut,
    AccessRefused,
    PersonalRevealed,
    AuditExported,
    LedgerUploaded,
    LedgerImported,
    LedgerExported,
    BulletinExported,
}

public enum AuditOutcome : byte
{
    Ok,
    Failed,
    Refused,
}

public static class AuditVocabulary
{
    public static Vocabulary<AuditAction> Actions { get; } = new(
        (AuditRoutes.SignIn, AuditAction.SignIn),
        (AuditRoutes.SignOut, AuditAction.SignOut),
        (AuditRoutes.AccessRefused, AuditAction.AccessRefused),
        (AuditRoutes.PersonalRevealed, AuditAction.PersonalRevealed),
        (AuditRoutes.AuditExported, AuditAction.AuditExported),
        (AuditRoutes.LedgerUploaded, AuditAction.LedgerUploaded),
        (AuditRoutes.LedgerImported, AuditAction.LedgerImported),
        (AuditRoutes.LedgerExported, AuditAction.LedgerExported),
        (AuditRoutes.BulletinExported, AuditAction.BulletinExported));

    public static Vocabulary<AuditOutcome> Outcomes { get; } = new(
        ("ok", AuditOutcome.Ok),
        ("failed", AuditOutcome.Failed),
        ("refused", AuditOutcome.Refused));

    public const int MaxTargetLength = 200;
    public const int MaxReasonLength = 500;
    public const int MaxAddressLength = 64;
}
