namespace Lbc.Ledger.Validation;

/// <summary>
/// The outcome of validating one file for one jurisdiction on one import date.
/// </summary>
/// <param name="RowCount">Data rows in the file (empty rows not counted).</param>
/// <param name="Records">The rows without problems, in file order.</param>
/// <param name="Rejected">The rows with at least one problem.</param>
/// <param name="Problems">Every problem, by row then column.</param>
/// <param name="Townships">
/// The townships this file speaks for: the user's own township, and every known township of the jurisdiction that
/// a row names. Only their children can be proposed for exit: a county importing two townships' ledgers says nothing
/// about its other townships.
/// </param>
/// <param name="Blocked">A required column is missing: no row can be read, so nothing may be imported.</param>
public sealed record LedgerValidation(
    string Jurisdiction,
    DateOnly ImportDate,
    int RowCount,
    IReadOnlyList<LedgerRecord> Records,
    IReadOnlyList<LedgerRejectedRow> Rejected,
    IReadOnlyList<LedgerProblem> Problems,
    IReadOnlyList<string> Townships,
    bool Blocked);
