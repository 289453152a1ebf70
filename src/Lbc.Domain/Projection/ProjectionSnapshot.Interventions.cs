using Lbc.Domain.Events;
using static Lbc.Domain.Projection.ProjectionSnapshot;

namespace Lbc.Domain.Care;

internal sealed partial class InterventionBook
{
    // Measures and flags in the order recorded; the indexes by case and by child are rebuilt from them.
    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(_measures.Count);
        foreach (var m in _measures)
        {
            writer.Write(m.EventId);
            writer.Write((byte)m.Measure);
            WriteTime(writer, m.At);
            writer.Write(m.Src);
            WriteNullable(writer, m.Actor?.Username);
            WriteNullable(writer, m.Actor?.DisplayName);
            WriteNullable(writer, m.CaseId);
            WriteChild(writer, m.ChildKey);
        }
        writer.Write(_flags.Count);
        foreach (var f in _flags)
        {
            writer.Write((byte)f.Reason);
            WriteTime(writer, f.At);
            WriteNullable(writer, f.CaseId);
            WriteChild(writer, f.ChildKey);
            writer.Write(f.Args.Count);
            foreach (var arg in f.Args)
            {
                writer.Write(arg);
            }
        }
        writer.Write(_guardianNoneSince.Count);
        foreach (var (child, day) in _guardianNoneSince)
        {
            writer.Write(child);
            writer.Write(day);
        }
    }

    internal void ReadState(BinaryReader reader)
    {
        _measures.Clear();
        _flags.Clear();
        _measuresByCase.Clear();
        _measuresByChild.Clear();
        _flagsByCase.Clear();
        _flagsByChild.Clear();
        _childOfCase.Clear();
        _guardianNoneSince.Clear();
        var measures = reader.ReadInt32();
        for (var i = 0; i < measures; i++)
        {
            var id = reader.ReadString();
            var measure = (InterventionMeasure)reader.ReadByte();
            var at = ReadTime(reader);
            var src = reader.ReadString();
            var username = ReadNullableString(reader);
            var displayName = ReadNullableString(reader);
            var actor = username is null || displayName is null ? null : new Actor(username, displayName);
            Add(new InterventionEntry(id, measure, at, src, actor, ReadNullableString(reader), ReadChild(reader)));
        }
        var flags = reader.ReadInt32();
        for (var i = 0; i < flags; i++)
        {
            var reason = (RevocationReason)reader.ReadByte();
            var at = ReadTime(reader);
            var caseId = ReadNullableString(reader);
            var child = ReadChild(reader);
            var args = new string[reader.ReadInt32()];
            for (var a = 0; a < args.Length; a++)
            {
                args[a] = reader.ReadString();
            }
            Add(new RevocationFlag(reason, at, caseId, child, args));
        }
        var none = reader.ReadInt32();
        for (var i = 0; i < none; i++)
        {
            _guardianNoneSince.Add(reader.ReadUInt64(), reader.ReadInt32());
        }
    }

    private static void WriteChild(BinaryWriter writer, ulong? child)
    {
        writer.Write(child.HasValue);
        if (child is ulong key)
        {
            writer.Write(key);
        }
    }

    private static ulong? ReadChild(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadUInt64() : null;
}
