using Lbc.Domain.Events;
using Lbc.Domain.Projection;

namespace Lbc.Domain.Tests.Projection;

/// <summary>
/// The dedupe window's ring + open-addressing table: a key is found while in the window, the oldest is forgotten beyond
/// it, keys whose table slots collide are all kept and found after deletions, and keys are by producer and id together.
/// </summary>
public sealed class RecentIdTableTests
{
    [Fact]
    public void AddedKey_IsFound_WithItsValue_ASecondAddKeepsTheFirstValue()
    {
        var table = new RecentIdTable(8);

        Assert.True(table.TryAdd(42, 7));
        Assert.False(table.TryAdd(42, 9));

        Assert.True(table.TryGet(42, out var value));
        Assert.Equal(7UL, value);
        Assert.False(table.TryGet(43, out _));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void BeyondTheWindow_TheOldestIsForgotten_TheNewestKept()
    {
        var table = new RecentIdTable(100);

        for (ulong k = 1; k <= 250; k++)
        {
            table.TryAdd(k, k * 10);
        }

        Assert.Equal(100, table.Count);
        for (ulong k = 1; k <= 150; k++)
        {
            Assert.False(table.TryGet(k, out _));
        }
        for (ulong k = 151; k <= 250; k++)
        {
            Assert.True(table.TryGet(k, out var value));
            Assert.Equal(k * 10, value);
        }
        Assert.Equal(Enumerable.Range(151, 100).Select(k => (ulong)k), table.OldestFirst().Select(e => e.Key));
    }

    [Fact]
    public void ARepeatedKey_DoesNotTakeASecondPlaceInTheWindow()
    {
        var table = new RecentIdTable(3);

        table.TryAdd(1, 1);
        table.TryAdd(2, 2);
        table.TryAdd(1, 1);
        table.TryAdd(3, 3);

        Assert.True(table.TryGet(1, out _));
        Assert.Equal([1UL, 2UL, 3UL], table.OldestFirst().Select(e => e.Key));
    }

    [Fact]
    public void CollidingKeys_AllFound_ThroughEvictionsAndBackwardShifts()
    {
        // Keys chosen for two neighbouring home slots, so they form one long probe run that evictions cut into.
        var table = new RecentIdTable(64);
        var colliding = new List<ulong>();
        var firstHome = HomeOf(1, 64);
        for (ulong k = 1; colliding.Count < 40; k++)
        {
            if (HomeOf(k, 64) == firstHome || HomeOf(k, 64) == firstHome + 1)
            {
                colliding.Add(k);
            }
        }
        var random = new Random(3);
        var window = new Queue<ulong>();
        foreach (var key in colliding.Concat(Enumerable.Range(0, 500).Select(_ => (ulong)random.NextInt64(1, long.MaxValue))).Concat(colliding))
        {
            if (table.TryAdd(key, key ^ 0x55))
            {
                window.Enqueue(key);
                if (window.Count > 64)
                {
                    window.Dequeue();
                }
            }
            foreach (var kept in window)
            {
                Assert.True(table.TryGet(kept, out var value), $"key {kept} lost");
                Assert.Equal(kept ^ 0x55, value);
            }
        }
        Assert.Equal(64, table.Count);
    }

    [Fact]
    public void Window_KeysByProducerAndId_ARedeliveryFound_AnotherProducersSameIdNot()
    {
        var ids = new RecentEventIds(4);
        var fromLedger = new EventMeta("evt-1", EventTypes.ChildRegistered, DateTimeOffset.UnixEpoch, "township-ledger") { ContentHash = 11 };
        ids.Add(fromLedger);

        Assert.Equal(IdCheck.Redelivery, ids.Check(fromLedger));
        Assert.Equal(IdCheck.Conflict, ids.Check(fromLedger with { ContentHash = 12 }));
        Assert.Equal(IdCheck.New, ids.Check(fromLedger with { Src = "simulator", ContentHash = 12 }));
    }

    // The table's home slot for a key at a given window (the table is the next power of two of twice the window).
    private static int HomeOf(ulong key, int capacity)
    {
        var bits = Math.Max(4, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)capacity * 2 - 1));
        return (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - bits));
    }
}
