namespace Lbc.Contracts;

/// <summary>The township ledger import (ARCHITECTURE.md "ledger import"; page <c>/ledger</c>).</summary>
public static class LedgerRoutes
{
    /// <summary><c>POST</c> multipart, field <c>file</c> (CSV or XLSX, at most 10 MB and 20,000 rows): 200 <see cref="LedgerPreviewDto"/>.</summary>
    public const string Imports = "/api/ledger/imports";

    /// <summary><c>GET</c>: the commit's progress (<see cref="LedgerProgressDto"/>), the uploader only.</summary>
    public const string Import = "/api/ledger/imports/{importId}";

    /// <summary><c>POST</c> <see cref="LedgerCommitRequest"/>: 202 <see cref="LedgerProgressDto"/>; the events are appended in the background.</summary>
    public const string Commit = "/api/ledger/imports/{importId}/commit";

    /// <summary><c>GET</c>: an empty XLSX with the headers and one example row.</summary>
    public const string Template = "/api/ledger/template";

    /// <summary><c>GET ?township=</c>: the township's current ledger as CSV in the import layout (no names: see docs/ledger-import.md).</summary>
    public const string Export = "/api/ledger/export";

    public static string ImportOf(string importId) => Imports + "/" + Uri.EscapeDataString(importId);

    public static string CommitOf(string importId) => ImportOf(importId) + "/commit";

    /// <summary>The words of <see cref="LedgerProgressDto.State"/>.</summary>
    public const string Previewed = "previewed";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>One problem of the file: the row as Excel numbers it, the column as headed in the file, a stable code and a reason (zh-CN) that never quotes a cell.</summary>
public sealed record LedgerErrorDto(int Row, string Column, string Code, string Reason);

/// <summary>A child the import registers or changes: never a name, only the ledger's id, the row and the village.</summary>
/// <param name="Fields">For an update, the fields that change: <c>village</c>, <c>birth_date</c>, <c>kind</c>, <c>guardian</c>.</param>
public sealed record LedgerChangeDto(string ChildId, int Row, string VillageCode, IReadOnlyList<string> Fields);

/// <summary>An active child of a covered township missing from the file. Nothing happens unless the user picks a reason.</summary>
/// <param name="SuggestedReason"><c>turned_16</c> when the child is 16 on the import date; otherwise null (the user says why).</param>
/// <param name="Row">The row that listed the child when it was rejected for being 16 or over.</param>
public sealed record LedgerExitDto(string ChildId, string TownshipCode, string? VillageCode, string? SuggestedReason, int? Row);

/// <summary>What the import would do, computed before anything is written.</summary>
public sealed record LedgerCountsDto(
    int Rows, int ValidRows, int BadRows, int Problems, int NewChildren, int Updated, int Unchanged, int ProposedExits,
    int Visits, int Pairings, int DropoutsReported, int DropoutsReturned);

/// <summary>
/// <c>POST /api/ledger/imports</c>: the preview, kept on the server for the uploader until <see cref="ExpiresAt"/>.
/// <see cref="NewChildren"/>, <see cref="Updated"/>, <see cref="ProposedExits"/> and <see cref="Errors"/> are the contract's
/// fields; the rest details them for the page.
/// </summary>
/// <param name="Errors">Every problem, by row then column, at most <see cref="ErrorsShownLimit"/> (<see cref="ErrorsTotal"/> counts all).</param>
/// <param name="Blocked">A required column is missing: nothing can be imported.</param>
/// <param name="Townships">The townships the file speaks for (only their children can be proposed for exit).</param>
public sealed record LedgerPreviewDto(
    string ImportId,
    int NewChildren,
    int Updated,
    int ProposedExits,
    IReadOnlyList<LedgerErrorDto> Errors,
    int ErrorsTotal,
    bool Blocked,
    string Quarter,
    IReadOnlyList<string> Townships,
    LedgerCountsDto Counts,
    IReadOnlyList<LedgerChangeDto> NewChildList,
    IReadOnlyList<LedgerChangeDto> UpdatedList,
    IReadOnlyList<LedgerExitDto> ExitList,
    IReadOnlyList<string> ExitReasons,
    DateTimeOffset ExpiresAt)
{
    public const int ErrorsShownLimit = 2_000;
}

/// <summary>
/// <c>POST /api/ledger/imports/{importId}/commit</c>.
/// </summary>
/// <param name="SkipBadRows">Import without the rows that have problems; false refuses a file with any (400).</param>
/// <param name="Exits">Proposed exits the user confirmed: child id to reason word (<see cref="LedgerPreviewDto.ExitReasons"/>). Others stay.</param>
/// <param name="Quarter"><c>2026Q4</c>; null: the quarter of the import date.</param>
public sealed record LedgerCommitRequest(bool SkipBadRows, IReadOnlyDictionary<string, string>? Exits = null, string? Quarter = null);

/// <summary>A commit's progress: events appended so far of <see cref="Total"/>; <see cref="Applied"/> once the figures show them.</summary>
/// <param name="Skipped">Events already on the log (a repeated or resumed import): not appended again.</param>
public sealed record LedgerProgressDto(string ImportId, string State, int Total, int Appended, int Skipped, bool Applied, string? Error);
