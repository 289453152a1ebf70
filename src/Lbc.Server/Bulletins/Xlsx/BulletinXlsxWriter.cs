using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lbc.Server.Bulletins.Composition;

namespace Lbc.Server.Bulletins.Xlsx;

/// <summary>
/// The bulletin as a workbook, one sheet per table (docs/bulletins.md): 说明 (about), 主要指标 (headline), one per ranking,
/// 规则 (rules). Each table has a Chinese header row, an English one, then the data. Shown values are numbers (the
/// period means, formatted as the PDF rounds them), so they can be sorted and charted; withheld ones are the text
/// "&lt;5" or "*", missing ones "–", exactly as in the PDF.
/// </summary>
public static class BulletinXlsxWriter
{
    private const uint TextStyle = 0;
    private const uint CountStyle = 1;
    private const uint PercentStyle = 2;
    private const uint DecimalStyle = 3;

    public const string AboutSheet = "说明";
    public const string HeadlineSheet = "主要指标";
    public const string RulesSheet = "规则";

    public static byte[] Write(Bulletin bulletin)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheets = workbook.Workbook.AppendChild(new Sheets());

            AddSheet(workbook, sheets, AboutSheet, About(bulletin));
            AddSheet(workbook, sheets, HeadlineSheet, Headline(bulletin));
            foreach (var ranking in bulletin.Rankings)
            {
                AddSheet(workbook, sheets, ranking.Chinese, RankingRows(ranking));
            }
            AddSheet(workbook, sheets, RulesSheet,
            [
                [Text("规则"), Text("设置")],
                [Text("Rule"), Text("Setting")],
                .. bulletin.Rules.Select(r => new[] { Text($"{r.Chinese} {r.English}"), Text(r.Value) }),
            ]);
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static IEnumerable<Cell[]> About(Bulletin b)
    {
        yield return [Text("通报"), Text($"{b.RegionName}农村留守儿童关爱保护工作通报 {b.Period.ChineseName}")];
        yield return [Text("Bulletin"), Text($"Rural left-behind children, {b.RegionName} ({b.RegionCode}), {b.Period.EnglishName}")];
        yield return [Text("地区代码 Region"), Text(b.RegionCode)];
        yield return [Text("统计期 Period"), Text(b.Period.Code)];
        yield return [Text("生成时间 Produced"), Text(BulletinText.ChinaTime(b.GeneratedAt))];
        yield return [Text("数据来源 Source"), Text(BulletinText.SourceName(b.Source) + " history")];
        foreach (var (zh, en) in BulletinText.Notes(b))
        {
            yield return [Text("说明"), Text(zh)];
            yield return [Text("Note"), Text(en)];
        }
    }

    private static IEnumerable<Cell[]> Headline(Bulletin b)
    {
        yield return [Text("指标"), Text("指标（英文）"), Text("本期"), Text("上期"), Text("变化"), Text("时限（分钟）"), Text("代码")];
        yield return [Text("Indicator"), Text("Indicator"), Text(b.Period.Code), Text(b.Period.Previous.Code), Text("Change"), Text("SLA (min)"), Text("Key")];
        foreach (var i in b.Headline)
        {
            yield return
            [
                Text(i.Chinese), Text(i.English), Value(i.Current, i.Unit), Value(i.Previous, i.Unit), Text(BulletinText.Change(i)),
                i.Target is { } t ? Number(t, CountStyle) : Text(""), Text(i.Key),
            ];
        }
    }

    private static IEnumerable<Cell[]> RankingRows(Ranking ranking)
    {
        yield return [Text("名次"), Text("代码"), Text("地区"), .. ranking.Columns.Select(c => Text(c.Chinese))];
        yield return [Text("Rank"), Text("Code"), Text("Region"), .. ranking.Columns.Select(c => Text(c.English))];
        foreach (var row in ranking.Rows)
        {
            yield return
            [
                row.Rank is { } r ? Number(r, CountStyle) : Text(""), Text(row.Code), Text(row.Name),
                .. row.Cells.Select((v, i) => Value(v, ranking.Columns[i].Unit)),
            ];
        }
    }

    private static Cell Value(BulletinValue value, BulletinUnit unit) =>
        value.Value is { } v && !value.Hidden
            ? Number(v, unit switch { BulletinUnit.Count => CountStyle, BulletinUnit.Percent => PercentStyle, _ => DecimalStyle })
            : Text(BulletinText.Value(value, unit));

    private static Cell Text(string text) =>
        new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }), StyleIndex = TextStyle };

    private static Cell Number(double value, uint style) =>
        new() { DataType = CellValues.Number, CellValue = new CellValue(value), StyleIndex = style };

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, string name, IEnumerable<Cell[]> rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        uint index = 1;
        foreach (var cells in rows)
        {
            var row = new Row { RowIndex = index };
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c].CellReference = ColumnName(c) + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                row.Append(cells[c]);
            }
            data.Append(row);
            index++;
        }
        part.Worksheet = new Worksheet(new Columns(new Column { Min = 1, Max = 3, Width = 22, CustomWidth = true }), data);
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)sheets.ChildElements.Count + 1, Name = SheetName(name) });
    }

    /// <summary>Excel's sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Where(c => "[]:*?/\\".IndexOf(c) < 0)]);
        return clean.Length <= 31 ? clean : clean[..31];
    }

    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";

    /// <summary>Four cell styles: text, whole number, percentage with one decimal, number with one decimal.</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0%" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "0.0" }) { Count = 2 },
        new Fonts(new Font()) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }) { Count = 4 });
}
