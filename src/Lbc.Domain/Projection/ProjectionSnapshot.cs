using System.IO.Hashing;
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
    /// <remarks>
    /// 2: XxHash3 checksum instead of FNV-1a (same layout otherwise).
    /// 3: each case carries its timeline (version = entries); recently closed cases are kept whole.
    /// 4: exits counted per township (in the township counters), no delta sequence.
    /// 5: children by kind and guardian in the township counters; reports of the last 90 days.
    /// 6: the civil-affairs board (issue 12): institution status times and reported figures (occupancy is recomputed
    ///    from the placements), placement assignment times and categories, services asked per case, closed cases kept
    ///    as township follow-ups, the intervention record and guardian-none days, social assistance per township.
    /// 7: recent event ids keyed by producer and id, with a hash of their content.
    /// 8: the audit index (issue 14): the newest audit lines and commands, with their sequence numbers.
    /// 9: each case's sealed personal data (ciphertext only), surname mask and age band.
    /// 10: the registry keeps child ids, villages and the visited bit (ledger import).
    /// 11: the alerts (issue 16): open and retained alerts with their acknowledgements and mutes, early actions, the
    ///     overdue-rate samples per township and the mandated reporters' last days per county.
    /// </remarks>
    public const int FormatVersion = 11;

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
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        // Check the whole file first, in large blocks, then read it without hashing every small field on the way:
        // hashing through a stream field by field made loading a million children's snapshot take seconds.
        var start = stream.Position;
        var payload = stream.Length - start - sizeof(ulong);
        VerifyChecksum(stream, payload);
        stream.Position = start;
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
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
            if (stream.Position - start != payload)
            {
                throw new InvalidDataException($"inconsistent content ({payload - (stream.Position - start)} bytes not read)");
            }
            stream.Position = start + payload + sizeof(ulong);
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

    /// <summary>Hashes the <paramref name="payload"/> bytes from the stream's position and compares the trailer after them.</summary>
    private static void VerifyChecksum(Stream stream, long payload)
    {
        if (payload < s_magic.Length)
        {
            throw new InvalidDataException("truncated");
        }
        var hash = new XxHash3();
        var block = new byte[1 << 20];
        for (var left = payload; left > 0;)
        {
            var read = stream.Read(block, 0, (int)Math.Min(block.Length, left));
            if (read == 0)
            {
                throw new InvalidDataException("truncated");
            }
            hash.Append(block.AsSpan(0, read));
            left -= read;
        }
        Span<byte> trailer = stackalloc byte[sizeof(ulong)];
        stream.ReadExactly(trailer);
        if (BitConverter.ToUInt64(trailer) != hash.GetCurrentHashAsUInt64())
        {
            throw new InvalidDataException("checksum mismatch (the file is corrupt)");
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

    /// <summary>Passes written bytes through and keeps a 64-bit XxHash3 of them, so a flipped bit is found, not loaded.</summary>
    private sealed class ChecksumStream(Stream inner) : Stream
    {
        private readonly XxHash3 _hash = new();

        public ulong Hash => _hash.GetCurrentHashAsUInt64();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.Append(buffer);
            inner.Write(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
