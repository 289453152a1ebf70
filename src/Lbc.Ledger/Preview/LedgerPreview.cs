using Lbc.Domain.Registry;
using Lbc.Ledger.Validation;

namespace Lbc.Ledger.Preview;

/// <summary>A field of a child's record that an update can change.</summary>
public enum LedgerField
{
    Village,
    BirthDate,
    Kind,
    Guardian,
}

/// <summary>A child already in the ledger whose record the file changes.</summary>
public sealed record LedgerUpdate(LedgerRecord Record, LedgerBaselineRecord Before, IReadOnlyList<LedgerField> Changed);

/// <summary>
/// An active child of a township the file covers who is not in the file. Nothing happens to them unless the user
/// picks an exit reason: a row missing by mistake must not make a child vanish from the counts.
/// </summary>
/// <param name="Current">The child's record as the command center holds it.</param>
/// <param name="SuggestedReason"><c>turned_16</c> when the child is 16 on the import date; otherwise the user must say.</param>
/// <param name="Row">The row that listed the child when it was rejected because the child is 16 or over.</param>
public sealed record ProposedExit(LedgerBaselineRecord Current, ExitReason? SuggestedReason, int? Row)
{
    public string ChildId => Current.ChildId;

    public string TownshipCode => Current.TownshipCode;
}

/// <summary>The figures the import page shows before the user commits.</summary>
public sealed record LedgerPreviewCounts(
    int Rows,
    int ValidRows,
    int BadRows,
    int Problems,
    int NewChildren,
    int Updated,
    int Unchanged,
    int ProposedExits,
    int Visits,
    int Pairings,
    int DropoutsReported,
    int DropoutsReturned);

/// <summary>What importing the file would do to the township's ledger, row by row.</summary>
public sealed record LedgerPreview(
    LedgerValidation Validation,
    IReadOnlyList<LedgerRecord> NewChildren,
    IReadOnlyList<LedgerUpdate> Updated,
    IReadOnlyList<LedgerRecord> Unchanged,
    IReadOnlyList<ProposedExit> ProposedExits,
    IReadOnlyList<LedgerRecord> Visits,
    IReadOnlyList<LedgerRecord> Pairings,
    IReadOnlyList<LedgerRecord> DropoutsReported,
    IReadOnlyList<LedgerRecord> DropoutsReturned,
    IReadOnlyDictionary<string, LedgerBaselineRecord> Before)
{
    // Before: the baseline record (active or exited) of every child the file lists, for the event ids.

    public IReadOnlyList<LedgerProblem> Problems => Validation.Problems;

    /// <summary>False when the file changes nothing but the records' freshness (an unchanged ledger).</summary>
    public bool HasChanges =>
        NewChildren.Count + Updated.Count + ProposedExits.Count + Visits.Count + Pairings.Count
        + DropoutsReported.Count + DropoutsReturned.Count > 0;

    public LedgerPreviewCounts Counts => new(
        Validation.RowCount, Validation.Records.Count, Validation.Rejected.Count, Validation.Problems.Count,
        NewChildren.Count, Updated.Count, Unchanged.Count, ProposedExits.Count,
        Visits.Count, Pairings.Count, DropoutsReported.Count, DropoutsReturned.Count);
}
