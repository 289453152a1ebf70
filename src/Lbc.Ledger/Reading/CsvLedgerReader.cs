using System.Text;

namespace Lbc.Ledger.Reading;

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records by CRLF or LF, a field in double quotes may hold commas,
/// line breaks and doubled quotes. One record is one row as Excel shows it, so row numbers count records (a quoted
/// line break does not start a new row). A tab-separated file (Excel's "Unicode text") is accepted too.
/// </summary>
internal static class CsvLedgerReader
{
    public static LedgerTable Read(byte[] bytes)
    {
        var text = LedgerTextDecoder.Decode(bytes, out _);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..]; // a BOM inside a UTF-16 file or a doubled one
        }
        var delimiter = DetectDelimiter(text);
        var assembler = new TableAssembler(LedgerFormat.Csv);
        var record = new List<string?>();
        var field = new StringBuilder();
        var number = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                i = ReadQuoted(text, i + 1, field, number);
                continue;
            }
            if (c == delimiter)
            {
                record.Add(Unwrap(field));
                field.Clear();
                i++;
                continue;
            }
            if (c is '\r' or '\n')
            {
                record.Add(Unwrap(field));
                field.Clear();
                assembler.Add(number++, record);
                record.Clear();
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                continue;
            }
            field.Append(c); // a quote inside an unquoted field is taken literally, as Excel does
            i++;
        }
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(Unwrap(field));
            assembler.Add(number, record);
        }
        return assembler.Build();
    }

    /// <summary>
    /// ="210123101200" is how a CSV keeps Excel from turning a long code into 2.10123E+11 (LedgerExport writes it):
    /// the value is the text inside.
    /// </summary>
    private static string Unwrap(StringBuilder field)
    {
        var text = field.ToString();
        return text.Length >= 3 && text.StartsWith("=\"", StringComparison.Ordinal) && text.EndsWith('"')
            && text.IndexOf('"', 2) == text.Length - 1
            ? text[2..^1]
            : text;
    }

    /// <summary>Reads a quoted field from just after its opening quote; returns the index after the closing quote.</summary>
    private static int ReadQuoted(string text, int i, StringBuilder field, int row)
    {
        while (i < text.Length)
        {
            if (text[i] != '"')
            {
                field.Append(text[i++]);
                continue;
            }
            if (i + 1 < text.Length && text[i + 1] == '"')
            {
                field.Append('"');
                i += 2;
                continue;
            }
            return i + 1;
        }
        throw new LedgerFileException("unterminated_quote", $"第 {row} 行有一个引号没有闭合，文件可能不完整。");
    }

    private static char DetectDelimiter(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        return !header.Contains(',', StringComparison.Ordinal) && header.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
    }
}
