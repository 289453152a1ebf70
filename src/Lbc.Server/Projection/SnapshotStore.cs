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
    private const string PendingPrefix = "pending-";

    public string Directory { get; } = Path.Combine(Path.GetFullPath(options.DataDirectory), "snapshots");

    /// <summary>
    /// A new snapshot file to write into, under a temporary name (any left by a crash mid-write are removed first: there is
    /// one writer). <see cref="Commit"/> gives it its real name; disposed uncommitted, it is deleted.
    /// </summary>
    public PendingSnapshot Begin()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var stale in System.IO.Directory.GetFiles(Directory, PendingPrefix + "*"))
        {
            File.Delete(stale);
        }
        var temp = Path.Combine(Directory, $"{PendingPrefix}{Guid.NewGuid():n}.tmp");
        return new PendingSnapshot(temp, new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20));
    }

    /// <summary>Flushes the file to disk and renames it after its position; the oldest beyond <c>Keep</c> are deleted.</summary>
    public string Commit(PendingSnapshot pending, string logKind, LogPosition position)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{logKind}-{position.Major:D20}-{position.Minor:D10}{Extension}");
        var path = Path.Combine(Directory, name);
        pending.Stream.Flush(flushToDisk: true);
        pending.Stream.Dispose();
        File.Move(pending.TempPath, path, overwrite: true);
        pending.Committed = true;
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

/// <summary>A snapshot being written (<see cref="SnapshotStore.Begin"/>); deleted on dispose unless committed.</summary>
public sealed class PendingSnapshot(string tempPath, FileStream stream) : IDisposable
{
    public FileStream Stream { get; } = stream;

    internal string TempPath { get; } = tempPath;

    internal bool Committed { get; set; }

    public void Dispose()
    {
        Stream.Dispose();
        if (!Committed)
        {
            File.Delete(TempPath);
        }
    }
}
