using static Lbc.Domain.Projection.ProjectionSnapshot;

// Each part of the projection writes and reads its own state (next to ProjectionSnapshot, so the whole
// layout is in one folder). Collections are written in their enumeration order and read back by
// inserting in that order, so a restored projection enumerates, and therefore renders, identically.

namespace Lbc.Domain.Projection;

public sealed partial class CommandCenterProjection
{
    internal void WriteState(BinaryWriter writer)
    {
        WriteTime(writer, Now);
        writer.Write(EventsApplied);
        writer.Write(DuplicatesIgnored);
        writer.Write(EventsRejected);
        WriteArray(writer, _ledgerQuarter, _ledgerQuarter.Length);
        _recentIds.WriteState(writer);
        _children.WriteState(writer);
        _cases.WriteState(writer);
        _care.WriteState(writer);
        _interventions.WriteState(writer);
        WriteArray(writer, _socialAssistance, _socialAssistance.Length);
        _reports.WriteState(writer);
        _audit.WriteState(writer);
        WriteAlertState(writer);
    }

    internal void ReadState(BinaryReader reader)
    {
        if (EventsApplied + DuplicatesIgnored + EventsRejected != 0)
        {
            throw new InvalidOperationException("A snapshot is restored into a fresh projection only.");
        }
        Now = ReadTime(reader);
        EventsApplied = reader.ReadInt64();
        DuplicatesIgnored = reader.ReadInt64();
        EventsRejected = reader.ReadInt64();
        var ledger = ReadArray<int>(reader);
        if (ledger.Length != _ledgerQuarter.Length)
        {
            throw new InvalidDataException("ledger quarters: township count differs");
        }
        ledger.CopyTo(_ledgerQuarter, 0);
        _recentIds.ReadState(reader);
        _children.ReadState(reader);
        _cases.ReadState(reader);
        _care.ReadState(reader, Now);
        _interventions.ReadState(reader);
        var social = ReadArray<int>(reader);
        if (social.Length != _socialAssistance.Length)
        {
            throw new InvalidDataException("social assistance: township count differs");
        }
        social.CopyTo(_socialAssistance, 0);
        _reports.ReadState(reader);
        _audit.ReadState(reader);
        ReadAlertState(reader);
        // Pending changes are not part of the state: clients of a restarted server start from a snapshot.
        _changes.Clear();
    }
}

internal sealed partial class RecentEventIds
{
    internal void WriteState(BinaryWriter writer)
    {
        // Keys oldest first, then their contents: the layout the Dictionary + Queue window wrote, so snapshots stay readable.
        var window = _table.OldestFirst().ToArray();
        var keys = window.Select(w => w.Key).ToArray();
        WriteArray(writer, keys, keys.Length);
        var contents = window.Select(w => w.Value).ToArray();
        WriteArray(writer, contents, contents.Length);
    }

    internal void ReadState(BinaryReader reader)
    {
        var order = ReadArray<ulong>(reader);
        var contents = ReadArray<ulong>(reader);
        if (contents.Length != order.Length)
        {
            throw new InvalidDataException("recent ids: keys and contents differ in length");
        }
        _table.Clear();
        // A smaller window configured since: keep the newest ids.
        for (var i = Math.Max(0, order.Length - capacity); i < order.Length; i++)
        {
            _table.TryAdd(order[i], contents[i]);
        }
    }
}
