using Lbc.Contracts;
using Lbc.Server.Access;

namespace Lbc.Server.Tests.Access;

/// <summary>
/// Complementary suppression as the leading group receives it: small counts hidden, and no hidden small count
/// recoverable from what is shown. The auditor below is the attacker: it knows every sum the figures obey and
/// narrows each hidden cell to an interval; a small count pinned to one value is a leak.
/// </summary>
public sealed class SuppressionTests
{
    private static readonly Figure[] s_visits = [Figure.VisitedOnTime, Figure.VisitDueSoon, Figure.VisitOverdue];
    private static readonly Figure[] s_kinds = [Figure.KindBothParentsAway, Figure.KindOneParentAway];
    private static readonly Figure[] s_guardians = [Figure.GuardianParentAtHome, Figure.GuardianEntrusted, Figure.GuardianNone];

    [Fact]
    public void Row_HidesOneToFour_ShowsZeroAndFiveUp()
    {
        var row = Suppression.Row(Region(onTime: 20, dueSoon: 0, overdue: 5));

        Assert.Equal(25, row[Figure.Children]);
        Assert.Equal(0, row[Figure.VisitDueSoon]);
        Assert.Equal(5, row[Figure.VisitOverdue]);

        var small = Suppression.Row(Region(onTime: 20, dueSoon: 3, overdue: 6));
        Assert.Null(small[Figure.VisitDueSoon]);
    }

    [Fact]
    public void Row_OneSmallCellInASum_HidesTheSmallestOtherCellOfTheSum()
    {
        // children 29 = 20 + 3 + 6: with only the 3 hidden, 29 - 20 - 6 gives it back. The 6 goes too.
        var row = Suppression.Row(Region(onTime: 20, dueSoon: 3, overdue: 6));

        Assert.Null(row[Figure.VisitDueSoon]);
        Assert.Null(row[Figure.VisitOverdue]);
        Assert.Equal(20, row[Figure.VisitedOnTime]);
        Assert.Equal(29, row[Figure.Children]);
    }

    [Fact]
    public void Table_OneSmallCellInAColumn_HidesAnotherCellOfTheColumn()
    {
        // Overdue by township 9, 2, 12 under a parent of 23: the 2 alone would be 23 - 9 - 12.
        Figures[] rows = [Region(onTime: 40, dueSoon: 0, overdue: 9), Region(onTime: 40, dueSoon: 0, overdue: 2), Region(onTime: 40, dueSoon: 0, overdue: 12)];
        var (parent, shown) = Suppression.Table(Sum(rows), rows);

        Assert.Equal(23, parent[Figure.VisitOverdue]);
        Assert.Null(shown[1][Figure.VisitOverdue]);
        var hiddenInColumn = shown.Count(r => r[Figure.VisitOverdue] is null) + (parent[Figure.VisitOverdue] is null ? 1 : 0);
        Assert.True(hiddenInColumn >= 2, "a single hidden cell in a column is recovered by subtraction from the parent");
        Assert.Null(shown[0][Figure.VisitOverdue]); // the smallest other non-zero cell of the column: 9
    }

