using Lbc.Contracts;

namespace Lbc.Server.Bulletins.Composition;

/// <summary>
/// The leading group's small counts in a bulletin, on top of what history already hides from it (a period is hidden when
/// any of its days is, <see cref="History.HistoryPrivacy"/>): as on screen (<see cref="Access.Suppression"/>), a count
/// below 5 reads "&lt;5"; a part whose rest is 1 to 4 is hidden; of children = on time + due soon + overdue, one hidden
/// hides another; and in the table of a region and its sub-regions, when
/// exactly one cell of a column is hidden the smallest other is hidden too, since the region's value is the sum of its
/// sub-regions' and the hidden one could be had by subtraction.
/// </summary>
public static class BulletinSuppression
{
    public static bool IsSmall(double value) => value > 0 && value < SmallCounts.Threshold;

    /// <summary>Hides in place: <paramref name="table"/>[0] is the region, the rest its sub-regions; each maps a count key to its value.</summary>
    public static void Apply(IReadOnlyList<Dictionary<string, BulletinValue>> table)
    {
        foreach (var row in table)
        {
            foreach (var key in row.Keys.ToList())
            {
                if (row[key].Value is { } v && IsSmall(v))
                {
                    row[key] = BulletinValue.Suppressed;
                }
            }
        }
        bool changed;
        do
        {
            changed = false;
            foreach (var row in table)
            {
                changed |= HideSubsets(row);
                foreach (var identity in BulletinFields.Identities)
                {
                    changed |= Complement([.. identity.Where(row.ContainsKey).Select(k => (row, k))]);
                }
            }
            if (table.Count > 1)
            {
                foreach (var key in BulletinFields.Additive)
                {
                    changed |= Complement(table, key);
                }
            }
        }
        while (changed);
    }

    private static bool HideSubsets(Dictionary<string, BulletinValue> row)
    {
        var changed = false;
        foreach (var (whole, part) in BulletinFields.Subsets)
        {
            if (row.TryGetValue(whole, out var w) && row.TryGetValue(part, out var p)
                && w.Value is { } wv && p.Value is { } pv && IsSmall(wv - pv))
            {
                row[part] = BulletinValue.Suppressed;
                changed = true;
            }
        }
        return changed;
    }

    private static bool Complement(IReadOnlyList<Dictionary<string, BulletinValue>> table, string key) =>
        Complement([.. table.Where(r => r.ContainsKey(key)).Select(r => (r, key))]);

    /// <summary>Cells that sum to a known total: when exactly one is hidden, hides the smallest shown non-zero one (or any shown one).</summary>
    private static bool Complement(IReadOnlyList<(Dictionary<string, BulletinValue> Row, string Key)> cells)
    {
        if (cells.Count(c => c.Row[c.Key].Hidden) != 1)
        {
            return false;
        }
        var shown = cells.Where(c => c.Row[c.Key].Value is not null)
            .OrderBy(c => c.Row[c.Key].Value == 0 ? 1 : 0).ThenBy(c => c.Row[c.Key].Value).ToList();
        if (shown.Count == 0)
        {
            return false;
        }
        shown[0].Row[shown[0].Key] = BulletinValue.Suppressed;
        return true;
    }
}
