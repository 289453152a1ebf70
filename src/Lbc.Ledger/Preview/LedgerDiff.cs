using Lbc.Domain.Registry;
using Lbc.Ledger.Validation;

namespace Lbc.Ledger.Preview;

/// <summary>Compares a validated file with the township's current ledger.</summary>
public static class LedgerDiff
{
    public static LedgerPreview Compare(LedgerValidation validation, LedgerBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(baseline);
        var added = new List<LedgerRecord>();
        var updated = new List<LedgerUpdate>();
        var unchanged = new List<LedgerRecord>();
        var visits = new List<LedgerRecord>();
        var pairings = new List<LedgerRecord>();
        var reported = new List<LedgerRecord>();
        var returned = new List<LedgerRecord>();
        var before = new Dictionary<string, LedgerBaselineRecord>(StringComparer.Ordinal);
        foreach (var record in validation.Records)
        {
            // An exited child listed again is left-behind again (the parents left again): a fresh registration.
            var known = baseline.TryGet(record.ChildId, out var old) && old.Active ? old : null;
            if (baseline.TryGet(record.ChildId, out var any))
            {
                before[record.ChildId] = any;
            }
            if (known is null)
            {
                added.Add(record);
            }
            else if (ChangedFields(record, known) is { Count: > 0 } changed)
            {
                updated.Add(new LedgerUpdate(record, known, changed));
            }
            else
            {
                unchanged.Add(record);
            }
            if (record.LastVisit is DateOnly visit && (known?.LastVisit is not DateOnly last || visit > last))
            {
                visits.Add(record);
            }
            if (record.TeacherId is not null && known?.Paired != true)
            {
                pairings.Add(record);
            }
            if (record.Dropout == true && known?.DropoutOpen != true)
            {
                reported.Add(record);
            }
            else if (record.Dropout == false && known?.DropoutOpen == true)
            {
                returned.Add(record);
            }
        }
        return new LedgerPreview(validation, added, updated, unchanged, ProposeExits(validation, baseline),
            visits, pairings, reported, returned, before);
    }

    private static List<LedgerField> ChangedFields(LedgerRecord record, LedgerBaselineRecord old)
    {
        var changed = new List<LedgerField>();
        if (!string.Equals(record.VillageCode, old.VillageCode, StringComparison.Ordinal))
        {
            changed.Add(LedgerField.Village);
        }
        if (record.BirthDate != old.BirthDate)
        {
            changed.Add(LedgerField.BirthDate);
        }
        if (record.Kind != old.Kind)
        {
            changed.Add(LedgerField.Kind);
        }
        if (record.Guardian != old.Guardian)
        {
            changed.Add(LedgerField.Guardian);
        }
        return changed;
    }

    private static List<ProposedExit> ProposeExits(LedgerValidation validation, LedgerBaseline baseline)
    {
        if (validation.Blocked)
        {
            return []; // no row could be read: absence from the file means nothing
        }
        var listed = new HashSet<string>(validation.Records.Select(r => r.ChildId), StringComparer.Ordinal);
        var agedOut = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in validation.Rejected)
        {
            if (row.ChildId is null)
            {
                continue;
            }
            if (row.AgedOut)
            {
                agedOut.TryAdd(row.ChildId, row.Row);
            }
            else
            {
                listed.Add(row.ChildId); // in the file but unreadable: keep the child until the row is fixed
            }
        }
        var covered = new HashSet<string>(validation.Townships, StringComparer.Ordinal);
        var exits = new List<ProposedExit>();
        foreach (var old in baseline.Records)
        {
            if (!old.Active || listed.Contains(old.ChildId) || !covered.Contains(old.TownshipCode))
            {
                continue;
            }
            var turned16 = old.BirthDate.AddYears(16) <= validation.ImportDate || agedOut.ContainsKey(old.ChildId);
            exits.Add(new ProposedExit(old, turned16 ? ExitReason.TurnedSixteen : null,
                agedOut.TryGetValue(old.ChildId, out var row) ? row : null));
        }
        return exits;
    }
}