    [Fact]
    public void Table_DelayMinutes_HiddenWithTheReportsTheyAreMadeOf()
    {
        var few = Figures.Build();
        few[Figure.Children] = 30;
        few[Figure.VisitedOnTime] = 30;
        few[Figure.KindBothParentsAway] = 30;
        few[Figure.GuardianEntrusted] = 30;
        few[Figure.DiscoveredReports] = 2;
        few[Figure.DiscoveryDelayMinutes] = 700;

        var row = Suppression.Row(few.ToFigures());

        Assert.Null(row[Figure.DiscoveredReports]);
        Assert.Null(row[Figure.DiscoveryDelayMinutes]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomTables_NoHiddenSmallCountCanBeWorkedOut(int seed)
    {
        var random = new Random(seed);
        for (var table = 0; table < 200; table++)
        {
            var rows = Enumerable.Range(0, random.Next(2, 9)).Select(_ => RandomRegion(random)).ToArray();
            var parent = Sum(rows);
            var (shownParent, shownRows) = Suppression.Table(parent, rows);
            Figures[] truth = [parent, .. rows];
            Figures[] shown = [shownParent, .. shownRows];

            var bounds = Auditor.Narrow(shown);

            for (var r = 0; r < truth.Length; r++)
            {
                foreach (var info in FigureCatalog.All.Where(i => i.CountedBy is null))
                {
                    var value = truth[r].ValueOf(info.Id);
                    if (Suppression.IsSmall(value))
                    {
                        Assert.True(shown[r].IsSuppressed(info.Id), $"seed {seed} table {table} row {r}: {info.Name}={value} shown");
                        var (lo, hi) = bounds[(r, info.Id)];
                        Assert.True(lo < hi, $"seed {seed} table {table} row {r}: {info.Name}={value} worked out exactly ({lo}..{hi})");
                    }
                }
            }
        }
    }

    private static Figures Region(int onTime, int dueSoon, int overdue)
    {
        var b = Figures.Build();
        var children = onTime + dueSoon + overdue;
        b[Figure.Children] = children;
        b[Figure.VisitedOnTime] = onTime;
        b[Figure.VisitDueSoon] = dueSoon;
        b[Figure.VisitOverdue] = overdue;
        b[Figure.KindBothParentsAway] = children;
        b[Figure.GuardianEntrusted] = children;
        return b.ToFigures();
    }

    /// <summary>A township's figures as the projection keeps them: every sum of the catalog holds, small counts common.</summary>
    private static Figures RandomRegion(Random random)
    {
        var b = Figures.Build();
        var children = 0;
        foreach (var f in s_visits)
        {
            b[f] = SmallOrNot(random);
            children += b[f];
        }
        b[Figure.Children] = children;
        Split(random, b, children, s_kinds);
        Split(random, b, children, s_guardians);
        var reports = 0;
        foreach (var f in FigureCatalog.ReportsByCategory)
        {
            b[f] = random.Next(4) == 0 ? SmallOrNot(random) : 0;
            reports += b[f];
        }
        Split(random, b, reports, [.. FigureCatalog.ReportsByReporter]);
        b[Figure.OpenCases] = random.Next(0, 7);
        return b.ToFigures();
    }

    private static int SmallOrNot(Random random) => random.Next(3) switch
    {
        0 => 0,
        1 => random.Next(1, 5),
        _ => random.Next(5, 40),
    };

    private static void Split(Random random, Figures.Builder b, int total, Figure[] into)
    {
        var left = total;
        for (var i = 0; i < into.Length - 1; i++)
        {
            var part = random.Next(0, left + 1);
            b[into[i]] = part;
            left -= part;
        }
        b[into[^1]] = left;
    }

    private static Figures Sum(IEnumerable<Figures> rows)
    {
        var b = Figures.Build();
        foreach (var r in rows)
        {
            b.Add(r);
        }
        return b.ToFigures();
    }

    /// <summary>
    /// What a reader of the table can know: each row's sums (children three ways, reports two ways) and each column's
    /// sum to the parent; every count at least 0. Interval propagation to a fixed point.
    /// </summary>
    private static class Auditor
    {
        public static Dictionary<(int Row, Figure Figure), (long Lo, long Hi)> Narrow(Figures[] shown)
        {
            var equations = new List<((int, Figure)[] Left, (int, Figure)[] Right)>();
            for (var r = 0; r < shown.Length; r++)
            {
                var row = r;
                (int, Figure)[] Cells(IEnumerable<Figure> figures) => [.. figures.Select(f => (row, f))];
                equations.Add((Cells([Figure.Children]), Cells(s_visits)));
                equations.Add((Cells([Figure.Children]), Cells(s_kinds)));
                equations.Add((Cells([Figure.Children]), Cells(s_guardians)));
                equations.Add((Cells(FigureCatalog.ReportsByCategory), Cells(FigureCatalog.ReportsByReporter)));
            }
            foreach (var info in FigureCatalog.All)
            {
                equations.Add(([(0, info.Id)], [.. Enumerable.Range(1, shown.Length - 1).Select(r => (r, info.Id))]));
            }

            var bounds = new Dictionary<(int, Figure), (long Lo, long Hi)>();
            var ceiling = shown.Sum(f => FigureCatalog.All.Sum(i => (long)f.ValueOf(i.Id))) + 1000;
            for (var r = 0; r < shown.Length; r++)
            {
                foreach (var info in FigureCatalog.All)
                {
                    bounds[(r, info.Id)] = shown[r][info.Id] is int v ? (v, v) : (0, ceiling);
                }
            }

            bool changed;
            do
            {
                changed = false;
                foreach (var (left, right) in equations)
                {
                    // left - right = 0, so each term lies within what the other terms allow.
                    var terms = left.Select(c => (Cell: c, Sign: 1)).Concat(right.Select(c => (Cell: c, Sign: -1))).ToArray();
                    foreach (var (cell, sign) in terms)
                    {
                        long otherLo = 0, otherHi = 0;
                        foreach (var (other, otherSign) in terms)
                        {
                            if (other == cell)
                            {
                                continue;
                            }
                            var (lo, hi) = bounds[other];
                            otherLo += otherSign > 0 ? lo : -hi;
                            otherHi += otherSign > 0 ? hi : -lo;
                        }
                        // sign * x = -(others): x in [-otherHi, -otherLo] * sign
                        var (newLo, newHi) = sign > 0 ? (-otherHi, -otherLo) : (otherLo, otherHi);
                        var (curLo, curHi) = bounds[cell];
                        var next = (Math.Max(curLo, newLo), Math.Min(curHi, newHi));
                        if (next != (curLo, curHi))
                        {
                            bounds[cell] = next;
                            changed = true;
                        }
                    }
                }
            }
            while (changed);
            return bounds;
        }
    }
}
