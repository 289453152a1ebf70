namespace Lbc.Domain.Registry;

/// <summary>
/// A child id reduced to 64 bits. The registry keeps no strings per child (7 million of them would cost
/// more than the rest of the state together); a 64-bit mix makes a collision among 7 million ids about
/// one in a million, and the hash is stable across processes so snapshots stay valid.
/// </summary>
public static class ChildKey
{
    public static ulong Of(string childId)
    {
        // FNV-1a over UTF-16 code units, then the SplitMix64 finaliser for avalanche.
        var hash = 14695981039346656037UL;
        foreach (var c in childId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }
}
