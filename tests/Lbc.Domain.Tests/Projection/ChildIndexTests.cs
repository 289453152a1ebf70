using Lbc.Domain.Registry;

namespace Lbc.Domain.Tests.Projection;

/// <summary>The registry's open-addressing index: every key finds its slot, through growth, collisions and a restore.</summary>
public sealed class ChildIndexTests
{
    [Fact]
    public void Add_ThenFind_EverySlot_ThroughGrowth_UnknownKeysNotFound()
    {
        var index = new ChildIndex(capacity: 4);

        for (var i = 0; i < 50_000; i++)
        {
            Assert.Equal(i, index.Add(ChildKey.Of($"LB{i:D12}")));
        }

        Assert.Equal(50_000, index.Count);
        for (var i = 0; i < 50_000; i++)
        {
            Assert.True(index.TryGetValue(ChildKey.Of($"LB{i:D12}"), out var slot));
            Assert.Equal(i, slot);
        }
        Assert.False(index.TryGetValue(ChildKey.Of("LB999999999999"), out var missing));
        Assert.Equal(-1, missing);
    }

    [Fact]
    public void KeysWithTheSameHome_ProbeOnAndAllFound()
    {
        // Keys that differ only in their low bits land on the same table position (the position is taken from the high bits).
        var index = new ChildIndex(capacity: 64);
        var keys = Enumerable.Range(1, 40).Select(i => 0xABCD_0000_0000_0000UL | (uint)i).ToArray();

        foreach (var key in keys)
        {
            index.Add(key);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True(index.TryGetValue(keys[i], out var slot));
            Assert.Equal(i, slot);
        }
        Assert.False(index.TryGetValue(0xABCD_0000_0000_0000UL | 999UL, out _));
    }

    [Fact]
    public void KeysAtTheEndOfTheTable_WrapAround()
    {
        var index = new ChildIndex(capacity: 16);
        var keys = Enumerable.Range(0, 12).Select(i => ulong.MaxValue - (ulong)i).ToArray();

        foreach (var key in keys)
        {
            index.Add(key);
        }

        Assert.All(keys.Select((k, i) => (k, i)), p => Assert.True(index.TryGetValue(p.k, out var slot) && slot == p.i));
    }

    [Fact]
    public void Load_KeysBySlot_SameLookupsAsAdding_AndAddsAfter()
    {
        var keys = new ulong[100];
        for (var i = 0; i < 60; i++)
        {
            keys[i] = ChildKey.Of("c-" + i);
        }
        var index = new ChildIndex(capacity: 16);

        index.Load(keys, 60);
        var added = index.Add(ChildKey.Of("c-60"));

        Assert.Equal(60, added);
        Assert.Equal(61, index.Count);
        for (var i = 0; i <= 60; i++)
        {
            Assert.True(index.TryGetValue(ChildKey.Of("c-" + i), out var slot));
            Assert.Equal(i, slot);
        }
        Assert.Equal(keys[..60], index.Keys[..60].ToArray());
    }

    [Fact]
    public void Bytes_About13PerChild_WellUnderTheDictionary()
    {
        var index = new ChildIndex(capacity: 1_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            index.Add(ChildKey.Of("c-" + i));
        }

        // 8 bytes of key and 4 / 0.75 of table per slot; a Dictionary<ulong, int> took 28.
        Assert.InRange(index.Bytes / 1_000_000.0, 12, 14);
    }
}
