using Lbc.Domain.Registry;

namespace Lbc.Ledger.Validation;

/// <summary>
/// A ledger row that passed validation, in the catalog's terms. Teacher and visitor appear only as pseudonymous
/// ids (<see cref="StaffIds"/>); their names and the child's are in <see cref="Personal"/>.
/// </summary>
/// <param name="Row">The row number in the file.</param>
/// <param name="TeacherId">The paired teacher's pseudonymous id, or null when the 结对教师 cell is empty.</param>
/// <param name="Dropout">是 true, 否 false, empty null (the ledger says nothing, nothing changes).</param>
/// <param name="VisitorId">The visitor's pseudonymous id when <paramref name="LastVisit"/> is given.</param>
public sealed record LedgerRecord(
    int Row,
    string ChildId,
    string TownshipCode,
    string VillageCode,
    DateOnly BirthDate,
    LeftBehindKind Kind,
    GuardianArrangement Guardian,
    string? TeacherId,
    bool? Dropout,
    DateOnly? LastVisit,
    string? VisitorId,
    PersonalFields Personal);

/// <summary>A row with at least one problem. Its child is still in the file, so it is never proposed for exit.</summary>
/// <param name="AgedOut">The birth date was readable and the child is 16 or over: the exit reason is evident.</param>
public sealed record LedgerRejectedRow(int Row, string? ChildId, bool AgedOut);
