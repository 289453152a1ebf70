using Lbc.Domain.Regions;
using Lbc.Domain.Registry;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Reading;
using static Lbc.Ledger.Validation.LedgerProblemCodes;

namespace Lbc.Ledger.Validation;

/// <summary>
/// Checks every row of a ledger against the reference geography, the user's jurisdiction and the policy (a
/// left-behind child is under 16), and collects every problem at once so township staff fix the file in one go.
/// Rows with problems are set aside; the rest can still be imported.
/// </summary>
public sealed class LedgerValidator(RegionCatalog regions, StaffIds? staffIds = null)
{
    private const int MaxChildIdLength = 128; // the catalog's id limit (docs/events.md)

    private readonly RegionCatalog _regions = regions;
    private readonly StaffIds _staffIds = staffIds ?? StaffIds.Unkeyed;

    /// <param name="jurisdiction">The user's region: a township (9 digits) for township staff, a county (6) for county civil affairs.</param>
    /// <param name="importDate">Today in China (UTC+8): ages and "in the future" are judged on this day.</param>
    /// <param name="isHeld">
    /// Whether the command center already holds a child id. A row of such a child may leave 姓名 and 性别 empty: the ledger
    /// export carries no names (they never leave the server in bulk), so an exported file imported again is unchanged,
    /// and the names held stay as they are. Null: every row needs them.
    /// </param>
    /// <exception cref="ArgumentException">The jurisdiction is not a known region code.</exception>
    public LedgerValidation Validate(LedgerTable table, string jurisdiction, DateOnly importDate, Func<string, bool>? isHeld = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (string.IsNullOrEmpty(jurisdiction) || !_regions.IsKnown(jurisdiction) || RegionCodes.LevelOf(jurisdiction) == RegionLevel.Village)
        {
            throw new ArgumentException("The jurisdiction must be a known province, city, county or township code.", nameof(jurisdiction));
        }
        var problems = new List<LedgerProblem>();
        foreach (var column in table.DuplicateColumns.Distinct())
        {
            problems.Add(new(table.HeaderRow, table.HeaderOf(column), DuplicateColumn, "此列在表头中出现了不止一次，只读取了第一列。"));
        }
        foreach (var info in LedgerLayout.Columns.Where(c => c.Required && !table.Has(c.Column)))
        {
            problems.Add(new(table.HeaderRow, info.Header, MissingColumn, $"缺少必填列“{info.Header}”（或英文表头 {info.Alias}），整个文件无法导入。"));
        }
        var townships = new SortedSet<string>(StringComparer.Ordinal);
        if (RegionCodes.LevelOf(jurisdiction) == RegionLevel.Township)
        {
            townships.Add(jurisdiction);
        }
        if (problems.Any(p => p.Code == MissingColumn))
        {
            return new LedgerValidation(jurisdiction, importDate, table.Rows.Count, [], [], problems, [.. townships], Blocked: true);
        }

        var checks = table.Rows.Select(row => new RowCheck(this, table, row, jurisdiction, importDate, isHeld)).ToList();
        MarkDuplicates(checks, table);
        var records = new List<LedgerRecord>();
        var rejected = new List<LedgerRejectedRow>();
        foreach (var check in checks)
        {
            if (check.Township is string t)
            {
                townships.Add(t);
            }
            problems.AddRange(check.Problems);
            if (check.Problems.Count == 0)
            {
                records.Add(check.ToRecord());
            }
            else
            {
                rejected.Add(new LedgerRejectedRow(check.Row.Number, check.ChildId, check.AgedOut));
            }
        }
        var order = LedgerLayout.Columns.Select(c => table.HeaderOf(c.Column)).ToList();
        problems.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : order.IndexOf(a.Column).CompareTo(order.IndexOf(b.Column)));
        return new LedgerValidation(jurisdiction, importDate, table.Rows.Count, records, rejected, problems, [.. townships], Blocked: false);
    }

    /// <summary>A child listed twice: which row is right is for the user to say, so every one of them is reported.</summary>
    private static void MarkDuplicates(List<RowCheck> checks, LedgerTable table)
    {
        foreach (var group in checks.Where(c => c.ChildId is not null).GroupBy(c => c.ChildId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var rows = string.Join("、", group.Select(c => c.Row.Number));
            foreach (var check in group)
            {
                check.Add(LedgerColumn.ChildId, DuplicateChild, $"同一儿童编号在文件中出现多次（第 {rows} 行），请只保留一行。");
            }
        }
    }

    /// <summary>The checks of one row; reasons name the column and the rule, never the cell's value.</summary>
    private sealed class RowCheck
    {
        private readonly LedgerValidator _owner;
        private readonly LedgerTable _table;
        private string _village = "";
        private DateOnly _birth;
        private LeftBehindKind _kind;
        private GuardianArrangement _guardian;
        private string _sex = "";
        private bool? _dropout;
        private DateOnly? _lastVisit;

        public RowCheck(LedgerValidator owner, LedgerTable table, LedgerRow row, string jurisdiction, DateOnly today, Func<string, bool>? isHeld)
        {
            _owner = owner;
            _table = table;
            Row = row;
            CheckPlace(jurisdiction);
            CheckChildId();
            CheckPerson(isHeld);
            CheckBirth(today);
            CheckWords();
            CheckVisit(today);
        }

        public LedgerRow Row { get; }

        public List<LedgerProblem> Problems { get; } = [];

        /// <summary>The row's township when it is a known township inside the jurisdiction.</summary>
        public string? Township { get; private set; }

        public string? ChildId { get; private set; }

        public bool AgedOut { get; private set; }

        public void Add(LedgerColumn column, string code, string reason) =>
            Problems.Add(new LedgerProblem(Row.Number, _table.HeaderOf(column), code, reason));

        public LedgerRecord ToRecord()
        {
            var teacher = Optional(LedgerColumn.PairedTeacher);
            var visitedBy = Optional(LedgerColumn.VisitedBy);
            var personal = new PersonalFields(Cell(LedgerColumn.Name), _sex, Optional(LedgerColumn.GuardianName),
                Optional(LedgerColumn.GuardianPhone), Optional(LedgerColumn.ParentsWorkPlace), Optional(LedgerColumn.School),
                teacher, visitedBy);
            var township = Township!;
            return new LedgerRecord(Row.Number, ChildId!, township, _village, _birth, _kind, _guardian,
                teacher is null ? null : _owner._staffIds.Teacher(township, teacher), _dropout, _lastVisit,
                _lastVisit is null ? null : _owner._staffIds.Visitor(township, visitedBy), personal);
        }

        private string Cell(LedgerColumn column) => _table.Cell(Row, column);

        private string? Optional(LedgerColumn column) => Cell(column) is { Length: > 0 } text ? text : null;

        private bool Present(LedgerColumn column)
        {
            if (Cell(column).Length > 0)
            {
                return true;
            }
            Add(column, Required, "必填项为空。");
            return false;
        }

        private void CheckPlace(string jurisdiction)
        {
            string? township = null;
            if (Present(LedgerColumn.TownshipCode))
            {
                var code = Cell(LedgerColumn.TownshipCode);
                if (RegionCodes.LevelOf(code) != RegionLevel.Township || !_owner._regions.TryGetTownship(code, out _))
                {
                    Add(LedgerColumn.TownshipCode, UnknownTownship, "乡镇代码不是辽宁省行政区划中的 9 位乡镇（街道）代码。");
                }
                else if (!RegionCodes.Contains(jurisdiction, code))
                {
                    Add(LedgerColumn.TownshipCode, OutsideJurisdiction, "该乡镇不在您的管辖范围内。");
                }
                else
                {
                    township = code;
                }
            }
            if (!Present(LedgerColumn.VillageCode))
            {
                Township = township;
                return;
            }
            var village = Cell(LedgerColumn.VillageCode);
            if (!_owner._regions.TryGetTownshipOfVillage(village, out var villageTownship))
            {
                Add(LedgerColumn.VillageCode, UnknownVillage, "村代码不是辽宁省行政区划中的 12 位村（居）委会代码。");
            }
            else if (township is not null && villageTownship.Code != township)
            {
                Add(LedgerColumn.VillageCode, VillageNotInTownship, "该村不属于本行填写的乡镇（村代码前 9 位应与乡镇代码相同）。");
            }
            else if (!RegionCodes.Contains(jurisdiction, village))
            {
                if (!Problems.Any(p => p.Code == OutsideJurisdiction))
                {
                    Add(LedgerColumn.VillageCode, OutsideJurisdiction, "该村不在您的管辖范围内。");
                }
            }
            else
            {
                _village = village;
            }
            Township = township;
        }

        private void CheckChildId()
        {
            if (!Present(LedgerColumn.ChildId))
            {
                return;
            }
            var id = Cell(LedgerColumn.ChildId);
            ChildId = id; // even a malformed id keeps this child from being proposed for exit
            var name = Cell(LedgerColumn.Name);
            if (id.StartsWith("示例", StringComparison.Ordinal))
            {
                Add(LedgerColumn.ChildId, ExampleRow, "这是模板中的示例行，请删除后再导入。");
            }
            else if (id.Length > MaxChildIdLength)
            {
                Add(LedgerColumn.ChildId, InvalidChildId, $"儿童编号超过 {MaxChildIdLength} 个字符。");
            }
            else if (LooksLikeIdCardNumber(id))
            {
                // The id travels in every event and to every dashboard; an ID-card number would expose the child.
                Add(LedgerColumn.ChildId, InvalidChildId, "儿童编号不能使用身份证号，请使用台账编号（一人一档编号）。");
            }
            else if (name.Length >= 2 && id.Contains(name, StringComparison.Ordinal))
            {
                Add(LedgerColumn.ChildId, InvalidChildId, "儿童编号不能包含儿童姓名。");
            }
        }

        private void CheckPerson(Func<string, bool>? isHeld)
        {
            if (Cell(LedgerColumn.Name).Length == 0 && Cell(LedgerColumn.Sex).Length == 0
                && ChildId is { } id && isHeld?.Invoke(id) == true)
            {
                return; // a held child's personal data stays as held (PersonalFields.Given is false)
            }
            Present(LedgerColumn.Name);
            if (Present(LedgerColumn.Sex))
            {
                if (LedgerWords.ParseSex(Cell(LedgerColumn.Sex)) is string sex)
                {
                    _sex = sex;
                }
                else
                {
                    Add(LedgerColumn.Sex, InvalidSex, "性别应填“男”或“女”。");
                }
            }
        }

        private void CheckBirth(DateOnly today)
        {
            if (!Present(LedgerColumn.BirthDate))
            {
                return;
            }
            if (!LedgerDates.TryParse(Cell(LedgerColumn.BirthDate), out _birth))
            {
                Add(LedgerColumn.BirthDate, InvalidDate, "出生日期无法识别，请填写如 2016-05-14 或 2016/5/14 的日期。");
            }
            else if (_birth > today)
            {
                Add(LedgerColumn.BirthDate, BirthInFuture, "出生日期晚于导入日期。");
            }
            else if (_birth.AddYears(16) <= today)
            {
                AgedOut = true;
                Add(LedgerColumn.BirthDate, Age16OrOver, "儿童在导入日已满 16 周岁，不属于留守儿童，请办理退出（原因：年满16周岁）。");
            }
        }

        private void CheckWords()
        {
            if (Present(LedgerColumn.Category) && !LedgerWords.TryParseKind(Cell(LedgerColumn.Category), out _kind))
            {
                Add(LedgerColumn.Category, UnknownCategory, "留守类型应为“父母均外出务工”或“一方外出务工另一方无监护能力”。");
            }
            if (Present(LedgerColumn.Guardian) && !LedgerWords.TryParseGuardian(Cell(LedgerColumn.Guardian), out _guardian))
            {
                Add(LedgerColumn.Guardian, UnknownGuardian, "监护类型应为“父母一方”“受委托监护人”或“无人监护”。");
            }
            if (Optional(LedgerColumn.Dropout) is string dropout)
            {
                if (LedgerWords.TryParseYesNo(dropout, out var value))
                {
                    _dropout = value;
                }
                else
                {
                    Add(LedgerColumn.Dropout, InvalidDropout, "是否辍学应填“是”或“否”，不清楚时留空。");
                }
            }
        }

        private void CheckVisit(DateOnly today)
        {
            if (Optional(LedgerColumn.LastVisit) is not string text)
            {
                return;
            }
            if (!LedgerDates.TryParse(text, out var visit))
            {
                Add(LedgerColumn.LastVisit, InvalidDate, "最近走访日期无法识别，请填写如 2026-03-05 或 2026/3/5 的日期。");
            }
            else if (visit > today)
            {
                Add(LedgerColumn.LastVisit, VisitInFuture, "最近走访日期晚于导入日期。");
            }
            else
            {
                _lastVisit = visit;
            }
        }

        /// <summary>18 characters of the resident ID card (GB 11643): 17 digits then a digit or X, a birth date inside.</summary>
        private static bool LooksLikeIdCardNumber(string id)
        {
            if (id.Length != 18 || id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9')
                || !(char.IsAsciiDigit(id[17]) || id[17] is 'X' or 'x'))
            {
                return false;
            }
            return LedgerDates.TryParse(id.Substring(6, 8), out var birth) && birth.Year >= 1900;
        }
    }
}
