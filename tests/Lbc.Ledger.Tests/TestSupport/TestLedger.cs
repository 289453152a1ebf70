using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Reading;

namespace Lbc.Ledger.Tests.TestSupport;

/// <summary>
/// A township ledger as staff would type it, written out as a real CSV (any encoding) or XLSX (with the Open XML
/// SDK, shared strings and serial dates as Excel writes them). Every child gets its own personal values so a test
/// can look for them where they must not be.
/// </summary>
internal sealed class TestLedger
{
    private static readonly string[] s_names = ["王小丫", "李春燕", "刘铁柱", "陈思远", "杨雨涵", "赵子轩", "黄梓萱", "周浩然", "吴欣怡", "徐俊杰"];

    public TestLedger(IReadOnlyList<string>? headers = null) =>
        Headers = headers ?? [.. LedgerLayout.Columns.Select(c => c.Header)];

    public IReadOnlyList<string> Headers { get; }

    public List<Dictionary<LedgerColumn, string>> Rows { get; } = [];

    /// <summary>Adds a valid child of 小城子镇 (born 2016-05-14, last visited 2026-03-05), then applies <paramref name="edit"/>.</summary>
    public TestLedger Child(string childId, Action<Dictionary<LedgerColumn, string>>? edit = null)
    {
        var n = Rows.Count;
        var row = new Dictionary<LedgerColumn, string>
        {
            [LedgerColumn.TownshipCode] = Geography.Township,
            [LedgerColumn.VillageCode] = Geography.Village,
            [LedgerColumn.ChildId] = childId,
            [LedgerColumn.Name] = s_names[n % s_names.Length] + (n >= s_names.Length ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""),
            [LedgerColumn.Sex] = n % 2 == 0 ? "女" : "男",
            [LedgerColumn.BirthDate] = "2016-05-14",
            [LedgerColumn.Category] = "父母均外出务工",
            [LedgerColumn.Guardian] = "受委托监护人",
            [LedgerColumn.GuardianName] = $"监护人甲{n}号",
            [LedgerColumn.GuardianPhone] = $"139{n:D8}",
            [LedgerColumn.ParentsWorkPlace] = "大连市甘井子区",
            [LedgerColumn.School] = "小城子镇中心小学",
            [LedgerColumn.PairedTeacher] = "",
            [LedgerColumn.Dropout] = "否",
            [LedgerColumn.LastVisit] = "2026-03-05",
            [LedgerColumn.VisitedBy] = "周建国",
        };
        edit?.Invoke(row);
        Rows.Add(row);
        return this;
    }

    /// <summary>Every personal value of every row: none of them may appear in an event, a problem or a message.</summary>
    public IEnumerable<string> PersonalValues() => Rows.SelectMany(r => r.Where(p => LedgerLayout.Of(p.Key).Personal && p.Value.Length >= 2).Select(p => p.Value))
        .Where(v => v is not "男" and not "女").Distinct();

    public string[][] Grid() =>
        [[.. Headers], .. Rows.Select(r => Headers.Select(h => LedgerLayout.Resolve(h) is LedgerColumn c && r.TryGetValue(c, out var v) ? v : "").ToArray())];

    public string ToCsvText() => string.Concat(Grid().Select(cells => string.Join(',', cells.Select(Quote)) + "\r\n"));

    public byte[] ToCsv(Encoding encoding, bool bom = false)
    {
        var body = encoding.GetBytes(ToCsvText());
        return bom ? [.. encoding.GetPreamble(), .. body] : body;
    }

    public LedgerTable ReadCsv() => LedgerFileReader.Parse(ToCsv(Encoding.UTF8, bom: true), "台账.csv");

    /// <summary>Date columns as Excel serial numbers (with a date format), codes as shared strings.</summary>
    public byte[] ToXlsx(IEnumerable<string>? merges = null, bool datesAsSerial = true) =>
        Xlsx.Write(Grid(), Headers.Select(h => LedgerLayout.Resolve(h) is LedgerColumn c && LedgerLayout.Of(c).IsDate).ToArray(), merges, datesAsSerial);

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

/// <summary>Writes test workbooks with the Open XML SDK, as Excel lays them out.</summary>
internal static class Xlsx
{
    /// <summary>A grid value starting with this is written as a number cell with the raw text that follows.</summary>
    public const string NumberPrefix = "#number:";

    public static byte[] Write(string[][] grid, bool[] dateColumns, IEnumerable<string>? merges = null, bool datesAsSerial = true,
        string[][]? secondSheet = null)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellStyleFormats(new CellFormat()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
            var shared = new List<string>();
            var sheets = new Sheets();
            // The junk sheet's part is created first: "first worksheet" must mean first in the workbook's order.
            WorksheetPart? junkPart = secondSheet is null ? null : workbookPart.AddNewPart<WorksheetPart>();
            var ledgerPart = workbookPart.AddNewPart<WorksheetPart>();
            ledgerPart.Worksheet = Sheet(grid, dateColumns, merges, datesAsSerial, shared);
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(ledgerPart), SheetId = 1, Name = "信息台账" });
            if (junkPart is not null)
            {
                junkPart.Worksheet = Sheet(secondSheet!, new bool[secondSheet![0].Length], null, false, shared);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(junkPart), SheetId = 2, Name = "说明" });
            }
            workbookPart.Workbook.AppendChild(sheets);
            var table = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s)))) { Count = (uint)shared.Count, UniqueCount = (uint)shared.Count };
            workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable = table;
        }
        return stream.ToArray();
    }

    private static Worksheet Sheet(string[][] grid, bool[] dateColumns, IEnumerable<string>? merges, bool datesAsSerial, List<string> shared)
    {
        var data = new SheetData();
        for (var r = 0; r < grid.Length; r++)
        {
            var row = new Row { RowIndex = (uint)r + 1 };
            for (var c = 0; c < grid[r].Length; c++)
            {
                var value = grid[r][c];
                if (value.Length == 0)
                {
                    continue; // Excel writes no element for an empty cell
                }
                var reference = $"{(char)('A' + c)}{r + 1}";
                if (value.StartsWith(NumberPrefix, StringComparison.Ordinal))
                {
                    // A number cell exactly as Excel may store it ("2.101231012E+11").
                    row.Append(new Cell { CellReference = reference, CellValue = new CellValue(value[NumberPrefix.Length..]) });
                    continue;
                }
                if (r > 0 && datesAsSerial && c < dateColumns.Length && dateColumns[c] && DateOnly.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var date))
                {
                    row.Append(new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(ExcelDates.ToSerial(date)) });
                    continue;
                }
                var index = shared.IndexOf(value);
                if (index < 0)
                {
                    index = shared.Count;
                    shared.Add(value);
                }
                row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index) });
            }
            data.Append(row);
        }
        var sheet = new Worksheet(data);
        if (merges is not null && merges.Any())
        {
            sheet.Append(new MergeCells(merges.Select(m => new MergeCell { Reference = m })));
        }
        return sheet;
    }
}
