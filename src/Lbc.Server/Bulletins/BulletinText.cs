using System.Globalization;
using Lbc.Contracts;
using Lbc.Server.Bulletins.Composition;

namespace Lbc.Server.Bulletins;

/// <summary>How a bulletin's values read, the same in the PDF and the XLSX: "&lt;5" for a hidden count, "*" for a hidden rate or time, "–" for none.</summary>
public static class BulletinText
{
    /// <summary>A rate or time that is withheld because a count it is made of is.</summary>
    public const string HiddenMark = "*";

    public const string NoneMark = "–";

    public static string Value(BulletinValue value, BulletinUnit unit)
    {
        if (value.Hidden)
        {
            return unit == BulletinUnit.Count ? SmallCounts.SuppressedText : HiddenMark;
        }
        return value.Value is not { } v ? NoneMark : unit switch
        {
            BulletinUnit.Count => v.ToString("N0", CultureInfo.InvariantCulture),
            BulletinUnit.Percent => v.ToString("0.0%", CultureInfo.InvariantCulture),
            _ => v.ToString("0.0", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The change against the previous period: relative for counts, in percentage points for rates, a difference otherwise.</summary>
    public static string Change(Indicator indicator)
    {
        if (indicator.Current.Value is not { } now || indicator.Previous.Value is not { } before)
        {
            return NoneMark;
        }
        return indicator.Unit switch
        {
            BulletinUnit.Count => before == 0 ? NoneMark : Signed((now - before) / before * 100, "0.0") + "%",
            BulletinUnit.Percent => Signed((now - before) * 100, "0.0") + " pp",
            _ => Signed(now - before, "0.0"),
        };
    }

    /// <summary>Whether the change is bad news (a rise of something worse, a fall of something better); null when none.</summary>
    public static bool? ChangeIsWorse(Indicator indicator) =>
        indicator.Current.Value is { } now && indicator.Previous.Value is { } before && now != before
            ? (now > before) == indicator.HigherIsWorse
            : null;

    private static string Signed(double v, string format) =>
        (v > 0 ? "+" : "") + v.ToString(format, CultureInfo.InvariantCulture);

    public static string ChinaTime(DateTimeOffset t) =>
        t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (UTC+8)";

    public static string SourceName(string kind) => kind == "influx" ? "InfluxDB" : "SQLite";

    /// <summary>What "&lt;5", "*" and "–" mean, and where the figures come from; printed under the headline.</summary>
    public static IReadOnlyList<(string Chinese, string English)> Notes(Bulletin bulletin)
    {
        var notes = new List<(string, string)>
        {
            ("数值为统计期内每日数值的平均值（按日统计，北京时间每日08:00起算）；出警用时为每周平均值。",
             "Figures are means of the period's daily values (days start 08:00 China time); police response times are weekly means."),
        };
        if (bulletin.AggregatesOnly)
        {
            notes.Add(("“<5”表示少于5或为防止推算而隐藏；“*”表示相关人数少于5不予公布；“–”表示无数据。",
                "\"<5\": fewer than 5, or withheld so that a small count cannot be worked out; \"*\": withheld (made of a small count); \"–\": no data."));
        }
        if (!bulletin.PeriodComplete)
        {
            notes.Add(("统计期尚未结束，数值截至生成时。", "The period is not over: figures up to the time of production."));
        }
        return notes;
    }
}
