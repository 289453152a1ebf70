using System.Globalization;
using Lbc.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Model;

/// <summary>A period the bulletin picker offers: its query value (<c>2026Q4</c>, <c>2026-11</c>) and its label.</summary>
public sealed record BulletinPeriodChoice(string Code, string Label);

/// <summary>
/// The periods of the bulletin export on the drill-down: the last eight quarters and the last twelve months, newest first,
/// the current (unfinished) ones included. The server's periods are UTC calendar days, like these.
/// </summary>
public static class BulletinPeriods
{
    public static IReadOnlyList<BulletinPeriodChoice> Quarters(IStringLocalizer<Strings> l, DateTimeOffset now)
    {
        var list = new List<BulletinPeriodChoice>();
        var (year, quarter) = (now.UtcDateTime.Year, (now.UtcDateTime.Month - 1) / 3 + 1);
        for (var i = 0; i < 8; i++)
        {
            list.Add(new($"{year}Q{quarter}", string.Format(CultureInfo.CurrentCulture, l["Bulletin_Quarter"], year, quarter)));
            (year, quarter) = quarter == 1 ? (year - 1, 4) : (year, quarter - 1);
        }
        return list;
    }

    public static IReadOnlyList<BulletinPeriodChoice> Months(IStringLocalizer<Strings> l, DateTimeOffset now)
    {
        var list = new List<BulletinPeriodChoice>();
        var month = new DateTime(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 12; i++, month = month.AddMonths(-1))
        {
            list.Add(new(month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                string.Format(CultureInfo.CurrentCulture, l["Bulletin_Month"], month.Year, month.Month)));
        }
        return list;
    }

    /// <summary>The picker's first choice: the last finished quarter (the one a bulletin is usually about).</summary>
    public static string Default(DateTimeOffset now)
    {
        var (year, quarter) = (now.UtcDateTime.Year, (now.UtcDateTime.Month - 1) / 3 + 1);
        return quarter == 1 ? $"{year - 1}Q4" : $"{year}Q{quarter - 1}";
    }
}
