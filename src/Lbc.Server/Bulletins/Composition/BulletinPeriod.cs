using System.Globalization;
using System.Text.RegularExpressions;

namespace Lbc.Server.Bulletins.Composition;

/// <summary>
/// A bulletin's period: a quarter (<c>2026Q4</c>) or a month (<c>2026-11</c>). Its days are history's daily buckets, which
/// start at 00:00 UTC (08:00 China time): a period runs from its first day's bucket to the bucket after its last, so its
/// figures are exactly means of the daily values the history API gives for the same range.
/// </summary>
public sealed partial record BulletinPeriod(int Year, int? Quarter, int? Month)
{
    public DateTimeOffset Start => new(Year, Quarter is { } q ? (q - 1) * 3 + 1 : Month!.Value, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset End => Start.AddMonths(Quarter is null ? 1 : 3);

    /// <summary>The period before: the quarter or month before this one (for the change against it).</summary>
    public BulletinPeriod Previous =>
        Quarter is { } q
            ? (q == 1 ? new BulletinPeriod(Year - 1, 4, null) : new BulletinPeriod(Year, q - 1, null))
            : (Month == 1 ? new BulletinPeriod(Year - 1, null, 12) : new BulletinPeriod(Year, null, Month - 1));

    /// <summary>As in the query string and the file name: 2026Q4, 2026-11.</summary>
    public string Code => Quarter is { } q
        ? $"{Year}Q{q}"
        : string.Create(CultureInfo.InvariantCulture, $"{Year}-{Month:00}");

    /// <summary>2026年第4季度 / 2026年11月.</summary>
    public string ChineseName => Quarter is { } q ? $"{Year}年第{q}季度" : $"{Year}年{Month}月";

    /// <summary>Q4 2026 / November 2026.</summary>
    public string EnglishName => Quarter is { } q
        ? $"Q{q} {Year}"
        : Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The period, or why the text is not one (for a 400 naming <c>period</c>).</summary>
    public static (BulletinPeriod? Period, string? Error) Parse(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "required: a quarter (2026Q4) or a month (2026-11)");
        }
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return (null, $"'{text}' is not a period; use a quarter (2026Q4) or a month (2026-11)");
        }
        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        BulletinPeriod period;
        if (match.Groups["q"].Success)
        {
            period = new BulletinPeriod(year, match.Groups["q"].Value[0] - '0', null);
        }
        else
        {
            var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                return (null, $"'{text}': the month must be 01 to 12");
            }
            period = new BulletinPeriod(year, null, month);
        }
        if (year < 2000)
        {
            return (null, $"'{text}' is before 2000");
        }
        if (period.Start > now)
        {
            return (null, $"'{text}' has not begun yet");
        }
        return (period, null);
    }

    [GeneratedRegex(@"^(?<y>\d{4})(Q(?<q>[1-4])|-(?<m>\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
