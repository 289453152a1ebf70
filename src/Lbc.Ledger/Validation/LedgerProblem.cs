namespace Lbc.Ledger.Validation;

/// <summary>
/// One problem in an uploaded ledger: the row the user sees in Excel, the column's header, a stable English
/// <see cref="Code"/> (<see cref="LedgerProblemCodes"/>) and a Chinese <see cref="Reason"/>. A reason never quotes
/// a cell: a cell may hold a name or a phone number, and problems are shown, logged and returned by the API.
/// </summary>
public sealed record LedgerProblem(int Row, string Column, string Code, string Reason);

/// <summary>The codes of <see cref="LedgerProblem"/>.</summary>
public static class LedgerProblemCodes
{
    /// <summary>A required column is not in the header (file level: no row can be imported).</summary>
    public const string MissingColumn = "missing_column";

    /// <summary>A column appears twice in the header; the first is read.</summary>
    public const string DuplicateColumn = "duplicate_column";

    public const string Required = "required";
    public const string UnknownTownship = "unknown_township";
    public const string UnknownVillage = "unknown_village";
    public const string VillageNotInTownship = "village_not_in_township";
    public const string OutsideJurisdiction = "outside_jurisdiction";
    public const string InvalidChildId = "invalid_child_id";
    public const string InvalidDate = "invalid_date";
    public const string BirthInFuture = "birth_in_future";
    public const string Age16OrOver = "age_16_or_over";
    public const string UnknownCategory = "unknown_category";
    public const string UnknownGuardian = "unknown_guardian";
    public const string InvalidSex = "invalid_sex";
    public const string InvalidDropout = "invalid_dropout";
    public const string VisitInFuture = "visit_in_future";
    public const string DuplicateChild = "duplicate_child";

    /// <summary>The template's example row (child id starting with 示例) was left in.</summary>
    public const string ExampleRow = "example_row";
}
