using Lbc.Contracts;

namespace Lbc.Server.Access;

/// <summary>
/// Small-count suppression for the leading group, complementary so that nothing hidden can be worked out (DOMAIN.md,
/// docs/security.md). A count from 1 to 4 is hidden (0 may show: it singles out nobody). Then, to a fixed point:
/// <list type="bullet">
/// <item>within a row, each identity the figures obey (children = on time + due soon + overdue; = by kind; = by guardian;
/// reports by category sum to reports by reporter type): when exactly one of its cells is hidden, the smallest shown
/// non-zero cell of the same identity is hidden too, so the hidden one cannot be had by subtraction;</item>
/// <item>across a table of sub-regions and their parent: for each figure where the parent is exactly the sum of the rows,
/// when exactly one cell of the column (rows and parent) is hidden, the smallest shown non-zero cell is hidden too;</item>
/// <item>a figure that is not itself a count (minutes of delay) is hidden with the count it is made of;</item>
/// <item>a subset of a shown group (school age of children, paired of school age) is hidden when the rest is from 1 to 4.</item>
/// </list>
/// Two hidden cells that sum to a known total each stay unknown between 0 and that total.
/// </summary>
public static class Suppression
{
    /// <summary>Sums of figures that must be equal: each row is (left side, right side).</summary>
    private static readonly (Figure[] Left, Figure[] Right)[] s_identities =
    [
        ([Figure.Children], [Figure.VisitedOnTime, Figure.VisitDueSoon, Figure.VisitOverdue]),
        ([Figure.Children], [Figure.KindBothParentsAway, Figure.KindOneParentAway]),
        ([Figure.Children], [Figure.GuardianParentAtHome, Figure.GuardianEntrusted, Figure.GuardianNone]),
        ([.. FigureCatalog.ReportsByCategory], [.. FigureCatalog.ReportsByReporter]),
    ];

    /// <summary>
    /// A group and a subset of it: the rest (school-age children not paired, children not of school age, beds not
    /// occupied...) is itself a count, so when it is from 1 to 4 the subset is hidden.
    /// </summary>
    private static readonly (Figure Whole, Figure Part)[] s_subsets =
    [
        (Figure.Children, Figure.SchoolAge),
        (Figure.SchoolAge, Figure.Paired),
        (Figure.Children, Figure.StaleRecords),
        (Figure.Capacity, Figure.Occupied),
    ];

    public static bool IsSmall(int value) => value is >= 1 and < SmallCounts.Threshold;

    /// <summary>One region's figures alone (no parent or siblings sent with it).</summary>
    public static Figures Row(Figures figures)
    {
        var hidden = InitialHidden(figures);
        while (CompleteRow(figures, hidden))
        {
        }
        return figures.Suppressing(hidden);
    }

    /// <summary>A parent and its sub-regions as one table, suppressed together.</summary>
    public static (Figures Parent, IReadOnlyList<Figures> Rows) Table(Figures parent, IReadOnlyList<Figures> rows)
    {
        var cells = new List<(Figures Figures, HashSet<Figure> Hidden)>(rows.Count + 1) { (parent, InitialHidden(parent)) };
        cells.AddRange(rows.Select(r => (r, InitialHidden(r))));
        bool changed;
        do
        {
            changed = false;
            foreach (var (figures, hidden) in cells)
            {
                changed |= CompleteRow(figures, hidden);
            }
            changed |= CompleteColumns(cells);
        }
        while (changed);
        return (parent.Suppressing(cells[0].Hidden), [.. cells.Skip(1).Select(c => c.Figures.Suppressing(c.Hidden))]);
    }

    private static HashSet<Figure> InitialHidden(Figures figures)
    {
        var hidden = new HashSet<Figure>();
        foreach (var info in FigureCatalog.All)
        {
            if (IsSmall(figures.ValueOf(info.Id)) || figures.IsSuppressed(info.Id))
            {
                hidden.Add(info.Id);
            }
        }
        HideDerived(figures, hidden);
        return hidden;
    }

    /// <summary>A sum that is not a count (minutes) goes with its count: shown only when the count is shown and at least 5.</summary>
    private static bool HideDerived(Figures figures, HashSet<Figure> hidden)
    {
        var changed = false;
        foreach (var info in FigureCatalog.All)
        {
            if (info.CountedBy is { } count && (hidden.Contains(count) || figures.ValueOf(count) < SmallCounts.Threshold))
            {
                changed |= hidden.Add(info.Id);
            }
        }
        return changed;
    }

    private static bool CompleteRow(Figures figures, HashSet<Figure> hidden)
    {
        var changed = HideDerived(figures, hidden);
        foreach (var (whole, part) in s_subsets)
        {
            if (!hidden.Contains(whole) && !hidden.Contains(part) && IsSmall(figures.ValueOf(whole) - figures.ValueOf(part)))
            {
                changed |= hidden.Add(part);
            }
        }
        foreach (var (left, right) in s_identities)
        {
            var terms = left.Concat(right).ToArray();
            changed |= Complement(terms.Select(f => (f, figures.ValueOf(f), hidden.Contains(f))).ToList(), f => hidden.Add(f));
        }
        return changed;
    }

    private static bool CompleteColumns(List<(Figures Figures, HashSet<Figure> Hidden)> cells)
    {
        var changed = false;
        if (cells.Count < 2)
        {
            return false;
        }
        foreach (var info in FigureCatalog.All)
        {
            var f = info.Id;
            var sum = 0L;
            for (var i = 1; i < cells.Count; i++)
            {
                sum += cells[i].Figures.ValueOf(f);
            }
            if (sum != cells[0].Figures.ValueOf(f))
            {
                // The parent holds more than its rows (a city's own relief station): no identity to protect here.
                continue;
            }
            var terms = cells.Select((c, i) => (Cell: i, Value: c.Figures.ValueOf(f), Hidden: c.Hidden.Contains(f))).ToList();
            changed |= Complement(terms.Select(t => (t.Cell, t.Value, t.Hidden)).ToList(), cell => cells[cell].Hidden.Add(f));
        }
        return changed;
    }

    /// <summary>When exactly one term of an identity is hidden, hides the smallest shown non-zero term (or any shown one).</summary>
    private static bool Complement<T>(List<(T Key, int Value, bool Hidden)> terms, Func<T, bool> hide)
    {
        if (terms.Count(t => t.Hidden) != 1)
        {
            return false;
        }
        var candidates = terms.Where(t => !t.Hidden).OrderBy(t => t.Value == 0 ? 1 : 0).ThenBy(t => t.Value).ToList();
        return candidates.Count > 0 && hide(candidates[0].Key);
    }
}
