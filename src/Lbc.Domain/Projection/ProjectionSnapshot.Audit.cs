using static Lbc.Domain.Projection.ProjectionSnapshot;

namespace Lbc.Domain.Audit;

public sealed partial class AuditIndex
{
    // Oldest first, so reading back with Add restores the order and the sequence numbers (paging cursors stay valid).
    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(NextSequence);
        writer.Write(Count);
        for (var i = 0; i < Count; i++)
        {
            var e = _items[(_head + i) % _items.Length];
            WriteTime(writer, e.At);
            writer.Write(e.Action);
            writer.Write(e.Outcome);
            WriteNullable(writer, e.User);
            WriteNullable(writer, e.Role);
            WriteNullable(writer, e.Jurisdiction);
            WriteNullable(writer, e.CaseId);
            WriteNullable(writer, e.Target);
            WriteNullable(writer, e.Reason);
            WriteNullable(writer, e.Region);
            WriteNullable(writer, e.Address);
        }
    }

    internal void ReadState(BinaryReader reader)
    {
        var next = reader.ReadInt64();
        var count = reader.ReadInt32();
        if (count < 0 || next < count)
        {
            throw new InvalidDataException("audit index: inconsistent count");
        }
        _items = [];
        _head = 0;
        Count = 0;
        // A smaller capacity configured since: keep the newest lines, numbered as before.
        var skip = Math.Max(0, count - capacity);
        NextSequence = next - count + skip;
        for (var i = 0; i < count; i++)
        {
            var entry = new AuditEntry(0, ReadTime(reader), reader.ReadString(), reader.ReadString(), ReadNullableString(reader),
                ReadNullableString(reader), ReadNullableString(reader), ReadNullableString(reader), ReadNullableString(reader),
                ReadNullableString(reader), ReadNullableString(reader), ReadNullableString(reader));
            if (i >= skip)
            {
                Add(entry);
            }
        }
        NextSequence = next;
    }
}
