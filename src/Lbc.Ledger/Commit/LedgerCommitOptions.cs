using Lbc.Domain.Events;
using Lbc.Domain.Registry;
using Lbc.Ledger.Validation;

namespace Lbc.Ledger.Commit;

/// <summary>What the user chose on the preview page.</summary>
/// <param name="Quarter">The quarter the ledger covers; null means the quarter of the import date.</param>
/// <param name="Exits">Proposed exits the user confirmed, by child id, each with its reason. Unlisted ones stay.</param>
/// <param name="SkipBadRows">Import without the rows that have problems; false refuses a file with any bad row.</param>
public sealed record LedgerCommitOptions(
    LedgerQuarter? Quarter = null,
    IReadOnlyDictionary<string, ExitReason>? Exits = null,
    bool SkipBadRows = false);

/// <summary>The events of one import, and the personal values that must not go with them.</summary>
/// <param name="PersonalByChild">
/// The personal fields of every child the events name, for the security layer to encrypt per child and store beside
/// the log (ARCHITECTURE.md "Personal data"). Never appended to the log as they are.
/// </param>
public sealed record LedgerCommit(LedgerQuarter Quarter, IReadOnlyList<RawEvent> Events, IReadOnlyDictionary<string, PersonalFields> PersonalByChild);

/// <summary>The user's choices do not allow the import. <see cref="Code"/> is stable; the message is Chinese.</summary>
public sealed class LedgerCommitException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
