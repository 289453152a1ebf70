using Lbc.Domain.Registry;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Preview;
using Lbc.Ledger.Tests.TestSupport;
using static Lbc.Ledger.Tests.TestSupport.Pipeline;

namespace Lbc.Ledger.Tests;

public sealed class LedgerDiffTests
{
    /// <summary>
    /// The township's ledger as the command center holds it, and this quarter's file: one child unchanged, one whose
    /// guardian changed, one moved village, one newly paired with a teacher, one back at school, one newly visited,
    /// one missing from the file, and two new children (one of them dropped out).
    /// </summary>
    private static (TestLedger File, LedgerBaseline Baseline) QuarterScenario()
    {
        var baseline = new LedgerBaseline(
        [
            Held("LB-0001"),
            Held("LB-0002"),
            Held("LB-0003"),
            Held("LB-0004"),
            Held("LB-0005", dropoutOpen: true),
            Held("LB-0006", lastVisit: new DateOnly(2026, 2, 1)),
            Held("LB-0007"),
        ]);
        var file = new TestLedger()
            .Child("LB-0001")
            .Child("LB-0002", r => r[LedgerColumn.Guardian] = "父母一方")
            .Child("LB-0003", r => r[LedgerColumn.VillageCode] = Geography.Village2)
            .Child("LB-0004", r => r[LedgerColumn.PairedTeacher] = "孙丽华")
            .Child("LB-0005", r => r[LedgerColumn.Dropout] = "否")
            .Child("LB-0006", r => r[LedgerColumn.LastVisit] = "2026-04-01")
            .Child("LB-0008")
            .Child("LB-0009", r => (r[LedgerColumn.Dropout], r[LedgerColumn.LastVisit]) = ("是", ""));
        return (file, baseline);
    }

    [Fact]
    public void Compare_AQuartersChanges_AreCountedAndListed()
    {
        var (file, baseline) = QuarterScenario();

        var preview = PreviewOf(file, baseline);

        Assert.Equal(new LedgerPreviewCounts(Rows: 8, ValidRows: 8, BadRows: 0, Problems: 0, NewChildren: 2, Updated: 2, Unchanged: 4,
            ProposedExits: 1, Visits: 2, Pairings: 1, DropoutsReported: 1, DropoutsReturned: 1), preview.Counts);
        Assert.Equal(["LB-0008", "LB-0009"], preview.NewChildren.Select(r => r.ChildId));
        Assert.Equal([("LB-0002", LedgerField.Guardian), ("LB-0003", LedgerField.Village)],
            preview.Updated.Select(u => (u.Record.ChildId, u.Changed.Single())));
        Assert.Equal(GuardianArrangement.Entrusted, preview.Updated[0].Before.Guardian);
        Assert.Equal("LB-0007", preview.ProposedExits.Single().ChildId);
        Assert.Null(preview.ProposedExits.Single().SuggestedReason); // the user must say why
        Assert.Equal(["LB-0006", "LB-0008"], preview.Visits.Select(r => r.ChildId)); // newer than held, or a new child's
        Assert.Equal("LB-0004", preview.Pairings.Single().ChildId);
        Assert.Equal("LB-0009", preview.DropoutsReported.Single().ChildId);
        Assert.Equal("LB-0005", preview.DropoutsReturned.Single().ChildId);
        Assert.True(preview.HasChanges);
    }

    [Fact]
    public void Compare_NothingHeldYet_EveryRowIsANewChildAndNothingExits()
    {
        var preview = PreviewOf(new TestLedger().Child("LB-0001").Child("LB-0002"));

        Assert.Equal((2, 0, 0), (preview.Counts.NewChildren, preview.Counts.Updated, preview.Counts.ProposedExits));
    }

    [Fact]
    public void Compare_AnOlderVisitOrAnAlreadyPairedTeacher_IsNoNews()
    {
        var baseline = new LedgerBaseline([Held("LB-0001", paired: true, lastVisit: new DateOnly(2026, 3, 20))]);
        var file = new TestLedger().Child("LB-0001", r => r[LedgerColumn.PairedTeacher] = "孙丽华");

        var preview = PreviewOf(file, baseline);

        Assert.Empty(preview.Visits);
        Assert.Empty(preview.Pairings);
        Assert.False(preview.HasChanges);
    }

    [Fact]
    public void Compare_ChildWhoExitedListedAgain_IsRegisteredAfresh()
    {
        var baseline = new LedgerBaseline([Held("LB-0001", active: false)]);

        var preview = PreviewOf(new TestLedger().Child("LB-0001"), baseline);

        Assert.Equal("LB-0001", preview.NewChildren.Single().ChildId);
        Assert.Empty(preview.ProposedExits);
    }

    [Fact]
    public void Compare_ChildWhoseRowHasAProblem_IsNotProposedForExit()
    {
        var baseline = new LedgerBaseline([Held("LB-0001"), Held("LB-0002")]);
        var file = new TestLedger().Child("LB-0001").Child("LB-0002", r => r[LedgerColumn.Guardian] = "奶奶");

        var preview = PreviewOf(file, baseline);

        Assert.Equal(1, preview.Counts.BadRows);
        Assert.Empty(preview.ProposedExits); // a typo must not make a child vanish from the counts
    }

    [Fact]
    public void Compare_ChildListedButNow16_IsProposedForExitWithTurned16()
    {
        var baseline = new LedgerBaseline([Held("LB-0001", birth: new DateOnly(2010, 3, 1)), Held("LB-0002", birth: new DateOnly(2010, 1, 1))]);
        var file = new TestLedger().Child("LB-0001", r => r[LedgerColumn.BirthDate] = "2010-03-01");

        var preview = PreviewOf(file, baseline);

        Assert.Equal([("LB-0001", ExitReason.TurnedSixteen, (int?)2), ("LB-0002", ExitReason.TurnedSixteen, null)],
            preview.ProposedExits.Select(e => (e.ChildId, e.SuggestedReason, e.Row)));
    }

    [Fact]
    public void Compare_FileMissingARequiredColumn_ProposesNoExits()
    {
        var headers = LedgerLayout.Columns.Where(c => c.Column != LedgerColumn.ChildId).Select(c => c.Header).ToList();

        var preview = PreviewOf(new TestLedger(headers).Child("LB-0001"), new LedgerBaseline([Held("LB-0001")]));

        Assert.True(preview.Validation.Blocked);
        Assert.Empty(preview.ProposedExits);
    }

    [Fact]
    public void Compare_CountyFileForOneTownship_ProposesNoExitsInItsOtherTownships()
    {
        var baseline = new LedgerBaseline([Held("LB-0001"), Held("LB-0002"), Held("LB-0100", village: Geography.OtherVillage)]);
        var file = new TestLedger().Child("LB-0001");

        var preview = PreviewOf(file, baseline, Geography.County);

        Assert.Equal(["LB-0002"], preview.ProposedExits.Select(e => e.ChildId));
    }

    [Fact]
    public void Compare_ChildMovedToAnotherTownshipOfTheCounty_IsAnUpdateNotAnExit()
    {
        var baseline = new LedgerBaseline([Held("LB-0001")]);
        var file = new TestLedger().Child("LB-0001", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode]) = (Geography.OtherTownship, Geography.OtherVillage));

        var preview = PreviewOf(file, baseline, Geography.County);

        Assert.Equal(LedgerField.Village, preview.Updated.Single().Changed.Single());
        Assert.Empty(preview.ProposedExits);
    }
}
