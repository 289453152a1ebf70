using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Reading;

namespace Lbc.Ledger.Files;

/// <summary>
/// The empty ledger workbook township staff download: the Chinese headers, one example row with real codes
/// (康平县小城子镇 / 小城子村委会), code and phone columns formatted as text so Excel keeps 12-digit codes intact,
/// and date columns formatted yyyy-mm-dd so what is typed there is a real Excel date.
/// </summary>
public static class LedgerTemplate
{
    /// <summary>The example row's child id. The validator refuses a row whose id starts with "示例", so an unedited template imports nothing.</summary>
    public const string ExampleChildId = "示例-000001";

    public const string SheetName = "信息台账";

    private const uint HeaderStyle = 1;
    private const uint TextStyle = 2;
    private const uint DateStyle = 3;

    private static readonly Dictionary<LedgerColumn, object> s_example = new()
    {
        [LedgerColumn.TownshipCode] = "210123101",
        [LedgerColumn.VillageCode] = "210123101200",
        [LedgerColumn.ChildId] = ExampleChildId,
        [LedgerColumn.Name] = "示例儿童",
        [LedgerColumn.Sex] = "女",
        [LedgerColumn.BirthDate] = new DateOnly(2016, 5, 14),
        [LedgerColumn.Category] = "父母均外出务工",
        [LedgerColumn.Guardian] = "受委托监护人",
        [LedgerColumn.GuardianName] = "示例监护人",
        [LedgerColumn.GuardianPhone] = "13800000000",
        [LedgerColumn.ParentsWorkPlace] = "大连市",
        [LedgerColumn.School] = "小城子镇中心小学",
        [LedgerColumn.PairedTeacher] = "示例教师",
        [LedgerColumn.Dropout] = "否",
        [LedgerColumn.LastVisit] = new DateOnly(2026, 3, 5),
        [LedgerColumn.VisitedBy] = "示例走访人",
    };

    public static byte[] CreateXlsx()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var strings = new SharedStrings(workbookPart.AddNewPart<SharedStringTablePart>());
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();

            var columns = new Columns();
            var header = new Row { RowIndex = 1 };
            var example = new Row { RowIndex = 2 };
            for (var i = 0; i < LedgerLayout.Columns.Count; i++)
            {
                var info = LedgerLayout.Columns[i];
                var style = info.IsDate ? DateStyle : IsText(info.Column) ? TextStyle : 0;
                var index = (uint)i + 1;
                columns.Append(new Column { Min = index, Max = index, Width = info.Header.Length * 2.6 + 6, CustomWidth = true, Style = style });
                var reference = Reference(i);
                header.Append(strings.Cell($"{reference}1", info.Header, HeaderStyle));
                example.Append(s_example[info.Column] is DateOnly date
                    ? new Cell { CellReference = $"{reference}2", StyleIndex = DateStyle, CellValue = new CellValue(ExcelDates.ToSerial(date)) }
                    : strings.Cell($"{reference}2", (string)s_example[info.Column], style));
            }
            sheetPart.Worksheet = new Worksheet(columns, new SheetData(header, example));
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = SheetName }));
            strings.Save();
        }
        return stream.ToArray();
    }

    /// <summary>Columns Excel would mangle as numbers: codes (12 digits), ids, phone numbers.</summary>
    private static bool IsText(LedgerColumn column) =>
        column is LedgerColumn.TownshipCode or LedgerColumn.VillageCode or LedgerColumn.ChildId or LedgerColumn.GuardianPhone;

    private static string Reference(int column) => column < 26
        ? ((char)('A' + column)).ToString()
        : $"{(char)('A' + column / 26 - 1)}{(char)('A' + column % 26)}";

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true, NumberFormatId = 49, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true }, // "@": text
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true })
        { Count = 4 });

    /// <summary>Text cells go through the shared string table, as Excel writes them.</summary>
    private sealed class SharedStrings(SharedStringTablePart part)
    {
        private readonly SharedStringTable _table = new();
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public Cell Cell(string reference, string text, uint style)
        {
            if (!_index.TryGetValue(text, out var i))
            {
                i = _index.Count;
                _index[text] = i;
                _table.Append(new SharedStringItem(new Text(text)));
            }
            return new Cell { CellReference = reference, DataType = CellValues.SharedString, StyleIndex = style, CellValue = new CellValue(i) };
        }

        public void Save()
        {
            _table.Count = (uint)_index.Count;
            _table.UniqueCount = (uint)_index.Count;
            part.SharedStringTable = _table;
        }
    }
}
