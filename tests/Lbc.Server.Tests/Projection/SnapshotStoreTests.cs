using Lbc.Domain.Events;
using Lbc.Server.Configuration;
using Lbc.Server.Projection;

namespace Lbc.Server.Tests.Projection;

/// <summary>
/// Snapshot files are written straight to disk under a temporary name and only then named after their position, so a
/// restart never finds a half-written snapshot under a real name, and a crash's leftovers do not pile up.
/// </summary>
public sealed class SnapshotStoreTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("lbc-snapstore-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private SnapshotStore Store(int keep = 2) =>
        new(new DashboardOptions { DataDirectory = _data }, new SnapshotSettings { Keep = keep });

    [Fact]
    public void Commit_NamesTheFileAfterItsPosition_AndOnlyThenItIsListed()
    {
        var store = Store();
        using var pending = store.Begin();
        pending.Stream.Write("snapshot bytes"u8);

        Assert.Empty(store.Newest("redis"));
        var path = store.Commit(pending, "redis", new LogPosition(1796099950089, 3));

        Assert.Equal([path], store.Newest("redis"));
        Assert.EndsWith("redis-00000001796099950089-0000000003.snap", path, StringComparison.Ordinal);
        Assert.Equal("snapshot bytes", File.ReadAllText(path));
        Assert.Equal([new LogPosition(1796099950089, 3)], store.Positions("redis"));
        Assert.Single(Directory.GetFiles(store.Directory));
    }

    [Fact]
    public void Pending_DisposedWithoutCommit_LeavesNothing_AndACrashsLeftoverIsRemovedAtTheNextBegin()
    {
        var store = Store();
        using (var abandoned = store.Begin())
        {
            abandoned.Stream.Write("half"u8);
        }
        Assert.Empty(Directory.GetFiles(store.Directory));

        // A process killed mid-write leaves its temporary file behind.
        File.WriteAllText(Path.Combine(store.Directory, "pending-0123.tmp"), "half a snapshot");
        using var next = store.Begin();
        Assert.Single(Directory.GetFiles(store.Directory));
        store.Commit(next, "sqlite", new LogPosition(0, 7));
        Assert.Equal(["sqlite-00000000000000000000-0000000007.snap"], Directory.GetFiles(store.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Commit_KeepsTheNewestOnly()
    {
        var store = Store(keep: 2);
        for (var minor = 1; minor <= 4; minor++)
        {
            using var pending = store.Begin();
            pending.Stream.WriteByte((byte)minor);
            store.Commit(pending, "sqlite", new LogPosition(0, minor));
        }

        Assert.Equal([new LogPosition(0, 4), new LogPosition(0, 3)], store.Positions("sqlite"));
    }
}
