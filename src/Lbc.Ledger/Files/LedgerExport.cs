using System.Text;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Preview;
using Lbc.Ledger.Validation;

namespace Lbc.Ledger.Files;

/// <summary>
/// Writes the current ledger as a CSV in the import layout (Chinese headers, UTF-8 with BOM so Excel shows the
/// Chinese), so a township can download its ledger, edit it and upload it again: an unchanged file comes back as a
/// preview without changes.
/// </summary>
public static class LedgerExport
{
    /// <param name="records">The ledger; exited children are left out.</param>
    /// <param name="personalOf">
    /// The decrypted personal fields of a child, from the security layer, for a user allowed to see them. Without
    /// them the name and sex cells are empty and must be filled in before the file can be imported again.
    /// </param>
    public static byte[] ToCsv(IEnumerable<LedgerBaselineRecord> records, Func<string, PersonalFields?>? personalOf = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var csv = new StringBuilder();
        AppendLine(csv, LedgerLayout.Columns.Select(c => c.Header));
        foreach (var record in records.Where(r => r.Active))
        {
            var personal = personalOf?.Invoke(record.ChildId);
            AppendLine(csv, LedgerLayout.Columns.Select(c => ValueOf(c.Column, record, personal)));
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string ValueOf(LedgerColumn column, LedgerBaselineRecord r, PersonalFields? p) => column switch
    {
        LedgerColumn.TownshipCode => r.TownshipCode,
        LedgerColumn.VillageCode => r.VillageCode,
        LedgerColumn.ChildId => r.ChildId,
        LedgerColumn.Name => p?.Name ?? "",
        LedgerColumn.Sex => p?.Sex ?? "",
        LedgerColumn.BirthDate => r.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        LedgerColumn.Category => LedgerWords.ChineseOf(r.Kind),
        LedgerColumn.Guardian => LedgerWords.ChineseOf(r.Guardian),
        LedgerColumn.GuardianName => p?.GuardianName ?? "",
        LedgerColumn.GuardianPhone => p?.GuardianPhone ?? "",
        LedgerColumn.ParentsWorkPlace => p?.ParentsWorkPlace ?? "",
        LedgerColumn.School => p?.School ?? "",
        LedgerColumn.PairedTeacher => p?.PairedTeacher ?? "",
        LedgerColumn.Dropout => r.DropoutOpen ? "是" : "否",
        LedgerColumn.LastVisit => r.LastVisit?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        LedgerColumn.VisitedBy => p?.VisitedBy ?? "",
        _ => "",
    };

    private static void AppendLine(StringBuilder csv, IEnumerable<string> values)
    {
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                csv.Append(',');
            }
            first = false;
            csv.Append(Escape(value));
        }
        csv.Append("\r\n");
    }

    /// <summary>RFC 4180 quoting, plus two guards for a file that will be opened in Excel.</summary>
    internal static string Escape(string value)
    {
        if ((value.Length >= 11 && value.All(char.IsAsciiDigit)) || (value.Length > 1 && value[0] is '+' or '-' && IsNumberLike(value)))
        {
            // Excel shows a 12-digit village code or a phone number as 2.10123E+11 and saves it that way, and reads
            // "+86 139..." as a formula: the text-formula form keeps both as typed. The importer reads ="..." back
            // as the plain value.
            return $"\"=\"\"{value}\"\"\"";
        }
        if (value.Length > 0 && value[0] is '=' or '@' or '+' or '-')
        {
            value = "'" + value; // any other cell starting like a formula would run as one (CSV injection)
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static bool IsNumberLike(string value) => value.Skip(1).All(c => char.IsAsciiDigit(c) || c is ' ' or '-');
}
