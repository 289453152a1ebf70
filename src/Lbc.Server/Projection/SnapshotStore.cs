using System.Globalization;
using Lbc.Domain.Events;
using Lbc.Server.Configuration;

namespace Lbc.Server.Projection;

/// <summary>
/// Snapshot files under <c>Dashboard:DataDirectory/snapshots/</c>, named by log kind and position so the
/// newest sorts last. Written to a temp file, flushed to disk, then renamed: a crash mid-write leaves the
/// previous snapshot intact, never a half file under a real name.
/// </summary>
public sealed class SnapshotStore(DashboardOptions options, SnapshotSettings settings)
{
    private const string Extension = ".snap";

    public string Directory { get; } = Path.Combine(Path.GetFullPath(options.DataDirectory), "snapshots");

    public string Save(byte[] bytes, string logKind, LogPosition position)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = string.Create(CultureInfo.InvariantCulture, $"{logKind}-{position.Major:D20}-{position.Minor:D10}{Extension}");
        var path = Path.Combine(Directory, name);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        foreach (var old in Newest(logKind).Skip(Math.Max(1, settings.Keep)))
        {
            File.Delete(old);
        }
        return path;
    }

    /// <summary>The positions of the snapshot files of this log kind (read from their names), newest first.</summary>
    public IReadOnlyList<LogPosition> Positions(string logKind)
    {
        var positions = new List<LogPosition>();
        foreach (var path in Newest(logKind))
        {
            // "{kind}-{major:D20}-{minor:D10}.snap"
            var name = Path.GetFileNameWithoutExtension(path).AsSpan(logKind.Length + 1);
            var dash = name.IndexOf('-');
            if (dash > 0
                && long.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                && long.TryParse(name[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            {
                positions.Add(new LogPosition(major, minor));
            }
        }
        return positions;
    }

    /// <summary>Snapshot files of this log kind, newest first.</summary>
    public IReadOnlyList<string> Newest(string logKind)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }
        return [.. System.IO.Directory.GetFiles(Directory, logKind + "-*" + Extension)
            .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal)];
    }
}
