using System.Collections.Frozen;

namespace Lbc.Ledger.Layout;

/// <summary>One column of the ledger: its Chinese header (what the template writes), the English alias accepted on import.</summary>
/// <param name="Personal">True for values that identify a person; they go to <c>PersonalFields</c>, never into an event.</param>
public sealed record LedgerColumnInfo(LedgerColumn Column, string Header, string Alias, bool Required, bool IsDate, bool Personal);

/// <summary>
/// The one place that knows the ledger's headers (DOMAIN.md "Ledger file layout"). Township staff keep their own
/// spreadsheets, so a header is matched leniently: surrounding whitespace, a required-marker asterisk and an alias
/// in brackets ("乡镇代码(township_code)") are ignored, and English aliases are case-insensitive.
/// </summary>
public static class LedgerLayout
{
    public static IReadOnlyList<LedgerColumnInfo> Columns { get; } =
    [
        new(LedgerColumn.TownshipCode, "乡镇代码", "township_code", Required: true, IsDate: false, Personal: false),
        new(LedgerColumn.VillageCode, "村代码", "village_code", Required: true, IsDate: false, Personal: false),
        new(LedgerColumn.ChildId, "儿童编号", "child_id", Required: true, IsDate: false, Personal: false),
        new(LedgerColumn.Name, "姓名", "name", Required: true, IsDate: false, Personal: true),
        new(LedgerColumn.Sex, "性别", "sex", Required: true, IsDate: false, Personal: true),
        new(LedgerColumn.BirthDate, "出生日期", "birth_date", Required: true, IsDate: true, Personal: false),
        new(LedgerColumn.Category, "留守类型", "category", Required: true, IsDate: false, Personal: false),
        new(LedgerColumn.Guardian, "监护类型", "guardian", Required: true, IsDate: false, Personal: false),
        new(LedgerColumn.GuardianName, "监护人姓名", "guardian_name", Required: false, IsDate: false, Personal: true),
        new(LedgerColumn.GuardianPhone, "监护人电话", "guardian_phone", Required: false, IsDate: false, Personal: true),
        new(LedgerColumn.ParentsWorkPlace, "父母务工地", "parents_work_place", Required: false, IsDate: false, Personal: true),
        new(LedgerColumn.School, "就读学校", "school", Required: false, IsDate: false, Personal: true),
        new(LedgerColumn.PairedTeacher, "结对教师", "paired_teacher", Required: false, IsDate: false, Personal: true),
        new(LedgerColumn.Dropout, "是否辍学", "dropout", Required: false, IsDate: false, Personal: false),
        new(LedgerColumn.LastVisit, "最近走访日期", "last_visit", Required: false, IsDate: true, Personal: false),
        new(LedgerColumn.VisitedBy, "走访人", "visited_by", Required: false, IsDate: false, Personal: true),
    ];

    private static readonly FrozenDictionary<string, LedgerColumn> s_byHeader = Columns
        .SelectMany(c => new[] { (Key: c.Header, c.Column), (Key: c.Alias, c.Column) })
        .ToFrozenDictionary(p => p.Key, p => p.Column, StringComparer.OrdinalIgnoreCase);

    public static LedgerColumnInfo Of(LedgerColumn column) => Columns[(int)column];

    /// <summary>The column a header names, or null for a header the ledger does not know (such columns are ignored).</summary>
    public static LedgerColumn? Resolve(string? header)
    {
        if (header is null)
        {
            return null;
        }
        var text = header.Trim().Trim('*', '＊').Trim();
        if (s_byHeader.TryGetValue(text, out var column))
        {
            return column;
        }
        // "乡镇代码(township_code)" or "出生日期（yyyy-mm-dd）": the part before the bracket names the column.
        var bracket = text.IndexOfAny(['(', '（']);
        return bracket > 0 && s_byHeader.TryGetValue(text[..bracket].Trim().Trim('*', '＊'), out column) ? column : null;
    }
}
