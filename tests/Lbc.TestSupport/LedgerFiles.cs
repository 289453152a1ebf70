using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Lbc.TestSupport;

/// <summary>
/// Township ledgers (信息台账) as staff upload them, for the server, browser and benchmark: Chinese headers, one row per
/// child, written as UTF-8 CSV with BOM or as a real XLSX (Open XML SDK). Rows are edited by header.
/// </summary>
public sealed class LedgerFiles
{
    public static readonly string[] Headers =
    [
        "乡镇代码", "村代码", "儿童编号", "姓名", "性别", "出生日期", "留守类型", "监护类型", "监护人姓名", "监护人电话",
        "父母务工地", "就读学校", "结对教师", "是否辍学", "最近走访日期", "走访人",
    ];

    private static readonly string[] s_names = ["王小丫", "李春燕", "刘铁柱", "陈思远", "杨雨涵", "赵子轩", "黄梓萱", "周浩然", "吴欣怡", "徐俊杰"];

    public List<Dictionary<string, string>> Rows { get; } = [];

    /// <summary>A village of the township (the first ones of the catalog, by <paramref name="index"/>).</summary>
    public static string VillageOf(string township, int index = 0)
    {
        var villages = Geography.Catalog.VillagesIn(township);
        return villages[index % villages.Count].Code;
    }

    /// <summary>Adds a valid child of <paramref name="village"/> (9 years old, both parents away, entrusted guardian), then <paramref name="edit"/>.</summary>
    public LedgerFiles Child(string childId, string village, Action<Dictionary<string, string>>? edit = null)
    {
        var n = Rows.Count;
        var row = new Dictionary<string, string>
        {
            ["乡镇代码"] = village[..9],
            ["村代码"] = village,
            ["儿童编号"] = childId,
            ["姓名"] = s_names[n % s_names.Length] + (n >= s_names.Length ? n.ToString(CultureInfo.InvariantCulture) : ""),
            ["性别"] = n % 2 == 0 ? "女" : "男",
            ["出生日期"] = DateTime.UtcNow.AddYears(-9).AddDays(-n % 300).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["留守类型"] = "父母均外出务工",
            ["监护类型"] = "受委托监护人",
            ["监护人姓名"] = $"监护人{n}",
            ["监护人电话"] = $"139{n:D8}",
            ["父母务工地"] = "大连市甘井子区",
            ["就读学校"] = "中心小学",
            ["结对教师"] = "",
            ["是否辍学"] = "否",
            ["最近走访日期"] = "",
            ["走访人"] = "",
        };
        edit?.Invoke(row);
        Rows.Add(row);
        return this;
    }

    public byte[] ToCsv()
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Headers)).Append("\r\n");
        foreach (var row in Rows)
        {
            text.Append(string.Join(',', Headers.Select(h => row.GetValueOrDefault(h, "")))).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>An XLSX with inline strings (dates as text, as many townships type them).</summary>
    public byte[] ToXlsx()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, 1, Headers);
                for (var i = 0; i < Rows.Count; i++)
                {
                    WriteRow(writer, (uint)i + 2, Headers.Select(h => Rows[i].GetValueOrDefault(h, "")).ToArray());
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "信息台账" }));
        }
        return stream.ToArray();
    }

    private static void WriteRow(OpenXmlWriter writer, uint index, string[] values)
    {
        writer.WriteStartElement(new Row { RowIndex = index });
        for (var c = 0; c < values.Length; c++)
        {
            if (values[c].Length == 0)
            {
                continue;
            }
            var column = (char)('A' + c);
            writer.WriteElement(new Cell(new InlineString(new Text(values[c])))
            {
                CellReference = $"{column}{index}",
                DataType = CellValues.InlineString,
            });
        }
        writer.WriteEndElement();
    }
}
