namespace Lbc.Ledger.Layout;

/// <summary>The columns of the township ledger (信息台账, one row per child), in template order (DOMAIN.md).</summary>
public enum LedgerColumn
{
    TownshipCode,
    VillageCode,
    ChildId,
    Name,
    Sex,
    BirthDate,
    Category,
    Guardian,
    GuardianName,
    GuardianPhone,
    ParentsWorkPlace,
    School,
    PairedTeacher,
    Dropout,
    LastVisit,
    VisitedBy,
}
