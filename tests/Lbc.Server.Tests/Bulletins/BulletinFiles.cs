using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig;

namespace Lbc.Server.Tests.Bulletins;

/// <summary>Reads a bulletin back: the workbook's sheets as rows of text or numbers, the PDF's text as lines.</summary>
internal static class BulletinFiles
{
    /// <summary>Sheet name to rows; a cell is a double when the workbook holds a number, else its text.</summary>
    public static IReadOnlyDictionary<string, List<List<object>>> Sheets(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var result = new Dictionary<string, List<List<object>>>(StringComparer.Ordinal);
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            result[sheet.Name!] = [.. part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(CellValueOf).ToList())];
        }
        return result;
    }

    private static object CellValueOf(Cell cell) =>
        cell.DataType?.Value == CellValues.InlineString
            ? cell.InlineString?.InnerText ?? ""
            : double.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>With <c>LBC_TEST_ARTIFACTS</c> set, keeps the file in its <c>bulletins/</c> folder for a person to open.</summary>
    public static void KeepForALook(byte[] file, string name)
    {
        if (Environment.GetEnvironmentVariable("LBC_TEST_ARTIFACTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(Path.Combine(folder, "bulletins"));
            File.WriteAllBytes(Path.Combine(folder, "bulletins", name), file);
        }
    }

    /// <summary>The PDF's text, a line per baseline, letters in reading order with a space where there is a gap.</summary>
    public static IReadOnlyList<string> Lines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var lines = new List<string>();
        foreach (var page in document.GetPages())
        {
            foreach (var group in page.Letters.GroupBy(l => Math.Round(l.StartBaseLine.Y)).OrderByDescending(g => g.Key))
            {
                var text = new StringBuilder();
                double? end = null;
                foreach (var letter in group.OrderBy(l => l.StartBaseLine.X))
                {
                    if (end is { } e && letter.StartBaseLine.X - e > 2)
                    {
                        text.Append(' ');
                    }
                    text.Append(letter.Value);
                    end = letter.EndBaseLine.X;
                }
                lines.Add(text.ToString());
            }
        }
        return lines;
    }
}
