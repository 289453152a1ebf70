using Lbc.Domain.Regions;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Projection;

/// <summary>
/// One child of a township's ledger as the command center holds it (the baseline a quarterly file is compared with, and
/// the rows of the ledger export). Only the non-personal fields of the layout: names and phones are never in the projection.
/// </summary>
/// <param name="VillageCode">Null when the child was registered under a village the catalog does not know.</param>
/// <param name="LastVisit">Null when no visit was ever recorded.</param>
/// <param name="Active">False once the child exited.</param>
/// <param name="LastUpdated">The day of the last registration or ledger update: a record confirmed this quarter needs no new confirmation.</param>
public sealed record LedgerChild(
    string ChildId,
    string TownshipCode,
    string? VillageCode,
    DateOnly BirthDate,
    LeftBehindKind Kind,
    GuardianArrangement Guardian,
    bool Paired,
    bool DropoutOpen,
    DateOnly? LastVisit,
    bool Active,
    DateOnly LastUpdated);

public sealed partial class CommandCenterProjection
{
    /// <summary>Every child (active and exited) registered in a township inside <paramref name="regionCode"/> (a township, county...).</summary>
    public IReadOnlyList<LedgerChild> LedgerOf(string regionCode)
    {
        var inside = new bool[_regions.Townships.Count];
        foreach (var township in _regions.Townships)
        {
            inside[township.Index] = RegionCodes.Contains(regionCode, township.Code);
        }
        return [.. _children.RosterOf(t => inside[t]).Select(ToLedgerChild)];
    }

    /// <summary>One child wherever registered, or null (a file may list a child who moved in from another township).</summary>
    public LedgerChild? LedgerChildOf(string childId) =>
        _children.RosterEntryOf(childId) is { } entry ? ToLedgerChild(entry) : null;

    private int VillageOrdinal(string villageCode) =>
        _regions.VillageOrdinalOf(villageCode) is var ordinal and >= 0 ? ordinal : ChildRegistry.NoVillage;

    private LedgerChild ToLedgerChild(RosterEntry e) => new(
        e.ChildId,
        _regions.Townships[e.Township].Code,
        _regions.VillageCodeAt(e.Township, e.VillageOrdinal),
        DayNumber.ToDate(e.BirthDay),
        e.Kind,
        e.Guardian,
        e.Paired,
        e.DropoutOpen,
        e.LastVisitDay is int day ? DayNumber.ToDate(day) : null,
        e.Active,
        DayNumber.ToDate(e.UpdatedDay));
}
