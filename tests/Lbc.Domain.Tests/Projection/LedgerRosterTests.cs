using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>
/// The township's ledger as the registry holds it: what a quarterly file is compared with and what the export writes (the
/// child's id, village, birth date, category, guardian, pairing, dropout, last visit, active), also after a snapshot restart.
/// </summary>
public sealed class LedgerRosterTests
{
    private static Scenario Township()
    {
        var s = new Scenario();
        s.Register("r-1");
        s.Register("r-2", Geography.ShenyangVillage2, birthDate: "2014-02-03");
        s.Register("r-3");
        s.Register("r-other", Geography.ChaoyangVillage);
        s.AdvanceDays(3);
        s.Visit("r-1");
        s.Apply(EventTypes.PairingAssigned, new { child_id = "r-1", teacher_id = "T-1" });
        s.Apply(EventTypes.ChildUpdated, new { child_id = "r-2", kind = "one_parent_away_other_incapable", guardian = "none" });
        s.Apply(EventTypes.DropoutReported, new { child_id = "r-2" });
        s.Exit("r-3");
        return s;
    }

    [Fact]
    public void LedgerOf_Township_ListsEachChildWithTheFieldsTheLedgerCompares_AndNoOtherTownshipsChildren()
    {
        var s = Township();
        var visited = DayNumber.ToDate(DayNumber.Of(s.Now));

        var ledger = s.Projection.LedgerOf(Geography.ShenyangTownship).ToDictionary(c => c.ChildId);

        Assert.Equal(["r-1", "r-2", "r-3"], ledger.Keys.Order());
        Assert.Equal((Geography.ShenyangVillage, new DateOnly(2016, 5, 1), true, false, (DateOnly?)visited, true),
            (ledger["r-1"].VillageCode, ledger["r-1"].BirthDate, ledger["r-1"].Paired, ledger["r-1"].DropoutOpen, ledger["r-1"].LastVisit, ledger["r-1"].Active));
        Assert.Equal((Geography.ShenyangVillage2, LeftBehindKind.OneParentAwayOtherIncapable, GuardianArrangement.None, true, (DateOnly?)null),
            (ledger["r-2"].VillageCode, ledger["r-2"].Kind, ledger["r-2"].Guardian, ledger["r-2"].DropoutOpen, ledger["r-2"].LastVisit));
        Assert.False(ledger["r-3"].Active);
        Assert.Equal("r-other", Assert.Single(s.Projection.LedgerOf(Geography.ChaoyangTownship)).ChildId);
        Assert.Equal(3, s.Projection.LedgerOf(Geography.ShenyangTownship[..6]).Count); // a county lists its townships' children
    }

    [Fact]
    public void LedgerChildOf_ExitedChildRegisteredAgain_ActiveWithNoVisitYet()
    {
        var s = Township();
        s.Exit("r-1");

        s.Register("r-1", Geography.ShenyangVillage2);

        var child = s.Projection.LedgerChildOf("r-1")!;
        Assert.Equal((true, Geography.ShenyangVillage2, (DateOnly?)null, false), (child.Active, child.VillageCode, child.LastVisit, child.Paired));
        Assert.Null(s.Projection.LedgerChildOf("never-registered"));
    }

    [Fact]
    public void LedgerOf_AfterSnapshotRestore_TheSame()
    {
        var s = Township();
        using var stream = new MemoryStream();
        ProjectionSnapshot.Write(stream, s.Projection, "sqlite", new LogPosition(1, 0));
        stream.Position = 0;
        var restored = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, DateTimeOffset.UnixEpoch);
        ProjectionSnapshot.Restore(stream, restored, "sqlite");

        Assert.Equal(s.Projection.LedgerOf("21"), restored.LedgerOf("21"));
        // Children registered after the restart get their ids appended after the restored ones.
        var e = s.Events.Build(EventTypes.ChildRegistered, new { child_id = "r-after", village_code = Geography.ShenyangVillage, birth_date = "2017-01-01", kind = "both_parents_away", guardian = "entrusted" });
        s.Projection.Apply(e);
        restored.Apply(e);
        Assert.Equal(s.Projection.LedgerOf("21"), restored.LedgerOf("21"));
    }
}
