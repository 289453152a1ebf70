using System.Runtime.InteropServices;
using System.Text;
using Lbc.Domain.Events;
using Lbc.Domain.Registry;

namespace Lbc.Domain.Projection;

/// <summary>
/// A versioned binary image of a whole <see cref="CommandCenterProjection"/> and the log position it is
/// at, so a restart replays only the tail. Stream in, stream out: where the bytes live is the host's
/// business. Anything unexpected (another format version, another log kind, other rules or geography,
/// a bad checksum, a short file) throws <see cref="InvalidDataException"/> with the reason, and the caller
/// falls back to a full replay: a snapshot is a shortcut, never a second source of truth.
/// </summary>
public static class ProjectionSnapshot
{
    /// <summary>Bump on any change of layout; older files are then ignored, not misread.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] s_magic = "LBCSNAP\n"u8.ToArray();

    /// <summary>Writes <paramref name="projection"/> as it is now, recorded as being at <paramref name="position"/> of a <paramref name="logKind"/> log.</summary>
    public static void Write(Stream stream, CommandCenterProjection projection, string logKind, LogPosition position)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Projection snapshots are written little-endian.");
        }
        using var checksum = new ChecksumStream(stream);
        using (var writer = new BinaryWriter(checksum, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(s_magic);
            writer.Write(FormatVersion);
            writer.Write(logKind);
            writer.Write(position.Major);
            writer.Write(position.Minor);
            writer.Write(Fingerprint(projection));
            projection.WriteState(writer);
            writer.Flush();
        }
        // The checksum itself is not part of what it covers.
        Span<byte> trailer = stackalloc byte[sizeof(ulong)];
        BitConverter.TryWriteBytes(trailer, checksum.Hash);
        stream.Write(trailer);
    }

    /// <summary>
    /// Fills <paramref name="fresh"/> (a projection nothing was applied to) from a snapshot and returns
    /// the log position the snapshot is at. On <see cref="InvalidDataException"/> discard <paramref name="fresh"/>.
    /// </summary>
    public static LogPosition Restore(Stream stream, CommandCenterProjection fresh, string logKind)
    {
        using var checksum = new ChecksumStream(stream);
        using var reader = new BinaryReader(checksum, Encoding.UTF8, leaveOpen: true);
        try
        {
            var magic = reader.ReadBytes(s_magic.Length);
            if (!magic.AsSpan().SequenceEqual(s_magic))
            {
                throw new InvalidDataException("not a projection snapshot (bad magic)");
            }
            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"format version {version}, this build reads {FormatVersion}");
            }
            var kind = reader.ReadString();
            if (!string.Equals(kind, logKind, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"taken from a {kind} log, this server reads a {logKind} log");
            }
            var position = new LogPosition(reader.ReadInt64(), reader.ReadInt64());
            var fingerprint = reader.ReadUInt64();
            if (fingerprint != Fingerprint(fresh))
            {
                throw new InvalidDataException("taken with other rule settings or another region catalog");
            }
            fresh.ReadState(reader);
            var computed = checksum.Hash;
            Span<byte> trailer = stackalloc byte[sizeof(ulong)];
            stream.ReadExactly(trailer);
            if (BitConverter.ToUInt64(trailer) != computed)
            {
                throw new InvalidDataException("checksum mismatch (the file is corrupt)");
            }
            return position;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("truncated");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidDataException($"inconsistent content ({ex.Message})");
        }
    }

    /// <summary>What the state depends on besides the events: the rules and the township list (indexes are stored).</summary>
    private static ulong Fingerprint(CommandCenterProjection projection)
    {
        var text = new StringBuilder(projection.Rules.ToString());
        foreach (var township in projection.Regions.Townships)
        {
            text.Append(',').Append(township.Code);
        }
        return ChildKey.Of(text.ToString());
    }

    internal static void WriteArray<T>(BinaryWriter writer, T[] array, int count) where T : unmanaged
    {
        writer.Write(count);
        writer.Write(MemoryMarshal.AsBytes(array.AsSpan(0, count)));
    }

    internal static T[] ReadArray<T>(BinaryReader reader) where T : unmanaged => ReadArray<T>(reader, 0, out _);

    /// <summary>Reads an array written by <see cref="WriteArray"/>, padded to <paramref name="minimumLength"/> (spare capacity).</summary>
    internal static T[] ReadArray<T>(BinaryReader reader, int minimumLength, out int count) where T : unmanaged
    {
        count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("negative array length");
        }
        var array = new T[Math.Max(count, minimumLength)];
        var bytes = MemoryMarshal.AsBytes(array.AsSpan(0, count));
        reader.BaseStream.ReadExactly(bytes);
        return array;
    }

    internal static void WriteTime(BinaryWriter writer, DateTimeOffset time)
    {
        writer.Write(time.UtcTicks);
        writer.Write((short)time.Offset.TotalMinutes);
    }

    internal static DateTimeOffset ReadTime(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
    }

    internal static void WriteNullable(BinaryWriter writer, DateTimeOffset? time)
    {
        writer.Write(time.HasValue);
        if (time is DateTimeOffset t)
        {
            WriteTime(writer, t);
        }
    }

    internal static DateTimeOffset? ReadNullableTime(BinaryReader reader) => reader.ReadBoolean() ? ReadTime(reader) : null;

    internal static void WriteNullable(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    internal static string? ReadNullableString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    /// <summary>Passes bytes through and keeps a 64-bit FNV-1a of them, so a flipped bit is found, not loaded.</summary>
    private sealed class ChecksumStream(Stream inner) : Stream
    {
        private ulong _hash = 14695981039346656037UL;

        public ulong Hash => _hash;

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            Mix(buffer[..read]);
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Mix(buffer);
            inner.Write(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Mix(ReadOnlySpan<byte> bytes)
        {
            var hash = _hash;
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
            _hash = hash;
        }
    }
}
