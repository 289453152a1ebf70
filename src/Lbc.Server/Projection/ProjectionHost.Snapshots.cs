using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;

namespace Lbc.Server.Projection;

/// <summary>Snapshots of this instance's projection: taken under the lock so state and position agree.</summary>
public sealed partial class ProjectionHost
{
    /// <summary>Events applied since this process started (the replay counter /healthz shows).</summary>
    public long ReplayedOnStart { get; set; }

    /// <summary>The snapshot position this process started from, or null after a full replay.</summary>
    public LogPosition? RestoredFrom { get; private set; }

    /// <summary>
    /// Serialises the projection and the position it is at into <paramref name="destination"/> (a snapshot file), under the
    /// lock. Straight to the file rather than to memory first: at national scale a snapshot is ~300 MB, and a buffer of it
    /// (twice, with the copy out of the buffer) was most of the server's resident memory. The syscalls add a little to the
    /// time under the lock (page cache, no flush to disk; that happens outside).
    /// </summary>
    public (LogPosition Position, long Applied, long Bytes) WriteSnapshot(Stream destination, string logKind)
    {
        lock (_gate)
        {
            var start = destination.Position;
            ProjectionSnapshot.Write(destination, _projection, logKind, Position);
            destination.Flush();
            return (Position, _projection.EventsApplied + _projection.DuplicatesIgnored + _projection.EventsRejected, destination.Position - start);
        }
    }

    /// <summary>
    /// Replaces the projection by the one in <paramref name="snapshot"/> and moves the read position to it.
    /// Throws <see cref="InvalidDataException"/> (nothing changed) when the snapshot does not fit.
    /// </summary>
    public LogPosition Restore(Stream snapshot, string logKind)
    {
        var restored = NewProjection(regions, rules, time, auditLines, alerts);
        var position = ProjectionSnapshot.Restore(snapshot, restored, logKind);
        lock (_gate)
        {
            _projection = restored;
            Position = position;
            RestoredFrom = position;
        }
        return position;
    }

    /// <summary>Drops all state and reads from the start again (the last resort of a resync).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _projection = NewProjection(regions, rules, time, auditLines, alerts);
            Position = LogPosition.Start;
            RestoredFrom = null;
        }
    }

    /// <summary>Continues reading just before <paramref name="first"/>, after an alerted, unrecoverable trim.</summary>
    public void SkipTo(LogPosition first)
    {
        lock (_gate)
        {
            Position = first.Minor > 0 ? first with { Minor = first.Minor - 1 } : new LogPosition(first.Major - 1, long.MaxValue);
        }
    }

    private static CommandCenterProjection NewProjection(RegionCatalog regions, RuleSettings rules, TimeProvider time, int auditLines,
        Lbc.Domain.Alerts.AlertSettings? alerts) =>
        new(regions, rules, time.GetUtcNow(), expectedChildren: 64 * 1024, auditLines: auditLines, alerts: alerts);
}
