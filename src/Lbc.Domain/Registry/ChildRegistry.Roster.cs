using System.Text;
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
/// Ids are kept as UTF-8 in one growing byte array, appended in slot order (slots are never freed), so slot i's id is
/// <c>_idBytes[_idEnd[i-1].._idEnd[i]]</c>: about 4 bytes plus the id's length per child, no object per child. The
/// village is a 2-byte ordinal within the township. Together about 24 bytes per child for ids like <c>LB2101231010000123</c>.
/// </summary>
internal sealed partial class ChildRegistry
{
    /// <summary>The village of a child registered without a known village (<see cref="ushort.MaxValue"/> when stored).</summary>
    public const int NoVillage = ushort.MaxValue;

    private ushort[] _village;
    private int[] _idEnd;
    private byte[] _idBytes = new byte[1024];

    /// <summary>Every child (active and exited) last placed in a township <paramref name="inScope"/> accepts (by index), in registration order.</summary>
    /// <remarks>A scan of the township array: a ledger import or export is rare, and a per-township index would cost memory on every child.</remarks>
    public List<RosterEntry> RosterOf(Func<int, bool> inScope)
    {
        var entries = new List<RosterEntry>();
        for (var i = 0; i < _count; i++)
        {
            if (inScope(_township[i]))
            {
                entries.Add(EntryAt(i));
            }
        }
        return entries;
    }

    /// <summary>One child wherever they are registered (a child the file lists may have moved in from another township).</summary>
    public RosterEntry? RosterEntryOf(string childId) =>
        _index.TryGetValue(ChildKey.Of(childId), out var i) && IdAt(i) == childId ? EntryAt(i) : null;

    private RosterEntry EntryAt(int i)
    {
        var active = Has(i, ChildFlags.Active);
        return new RosterEntry(
            IdAt(i),
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

    private string IdAt(int i)
    {
        var start = i == 0 ? 0 : _idEnd[i - 1];
        return Encoding.UTF8.GetString(_idBytes, start, _idEnd[i] - start);
    }

    private void AppendId(int i, string childId)
    {
        var start = i == 0 ? 0 : _idEnd[i - 1];
        var length = Encoding.UTF8.GetByteCount(childId);
        if (start + length > _idBytes.Length)
        {
            // Grow by half, as the other arrays: at millions of children the slack is the memory budget.
            Array.Resize(ref _idBytes, Math.Max(start + length, _idBytes.Length + _idBytes.Length / 2));
        }
        _idEnd[i] = start + Encoding.UTF8.GetBytes(childId, _idBytes.AsSpan(start));
    }
}
