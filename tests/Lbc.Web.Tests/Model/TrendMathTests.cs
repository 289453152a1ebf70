using Lbc.Contracts;
using Lbc.Web.Model;

namespace Lbc.Web.Tests.Model;

public sealed class TrendMathTests
{
    /// <summary>A Thursday 00:00 UTC, the start of a weekly bucket; "now" is a day into the next week.</summary>
    private static readonly DateTimeOffset s_week = TrendMath.WeekStart(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));

    private static List<TrendPoint> Weeks(Func<int, double?> value) =>
        [.. Enumerable.Range(0, 26).Select(w => new TrendPoint(s_week - (TrendMath.Week * (26 - w)), value(w)))];

    [Fact]
    public void QuarterOnQuarter_LastThirteenWeeksAgainstTheThirteenBefore_IsTheChangeOfTheMeans()
    {
        // The unfinished current week (1000) counts for neither quarter.
        var points = Weeks(w => w < 13 ? 8 : 6).Append(new TrendPoint(s_week, 1000)).ToList();

        var change = TrendMath.QuarterOnQuarter(points, s_week.AddDays(1));

        Assert.Equal(-25.0, change!.Percent, 9);
        Assert.Equal((6.0, 8.0), (change.Recent, change.Previous));
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(6, false)]
    public void QuarterOnQuarter_HiddenWeeks_NeedsSevenShownWeeksInEachQuarter(int shownEarlier, bool expected)
    {
        var points = Weeks(w => w < 13 - shownEarlier ? null : 10);

        Assert.Equal(expected, TrendMath.QuarterOnQuarter(points, s_week.AddDays(1)) is not null);
    }

    [Fact]
    public void QuarterOnQuarter_EarlierMeanZero_IsNoPercentage()
    {
        Assert.Null(TrendMath.QuarterOnQuarter(Weeks(w => w < 13 ? 0 : 4), s_week.AddDays(1)));
    }

    [Fact]
    public void Points_Rate_HiddenEitherSideIsAGapAndNoDivisorIsNoPoint()
    {
        var t = s_week;
        HistoryPointDto[] overdue = [new(t, 10), new(t.AddDays(1), null), new(t.AddDays(2), 3), new(t.AddDays(3), 4)];
        HistoryPointDto[] children = [new(t, 40), new(t.AddDays(1), 40), new(t.AddDays(2), null), new(t.AddDays(3), 0)];

        var rate = TrendMath.Points(overdue, children, 100);

        Assert.Equal([new TrendPoint(t, 25), new TrendPoint(t.AddDays(1), null), new TrendPoint(t.AddDays(2), null)], rate);
    }
}
