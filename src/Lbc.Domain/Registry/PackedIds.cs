using System.Text;

namespace Lbc.Domain.Registry;

/// <summary>
/// Child ids packed for the registry's id array: a length prefix (1 byte under 128, else 2), then the id as UTF-8 with every
/// run of 4 or more ASCII digits as a marker byte, the run's length and two digits per byte. Ledger ids are mostly digits
/// (<c>LB2101231010000123</c>: 18 characters, 13 bytes packed), and 7 million of them are the bulk of the ledger's memory.
/// The marker 0xF8 never occurs in UTF-8.
/// </summary>
internal static class PackedIds
{
    private const byte DigitRun = 0xF8;
    private const int MinRun = 4;
    private const int MaxRun = 255;

    /// <summary>At most the bytes <see cref="Write"/> needs for <paramref name="id"/>.</summary>
    public static int MaxBytes(string id) => 2 + Encoding.UTF8.GetMaxByteCount(id.Length);

    /// <summary>Writes <paramref name="id"/> packed at the start of <paramref name="target"/>; the bytes written.</summary>
    public static int Write(string id, Span<byte> target)
    {
        // Ids are at most 128 characters (the catalog's limit), so the payload fits on the stack.
        var size = Encoding.UTF8.GetMaxByteCount(id.Length) + 2;
        Span<byte> payload = size <= 1024 ? stackalloc byte[size] : new byte[size];
        var length = 0;
        var i = 0;
        while (i < id.Length)
        {
            var run = 0;
            while (i + run < id.Length && run < MaxRun && char.IsAsciiDigit(id[i + run]))
            {
                run++;
            }
            if (run >= MinRun)
            {
                payload[length++] = DigitRun;
                payload[length++] = (byte)run;
                for (var d = 0; d < run; d += 2)
                {
                    var high = id[i + d] - '0';
                    var low = d + 1 < run ? id[i + d + 1] - '0' : 0;
                    payload[length++] = (byte)((high << 4) | low);
                }
                i += run;
                continue;
            }
            // Text up to the next long digit run (short digit runs stay as text).
            var end = i + Math.Max(run, 1);
            while (end < id.Length && !StartsLongRun(id, end))
            {
                end++;
            }
            // Never split a surrogate pair: a run boundary is always at an ASCII digit, so the text ends on a whole character.
            length += Encoding.UTF8.GetBytes(id.AsSpan(i, end - i), payload[length..]);
            i = end;
        }
        var header = length < 0x80 ? 1 : 2;
        if (header == 1)
        {
            target[0] = (byte)length;
        }
        else
        {
            target[0] = (byte)(0x80 | (length >> 8));
            target[1] = (byte)length;
        }
        payload[..length].CopyTo(target[header..]);
        return header + length;
    }

    /// <summary>The id packed at the start of <paramref name="source"/>, and the bytes it takes.</summary>
    public static (string Id, int Bytes) Read(ReadOnlySpan<byte> source)
    {
        var (length, header) = source[0] < 0x80 ? ((int)source[0], 1) : (((source[0] & 0x7F) << 8) | source[1], 2);
        var payload = source.Slice(header, length);
        var text = new StringBuilder(length + 8);
        var i = 0;
        while (i < payload.Length)
        {
            if (payload[i] == DigitRun)
            {
                var run = payload[i + 1];
                for (var d = 0; d < run; d++)
                {
                    var b = payload[i + 2 + d / 2];
                    text.Append((char)('0' + (d % 2 == 0 ? b >> 4 : b & 0x0F)));
                }
                i += 2 + (run + 1) / 2;
                continue;
            }
            var end = payload[i..].IndexOf(DigitRun);
            end = end < 0 ? payload.Length : i + end;
            text.Append(Encoding.UTF8.GetString(payload[i..end]));
            i = end;
        }
        return (text.ToString(), header + length);
    }

    private static bool StartsLongRun(string id, int at)
    {
        var run = 0;
        while (at + run < id.Length && run < MinRun && char.IsAsciiDigit(id[at + run]))
        {
            run++;
        }
        return run >= MinRun;
    }
}
