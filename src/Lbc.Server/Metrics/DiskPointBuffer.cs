using System.Globalization;
using System.Text;

namespace Lbc.Server.Metrics;

/// <summary>
/// Line-protocol batches not yet accepted by InfluxDB, one file per batch under the buffer folder, sent
/// oldest first. Every batch goes through here before it is sent, so a crash or an outage loses nothing
/// that was written; a batch is deleted only after InfluxDB accepted it. Bounded in bytes: beyond the
/// bound the oldest batches are dropped and their points counted. Not thread-safe: one writer loop.
/// </summary>
public sealed class DiskPointBuffer
{
    private const string Extension = ".lp";
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly SortedDictionary<long, Segment> _segments = [];
    private long _nextId;

    public DiskPointBuffer(string directory, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1024);
        _directory = directory;
        _maxBytes = maxBytes;
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                // A batch cut short by a crash during its write is still a prefix of whole lines, except maybe the last.
                var lines = File.ReadLines(file).Count(l => l.Length > 0);
                _segments[id] = new Segment(id, file, new FileInfo(file).Length, lines);
                _nextId = Math.Max(_nextId, id + 1);
            }
            else if (file.EndsWith(".tmp" + Extension, StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }
    }

    public int BufferedPoints => _segments.Values.Sum(s => s.Lines);

    public long BufferedBytes => _segments.Values.Sum(s => s.Bytes);

    public int BufferedBatches => _segments.Count;

    /// <summary>Points thrown away because the buffer was full (since this process started).</summary>
    public long DroppedPoints { get; private set; }

    /// <summary>Stores a batch durably (write to a temp file, fsync, rename) and drops the oldest beyond the bound.</summary>
    public void Append(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }
        var id = _nextId++;
        var path = Path.Combine(_directory, id.ToString("D12", CultureInfo.InvariantCulture) + Extension);
        var temp = path + ".tmp" + Extension;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        _segments[id] = new Segment(id, path, new FileInfo(path).Length, lines.Count);
        while (BufferedBytes > _maxBytes && _segments.Count > 1)
        {
            var oldest = _segments.First().Value;
            DroppedPoints += oldest.Lines;
            Remove(oldest.Id);
        }
    }

    /// <summary>The oldest batch, or null when everything was sent.</summary>
    public (long Id, IReadOnlyList<string> Lines)? Peek()
    {
        if (_segments.Count == 0)
        {
            return null;
        }
        var oldest = _segments.First().Value;
        return (oldest.Id, File.ReadLines(oldest.Path).Where(l => l.Length > 0).ToList());
    }

    /// <summary>Forgets a batch InfluxDB accepted.</summary>
    public void Remove(long id)
    {
        if (_segments.Remove(id, out var segment))
        {
            File.Delete(segment.Path);
        }
    }

    private sealed record Segment(long Id, string Path, long Bytes, int Lines);
}
