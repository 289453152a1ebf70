using System.Globalization;
using System.Text.RegularExpressions;
using Lbc.Domain.Rules;
using Lbc.Ledger.Reading;

namespace Lbc.Ledger.Validation;

/// <summary>
/// The date spellings found in township ledgers: 2016-05-14, 2016/5/14 (Excel's display on a Chinese system, maybe
/// with a time), 2016.5.14, 2016年5月14日, 20160514, and an Excel serial number (42504) that escaped formatting.
/// </summary>
public static partial class LedgerDates
{
    [GeneratedRegex(@"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Separated();

    [GeneratedRegex(@"^(\d{4})年(\d{1,2})月(\d{1,2})日?$", RegexOptions.CultureInvariant)]
    private static partial Regex Chinese();

    /// <summary>The China calendar day (UTC+8) of an instant: the import date for ages and "in the future".</summary>
    public static DateOnly ChinaDay(DateTimeOffset instant) => DayNumber.ToDate(DayNumber.Of(instant));

    public static bool TryParse(string text, out DateOnly date)
    {
        date = default;
        var match = Separated().Match(text);
        if (!match.Success)
        {
            match = Chinese().Match(text);
        }
        if (match.Success)
        {
            return TryMake(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, out date);
        }
        if (text.Length == 8 && text.All(char.IsAsciiDigit))
        {
            return TryMake(text[..4], text[4..6], text[6..], out date);
        }
        // Five-digit serials only (1927-2173): a bare "2016" is a year typed alone, not 1905-07-08.
        return text.Length >= 5 && text.IndexOf('.') is var dot && (dot < 0 ? text.Length : dot) == 5
            && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial)
            && ExcelDates.TryFromSerial(serial, date1904: false, out date);
    }

    private static bool TryMake(string year, string month, string day, out DateOnly date)
    {
        date = default;
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (y < 1900 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }
        date = new DateOnly(y, m, d);
        return true;
    }
}
