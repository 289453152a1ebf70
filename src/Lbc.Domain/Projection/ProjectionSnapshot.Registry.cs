using System.Runtime.InteropServices;
using static Lbc.Domain.Projection.ProjectionSnapshot;

namespace Lbc.Domain.Registry;

internal sealed partial class ChildRegistry
{
    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(Today);
        writer.Write(ActiveCount);
        // Slots are handed out in insertion order and never freed, so slot i's key is the i-th key added.
        // The layout of WriteArray, written from the index's own array (no copy of 56 MB at 7 million children).
        writer.Write(_count);
        writer.Write(MemoryMarshal.AsBytes(_index.Keys));
        WriteArray(writer, _township, _count);
        WriteArray(writer, _visitBase, _count);
        WriteArray(writer, _updated, _count);
        WriteArray(writer, _birth, _count);
        WriteArray(writer, _nextCheck, _count);
        WriteArray(writer, _flags, _count);
        WriteArray(writer, _state, _count);
        WriteArray(writer, _village, _count);
        WriteArray(writer, _idBytes, _idLength);
        WriteArray(writer, _counters, _counters.Length);
        _calendar.WriteState(writer);
    }

    internal void ReadState(BinaryReader reader)
    {
        Today = reader.ReadInt32();
        ActiveCount = reader.ReadInt32();
        var keys = ReadArray<ulong>(reader, _township.Length, out _count);
        var capacity = Math.Max(_count, _township.Length);
        _township = ReadSlots<int>(reader, capacity);
        _visitBase = ReadSlots<ushort>(reader, capacity);
        _updated = ReadSlots<ushort>(reader, capacity);
        _birth = ReadSlots<ushort>(reader, capacity);
        _nextCheck = ReadSlots<ushort>(reader, capacity);
        _flags = ReadSlots<byte>(reader, capacity);
        _state = ReadSlots<byte>(reader, capacity);
        _village = ReadSlots<ushort>(reader, capacity);
        var ids = ReadArray<byte>(reader);
        _idLength = ids.Length;
        _idBytes = new byte[Math.Max(1024, ids.Length + ids.Length / 2)];
        ids.CopyTo(_idBytes, 0);
        _index.Load(keys, _count);
        var counters = ReadArray<TownshipCounters>(reader);
        if (counters.Length != _counters.Length)
        {
            throw new InvalidDataException("registry: township count differs");
        }
        counters.CopyTo(_counters, 0);
        _calendar.ReadState(reader);
    }

    private T[] ReadSlots<T>(BinaryReader reader, int capacity) where T : unmanaged
    {
        var array = ReadArray<T>(reader, capacity, out var count);
        if (count != _count)
        {
            throw new InvalidDataException("registry: arrays of different lengths");
        }
        return array;
    }
}

internal sealed partial class CalendarQueue
{
    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(_byDay.Count);
        foreach (var (day, children) in _byDay)
        {
            writer.Write(day);
            // A count and the ints as one block: the layout of WriteArray, read back in one copy.
            writer.Write(children.Count);
            writer.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(children)));
        }
    }

    internal void ReadState(BinaryReader reader)
    {
        _byDay.Clear();
        PendingEntries = 0;
        var days = reader.ReadInt32();
        for (var d = 0; d < days; d++)
        {
            var day = reader.ReadInt32();
            var children = ReadArray<int>(reader);
            _byDay.Add(day, [.. children]);
            PendingEntries += children.Length;
        }
    }
}
