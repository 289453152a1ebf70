using Lbc.Domain.Projection;
using Lbc.Ledger.Preview;
using Lbc.Server.Projection;

namespace Lbc.Server.Ledger;

/// <summary>From the projection's registry to what the ledger library compares a file with (non-personal fields only).</summary>
public static class LedgerBaselines
{
    /// <summary>
    /// Every child (active and exited) of the townships inside <paramref name="regionCode"/>, by child id; and the active ones
    /// whose record was confirmed on or after <paramref name="quarterStart"/> (a re-import this quarter need not confirm them again).
    /// </summary>
    public static (Dictionary<string, LedgerBaselineRecord> Held, HashSet<string> Confirmed) Held(ProjectionHost host, string regionCode, DateOnly quarterStart)
    {
        var children = host.Read(p => p.LedgerOf(regionCode));
        var held = new Dictionary<string, LedgerBaselineRecord>(children.Count, StringComparer.Ordinal);
        var confirmed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            held.TryAdd(child.ChildId, ToRecord(child));
            if (child.Active && child.LastUpdated >= quarterStart)
            {
                confirmed.Add(child.ChildId);
            }
        }
        return (held, confirmed);
    }

    /// <summary>
    /// The baseline of one file: the jurisdiction's children, plus any child the file lists who is registered elsewhere
    /// (moved in from another township: their record moves, they are not new).
    /// </summary>
    public static LedgerBaseline For(ProjectionHost host, Dictionary<string, LedgerBaselineRecord> held, IEnumerable<string> listed)
    {
        var missing = listed.Where(id => !held.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var elsewhere = host.Read(p => missing.Select(p.LedgerChildOf).OfType<LedgerChild>().ToList());
            foreach (var child in elsewhere)
            {
                held.TryAdd(child.ChildId, ToRecord(child));
            }
        }
        return new LedgerBaseline(held.Values);
    }

    public static LedgerBaselineRecord ToRecord(LedgerChild c) =>
        // A village the catalog no longer knows: the township code stands in (TownshipCode reads its first nine digits), and
        // the next file's village shows as a change.
        new(c.ChildId, c.VillageCode ?? c.TownshipCode, c.BirthDate, c.Kind, c.Guardian, c.Paired, c.DropoutOpen, c.LastVisit, c.Active);
}
