using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Lbc.Ledger.Reading;

/// <summary>
/// Reads the first worksheet of an XLSX with the Open XML SDK, streaming the sheet row by row (a DOM of 20,000
/// rows would cost hundreds of MB). Numbers in date columns are Excel serial dates and come out as yyyy-MM-dd;
/// merged cells in the header are refused (a merged header hides which column is which), merged cells below it
/// are filled with their value, as the user sees them.
/// </summary>
internal static class XlsxLedgerReader
{
    /// <summary>Declared size of all parts unpacked; far above a full ledger, far below a zip bomb.</summary>
    private const long MaxUnpackedBytes = 120L * 1024 * 1024;

    public static LedgerTable Read(byte[] bytes)
    {
        CheckUnpackedSize(bytes);
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false,
                new OpenSettings { MaxCharactersInPart = LedgerLimits.MaxXmlCharactersPerPart });
            var workbookPart = document.WorkbookPart ?? throw Invalid("工作簿不完整");
            var sheet = workbookPart.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw new LedgerFileException("no_worksheet", "工作簿里没有工作表。");
            if (sheet.Id?.Value is not string sheetId || workbookPart.GetPartById(sheetId) is not WorksheetPart sheetPart)
            {
                throw new LedgerFileException("no_worksheet", "第一个工作表不是普通表格（可能是图表页），请把台账放在第一个工作表。");
            }
            var date1904 = workbookPart.Workbook.WorkbookProperties?.Date1904?.Value == true;
            var shared = ReadSharedStrings(workbookPart.SharedStringTablePart);
            return ReadSheet(sheetPart, shared, date1904);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException
            or XmlException or KeyNotFoundException or ArgumentException)
        {
            throw Invalid("文件无法按 .xlsx 读取", e);
        }
    }

    private static LedgerTable ReadSheet(WorksheetPart sheetPart, List<string> shared, bool date1904)
    {
        var assembler = new TableAssembler(LedgerFormat.Xlsx);
        var merges = new List<CellRange>();
        var lastRow = 0;
        using var reader = OpenXmlReader.Create(sheetPart);
        while (reader.Read())
        {
            if (!reader.IsStartElement)
            {
                continue;
            }
            if (reader.ElementType == typeof(Row))
            {
                var row = (Row)reader.LoadCurrentElement()!;
                var number = row.RowIndex?.Value is uint index ? (int)index : lastRow + 1;
                lastRow = number;
                assembler.Add(number, CellsOf(row, shared, assembler.HasHeader ? assembler.DateColumns : null, date1904));
            }
            else if (reader.ElementType == typeof(MergeCell))
            {
                var merge = (MergeCell)reader.LoadCurrentElement()!;
                if (merge.Reference?.Value is string reference && CellRange.TryParse(reference, out var range))
                {
                    merges.Add(range);
                }
            }
        }
        var table = assembler.Build();
        foreach (var range in merges)
        {
            if (range.FirstRow <= table.HeaderRow && table.HeaderRow <= range.LastRow)
            {
                throw new LedgerFileException("merged_header",
                    $"表头行（第 {table.HeaderRow} 行）有合并单元格（{range.Text}）。请取消合并，让每一列只有一个表头，并删除表头上方的标题行后再导入。");
            }
        }
        FillMerged(table, merges);
        return table;
    }

    /// <summary>A vertically merged 乡镇代码 across many children is common: every row of the range gets the value.</summary>
    private static void FillMerged(LedgerTable table, List<CellRange> merges)
    {
        if (merges.Count == 0)
        {
            return;
        }
        var byNumber = table.Rows.ToDictionary(r => r.Number);
        foreach (var range in merges)
        {
            if (range.FirstRow < table.HeaderRow || !byNumber.TryGetValue(range.FirstRow, out var first)
                || range.FirstColumn >= first.Cells.Count)
            {
                continue;
            }
            var value = first.Cells[range.FirstColumn];
            for (var r = range.FirstRow; r <= range.LastRow; r++)
            {
                if (!byNumber.TryGetValue(r, out var row))
                {
                    continue;
                }
                var cells = (string[])row.Cells;
                for (var c = range.FirstColumn; c <= Math.Min(range.LastColumn, cells.Length - 1); c++)
                {
                    if (cells[c].Length == 0)
                    {
                        cells[c] = value;
                    }
                }
            }
        }
    }

    private static List<string?> CellsOf(Row row, List<string> shared, HashSet<int>? dateColumns, bool date1904)
    {
        var cells = new List<string?>();
        var position = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is string reference && CellRange.TryParseCell(reference, out _, out var c) ? c : position;
            position = column + 1;
            if (column > 16_383)
            {
                continue; // beyond Excel's last column: a malformed reference
            }
            while (cells.Count <= column)
            {
                cells.Add(null);
            }
            cells[column] = ValueOf(cell, shared, dateColumns?.Contains(column) == true, date1904);
        }
        return cells;
    }

    private static string ValueOf(Cell cell, List<string> shared, bool dateColumn, bool date1904)
    {
        var type = cell.DataType?.Value;
        var raw = cell.CellValue?.Text ?? "";
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "";
        }
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? TextOf(inline) : "";
        }
        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }
        if (type == CellValues.Date)
        {
            // ISO 8601 date cells (strict Open XML); the date part is what a ledger date means.
            return dateColumn && raw.Length >= 10 ? raw[..10] : raw;
        }
        if (type is not null && type != CellValues.Number)
        {
            return raw; // formula strings, and error values such as #N/A, which the validator then rejects
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return raw;
        }
        if (dateColumn)
        {
            return ExcelDates.TryFromSerial(number, date1904, out var date) ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : raw;
        }
        // A code or phone typed as a number: Excel may store 210123101200 as "2.101231012E+11".
        return number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? number.ToString("0", CultureInfo.InvariantCulture)
            : raw;
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
            {
                strings.Add(TextOf(reader.LoadCurrentElement()!));
            }
        }
        return strings;
    }

    /// <summary>
    /// The text of a shared or inline string: plain or rich-text runs. Phonetic guides (rPh, e.g. pinyin over a
    /// name) are not part of the value, so InnerText, which would append them, is not used.
    /// </summary>
    private static string TextOf(OpenXmlElement item)
    {
        var text = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            if (child is Text t)
            {
                text.Append(t.Text);
            }
            else if (child is Run run)
            {
                foreach (var runText in run.Elements<Text>())
                {
                    text.Append(runText.Text);
                }
            }
        }
        return text.ToString();
    }

    private static void CheckUnpackedSize(byte[] bytes)
    {
        long total = 0;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
            }
        }
        catch (InvalidDataException e)
        {
            throw Invalid("文件不是有效的 .xlsx（压缩包损坏）", e);
        }
        if (total > MaxUnpackedBytes)
        {
            throw new LedgerTooLargeException("xlsx_too_large", "工作簿解压后过大，请只保留台账工作表后再导入。");
        }
    }

    private static LedgerFileException Invalid(string what, Exception? inner = null) =>
        new("invalid_xlsx", $"{what}。请用 Excel 或 WPS 重新另存为 .xlsx，或另存为 CSV（UTF-8）后导入。", inner);
}
