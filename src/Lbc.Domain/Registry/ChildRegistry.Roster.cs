using Lbc.Domain.Rules;

namespace Lbc.Domain.Registry;

/// <summary>
/// One child of a township's ledger as the registry holds it: what a quarterly file is compared with and what the
/// ledger export writes. Nothing personal (the projection holds nothing personal).
/// </summary>
/// <param name="VillageOrdinal">The village's position in its township's list (RegionCatalog.VillagesIn), or -1 when unknown.</param>
/// <param name="UpdatedDay">The day of the last registration or ledger update (the stale clock's start).</param>
/// <param name="LastVisitDay">The day (<see cref="DayNumber"/>) of the last visit, null when the child was never visited.</param>
internal readonly record struct RosterEntry(
    string ChildId,
    int VillageOrdinal,
    int BirthDay,
    LeftBehindKind Kind,
    GuardianArrangement Guardian,
    bool Paired,
    bool DropoutOpen,
    int? LastVisitDay,
    bool Active,
    int Township,
    int UpdatedDay);

/// <summary>
/// The ledger view of the registry: the child ids (the rest of the registry keeps only their 64-bit keys) and the village.
/// Ids are packed (<see cref="PackedIds"/>) into one growing byte array, appended in slot order (slots are never freed), so
/// the ids are read by walking the array along the slots: no offset and no object per child. The village is a 2-byte
/// ordinal within the township. Together about 15 bytes per child for ids like <c>LB2101231010000123</c>.
/// </summary>
internal sealed partial class ChildRegistry
{
    /// <summary>The village of a child registered without a known village (<see cref="ushort.MaxValue"/> when stored).</summary>
    public const int NoVillage = ushort.MaxValue;

    private ushort[] _village;
    private byte[] _idBytes = new byte[1024];
    private int _idLength;

    /// <summary>Every child (active and exited) last placed in a township <paramref name="inScope"/> accepts (by index), in registration order.</summary>
    /// <remarks>A scan of the township array: a ledger import or export is rare, and a per-township index would cost memory on every child.</remarks>
    public List<RosterEntry> RosterOf(Func<int, bool> inScope)
    {
        var entries = new List<RosterEntry>();
        var at = 0;
        for (var i = 0; i < _count; i++)
        {
            var (id, bytes) = PackedIds.Read(_idBytes.AsSpan(at));
            at += bytes;
            if (inScope(_township[i]))
            {
                entries.Add(EntryAt(i, id));
            }
        }
        return entries;
    }

    /// <summary>One child wherever they are registered (a child the file lists may have moved in from another township).</summary>
    /// <remarks>Found by the 64-bit key, as every other lookup of the registry (ChildKey: a collision is about one in a million at 7 million).</remarks>
    public RosterEntry? RosterEntryOf(string childId) =>
        _index.TryGetValue(ChildKey.Of(childId), out var i) ? EntryAt(i, childId) : null;

    private RosterEntry EntryAt(int i, string childId)
    {
        var active = Has(i, ChildFlags.Active);
        return new RosterEntry(
            childId,
            _village[i] == NoVillage ? -1 : _village[i],
            _birth[i],
            Has(i, ChildFlags.OneParentAway) ? LeftBehindKind.OneParentAwayOtherIncapable : LeftBehindKind.BothParentsAway,
            GuardianOf(i) ?? GuardianArrangement.Entrusted,
            active && Has(i, ChildFlags.Paired),
            active && Has(i, ChildFlags.Dropout),
            (_state[i] & VisitedBit) != 0 ? _visitBase[i] : null,
            active,
            _township[i],
            _updated[i]);
    }

    /// <summary>Appends the id of the slot just added (slots are added in order, so the ids are in slot order).</summary>
    private void AppendId(string childId)
    {
        var needed = _idLength + PackedIds.MaxBytes(childId);
        if (needed > _idBytes.Length)
        {
            // Grow by half, as the other arrays: at millions of children the slack is the memory budget.
            Array.Resize(ref _idBytes, Math.Max(needed, _idBytes.Length + _idBytes.Length / 2));
        }
        _idLength += PackedIds.Write(childId, _idBytes.AsSpan(_idLength));
    }
}
