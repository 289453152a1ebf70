using Lbc.Contracts;
using System.Text;
using System.Text.Json;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;
using Lbc.Ledger.Commit;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Preview;
using Lbc.Ledger.Tests.TestSupport;
using Lbc.Ledger.Validation;
using static Lbc.Ledger.Tests.TestSupport.Pipeline;

namespace Lbc.Ledger.Tests;

public sealed class LedgerEventBuilderTests
{
    private static (TestLedger File, LedgerBaseline Baseline) Quarter()
    {
        var baseline = new LedgerBaseline(
        [
            Held("LB-0001"),
            Held("LB-0002", dropoutOpen: true),
            Held("LB-0003", lastVisit: new DateOnly(2026, 1, 10)),
            Held("LB-0007"),
        ]);
        var file = new TestLedger()
            .Child("LB-0001", r => r[LedgerColumn.Guardian] = "父母一方")
            .Child("LB-0002", r => r[LedgerColumn.Dropout] = "否")
            .Child("LB-0003", r => r[LedgerColumn.PairedTeacher] = "孙丽华")
            .Child("LB-0008", r => (r[LedgerColumn.Dropout], r[LedgerColumn.PairedTeacher]) = ("是", "钱明"));
        return (file, baseline);
    }

    private static List<DomainEvent> ParseAll(LedgerCommit commit, TimeProvider time)
    {
        var parsed = new List<DomainEvent>();
        foreach (var raw in commit.Events)
        {
            var result = Geography.Parser.Parse(raw, time.GetUtcNow());
            Assert.True(result.IsValid, $"{raw.Type} {raw.Id}: {result.Reason}");
            parsed.Add(result.Event!);
        }
        return parsed;
    }

    [Fact]
    public void Build_EveryEvent_ParsesWithTheRealEventParserAgainstTheRealCatalog()
    {
        var (file, baseline) = Quarter();
        var time = Clock();
        var preview = PreviewOf(file, baseline);

        var commit = CommitOf(preview, new LedgerCommitOptions(Exits: new Dictionary<string, ExitReason> { ["LB-0007"] = ExitReason.ParentReturned }), time);

        var events = ParseAll(commit, time);
        Assert.Equal(
        [
            EventTypes.ChildUpdated,
            EventTypes.ChildUpdated, EventTypes.DropoutReturned,
            EventTypes.ChildUpdated, EventTypes.PairingAssigned, EventTypes.VisitRecorded,
            EventTypes.ChildRegistered, EventTypes.PairingAssigned, EventTypes.DropoutReported, EventTypes.VisitRecorded,
            EventTypes.ChildExited,
            EventTypes.LedgerSubmitted,
        ], commit.Events.Select(e => e.Type));
        Assert.All(commit.Events, e => Assert.Equal(Src, e.Src));
        var registered = events.OfType<ChildRegistered>().Single();
        Assert.Equal(("LB-0008", Geography.Village, Geography.Township, new DateOnly(2016, 5, 14)),
            (registered.ChildId, registered.VillageCode, registered.TownshipCode, registered.BirthDate));
        Assert.Equal(GuardianArrangement.ParentAtHome, events.OfType<ChildUpdated>().First().Guardian);
        Assert.Equal(ExitReason.ParentReturned, events.OfType<ChildExited>().Single().Reason);
        var visit = events.OfType<VisitRecorded>().First();
        Assert.Equal(new DateOnly(2026, 3, 5), DayNumber.ToDate(DayNumber.Of(visit.VisitedAt))); // the ledger's day in China
        var submitted = events.OfType<LedgerSubmitted>().Single();
        Assert.Equal((Geography.Township, 2026, 2), (submitted.TownshipCode, submitted.Year, submitted.Quarter)); // default: the import date's quarter
        Assert.All(commit.Events, e => Assert.InRange(e.Id.Length, 1, 128));
    }

    [Fact]
    public void Build_AppliedToTheRealProjection_ShowsTheLedgerOnTheDashboard_AndASecondImportChangesNothing()
    {
        var time = Clock();
        var file = new TestLedger()
            .Child("LB-0001", r => r[LedgerColumn.PairedTeacher] = "孙丽华")
            .Child("LB-0002", r => r[LedgerColumn.Dropout] = "是")
            .Child("LB-0003", r => r[LedgerColumn.VillageCode] = Geography.Village2);
        var projection = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, time.GetUtcNow());
        var commit = CommitOf(PreviewOf(file), time: time);

        foreach (var e in ParseAll(commit, time))
        {
            Assert.NotEqual(ApplyOutcome.Rejected, projection.Apply(e).Outcome);
        }
        var again = ParseAll(CommitOf(PreviewOf(file), time: time), time).Select(e => projection.Apply(e).Outcome).ToList();

        var f = projection.FiguresOf(Geography.Township);
        Assert.Equal((3, 1, 1, 0), (f.ValueOf(Figure.Children), f.ValueOf(Figure.Paired), f.ValueOf(Figure.OpenDropouts), f.ValueOf(Figure.StaleRecords)));
        Assert.All(again, outcome => Assert.Equal(ApplyOutcome.Duplicate, outcome));
    }

    [Fact]
    public void Build_ImportInterruptedHalfway_CanBeRepeatedAndEndsAsIfItRanOnce()
    {
        var time = Clock();
        var file = new TestLedger()
            .Child("LB-0001", r => r[LedgerColumn.PairedTeacher] = "孙丽华")
            .Child("LB-0002", r => r[LedgerColumn.Dropout] = "是")
            .Child("LB-0003");
        var once = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, time.GetUtcNow());
        var interrupted = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, time.GetUtcNow());
        var events = ParseAll(CommitOf(PreviewOf(file), time: time), time);

        events.ForEach(e => once.Apply(e));
        events.Take(events.Count / 2).ToList().ForEach(e => interrupted.Apply(e));
        var retried = ParseAll(CommitOf(PreviewOf(file), time: time), time).Select(e => interrupted.Apply(e).Outcome).ToList();

        var expected = once.FiguresOf(Geography.Township);
        Assert.Equal(expected, interrupted.FiguresOf(Geography.Township));
        Assert.Equal((3, 1, 1), (expected.ValueOf(Figure.Children), expected.ValueOf(Figure.Paired), expected.ValueOf(Figure.OpenDropouts)));
        Assert.Equal(events.Count / 2, retried.Count(o => o == ApplyOutcome.Duplicate));
        Assert.Equal(3, interrupted.ActiveChildren);
    }

    [Fact]
    public void Build_UnchangedLedgerNextQuarter_KeepsEveryRecordFresh()
    {
        // The quarterly update is what keeps a record from going stale (92 days without an update).
        var file = new TestLedger().Child("LB-0001").Child("LB-0002");
        var april = Clock();
        var projection = new CommandCenterProjection(Geography.Catalog, RuleSettings.Default, april.GetUtcNow());
        foreach (var e in ParseAll(CommitOf(PreviewOf(file), time: april), april))
        {
            projection.Apply(e);
        }
        var july = Clock();
        july.Advance(TimeSpan.FromDays(90));
        var held = new LedgerBaseline([Held("LB-0001"), Held("LB-0002")]);
        var preview = LedgerDiff.Compare(Validator.Validate(file.ReadCsv(), Geography.Township, LedgerDates.ChinaDay(july.GetUtcNow())), held);

        var commit = LedgerEventBuilder.Build(preview, new LedgerCommitOptions(), Src, july.GetUtcNow());
        projection.AdvanceTo(july.GetUtcNow());
        foreach (var e in ParseAll(commit, july))
        {
            projection.Apply(e);
        }
        projection.AdvanceTo(july.GetUtcNow().AddDays(60));

        Assert.False(preview.HasChanges);
        Assert.Equal(0, projection.FiguresOf(Geography.Township).ValueOf(Figure.StaleRecords));
        Assert.Equal([EventTypes.ChildUpdated, EventTypes.ChildUpdated, EventTypes.LedgerSubmitted], commit.Events.Select(e => e.Type));
    }

    [Fact]
    public void Build_SameFileTwice_GivesIdenticalEventIds_WhicheverFormatAndWhenever()
    {
        var (file, baseline) = Quarter();
        var later = Clock();
        later.Advance(TimeSpan.FromHours(3));
        var options = new LedgerCommitOptions(Exits: new Dictionary<string, ExitReason> { ["LB-0007"] = ExitReason.MovedAway });

        var first = CommitOf(PreviewOf(file.ToCsv(Encoding.UTF8, bom: true), "台账.csv", baseline), options);
        var second = CommitOf(PreviewOf(file.ToXlsx(), "台账.xlsx", baseline), options, later);

        Assert.Equal(first.Events.Select(e => e.Id), second.Events.Select(e => e.Id));
        Assert.Equal(first.Events.Select(e => e.Data), second.Events.Select(e => e.Data));
        Assert.Equal(first.Events.Count, first.Events.Select(e => e.Id).Distinct().Count());
        Assert.All(first.Events, e => Assert.StartsWith($"ledger:{Geography.Township}:2026Q2:", e.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ChangingARecordBackLater_IsANewEventNotADuplicate()
    {
        // A guardian corrected and then corrected back within the quarter must reach the dashboard both times.
        var entrusted = new TestLedger().Child("LB-0001");
        var atHome = new TestLedger().Child("LB-0001", r => r[LedgerColumn.Guardian] = "父母一方");
        var heldEntrusted = new LedgerBaseline([Held("LB-0001", guardian: GuardianArrangement.Entrusted)]);
        var heldAtHome = new LedgerBaseline([Held("LB-0001", guardian: GuardianArrangement.ParentAtHome)]);

        var toHome = CommitOf(PreviewOf(atHome, heldEntrusted)).Events[0];
        var back = CommitOf(PreviewOf(entrusted, heldAtHome)).Events[0];
        var confirm = CommitOf(PreviewOf(entrusted, heldEntrusted)).Events[0];

        Assert.Equal(3, new[] { toHome.Id, back.Id, confirm.Id }.Distinct().Count());
    }

    [Fact]
    public void Build_AnotherQuarter_GivesOtherIds()
    {
        var file = new TestLedger().Child("LB-0001");

        var q1 = CommitOf(PreviewOf(file), new LedgerCommitOptions(Quarter: new LedgerQuarter(2026, 1)));
        var q2 = CommitOf(PreviewOf(file));

        Assert.Equal("ledger:210123101:2026Q1:submitted", q1.Events[^1].Id);
        Assert.Contains("\"quarter\":\"2026Q1\"", q1.Events[^1].Data, StringComparison.Ordinal);
        Assert.NotEqual(q1.Events[0].Id, q2.Events[0].Id);
    }

    [Fact]
    public void Build_NoPersonalValueOfTheFile_AppearsInAnyEventOrProblem()
    {
        var (file, baseline) = Quarter();
        file.Child("LB-0010", r => (r[LedgerColumn.Guardian], r[LedgerColumn.VisitedBy]) = ("外婆", "郑晓梅")); // a bad row, skipped
        var preview = PreviewOf(file, baseline);

        var commit = CommitOf(preview, new LedgerCommitOptions(Exits: new Dictionary<string, ExitReason> { ["LB-0007"] = ExitReason.Other }, SkipBadRows: true));

        // Data is JSON with non-ASCII escaped (\u738b...): look at the raw envelope and at every decoded string.
        var bytes = string.Join("\n", commit.Events.SelectMany(e => new[] { e.Id, e.Type, e.Ts, e.Src, e.Data }.Concat(Strings(e.Data))));
        var problems = string.Join("\n", preview.Problems.Select(p => p.ToString()));
        var personal = file.PersonalValues().ToList();
        Assert.Contains("孙丽华", personal);
        Assert.Contains("13900000000", personal);
        Assert.All(personal, value =>
        {
            Assert.DoesNotContain(value, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(value, problems, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("王小丫", preview.Validation.Records[0].ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Strings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().SelectMany(p => p.Value.ValueKind == JsonValueKind.String ? new[] { p.Name, p.Value.GetString()! } : [p.Name]).ToList();
    }

    [Fact]
    public void Build_PersonalFields_AreHandedOverBesideTheEventsForEveryImportedChild()
    {
        var (file, baseline) = Quarter();

        var commit = CommitOf(PreviewOf(file, baseline));

        Assert.Equal(["LB-0001", "LB-0002", "LB-0003", "LB-0008"], commit.PersonalByChild.Keys.Order(StringComparer.Ordinal));
        var personal = commit.PersonalByChild["LB-0008"];
        Assert.Equal(("陈思远", "男", "钱明", "13900000003"), (personal.Name, personal.Sex, personal.PairedTeacher, personal.GuardianPhone));
        Assert.Equal("小城子镇中心小学", personal.School);
    }

    [Fact]
    public void Build_TeacherId_IsStableAcrossImportsAndNeverTheName()
    {
        var one = new TestLedger().Child("LB-0001", r => r[LedgerColumn.PairedTeacher] = "孙丽华");
        var other = new TestLedger().Child("LB-0002").Child("LB-0003", r => r[LedgerColumn.PairedTeacher] = " 孙 丽华 ");
        var county = new TestLedger().Child("LB-0004", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode], r[LedgerColumn.PairedTeacher]) = (Geography.OtherTownship, Geography.OtherVillage, "孙丽华"));

        string TeacherOf(LedgerCommit c) => JsonDocument.Parse(c.Events.Single(e => e.Type == EventTypes.PairingAssigned).Data).RootElement.GetProperty("teacher_id").GetString()!;
        var first = TeacherOf(CommitOf(PreviewOf(one)));
        var again = TeacherOf(CommitOf(PreviewOf(other)));
        var elsewhere = TeacherOf(CommitOf(PreviewOf(county, jurisdiction: Geography.County)));

        Assert.Equal(first, again);
        Assert.NotEqual(first, elsewhere);
        Assert.Matches("^T-210123101-[0-9a-f]{16}$", first);
    }

    [Fact]
    public void StaffIds_WithADeploymentKey_CannotBeRecomputedFromTheNameAlone()
    {
        var plain = StaffIds.Unkeyed.Teacher(Geography.Township, "孙丽华");
        var keyed = new StaffIds([1, 2, 3, 4]).Teacher(Geography.Township, "孙丽华");

        Assert.NotEqual(plain, keyed);
        Assert.Equal(keyed, new StaffIds([1, 2, 3, 4]).Teacher(Geography.Township, "孙丽华"));
    }

    [Fact]
    public void Build_ProposedExitsNotChosen_StayInTheLedger()
    {
        var (file, baseline) = Quarter();

        var commit = CommitOf(PreviewOf(file, baseline));

        Assert.DoesNotContain(commit.Events, e => e.Type == EventTypes.ChildExited);
    }

    [Fact]
    public void Build_ExitOfAChildWhoIsInTheFile_IsRefused()
    {
        var (file, baseline) = Quarter();

        var error = Assert.Throws<LedgerCommitException>(() => CommitOf(PreviewOf(file, baseline),
            new LedgerCommitOptions(Exits: new Dictionary<string, ExitReason> { ["LB-0001"] = ExitReason.Other })));

        Assert.Equal("exit_not_proposed", error.Code);
    }

    [Fact]
    public void Build_FileWithBadRows_IsRefusedUnlessTheUserSkipsThem()
    {
        var file = new TestLedger().Child("LB-0001").Child("LB-0002", r => r[LedgerColumn.BirthDate] = "不详");
        var preview = PreviewOf(file);

        var error = Assert.Throws<LedgerCommitException>(() => CommitOf(preview));
        var skipped = CommitOf(preview, new LedgerCommitOptions(SkipBadRows: true));

        Assert.Equal("bad_rows", error.Code);
        Assert.Contains("1 行", error.Message, StringComparison.Ordinal);
        Assert.Equal([EventTypes.ChildRegistered, EventTypes.VisitRecorded, EventTypes.LedgerSubmitted], skipped.Events.Select(e => e.Type));
        Assert.DoesNotContain(skipped.Events, e => e.Data.Contains("LB-0002", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_FileMissingARequiredColumn_IsRefusedEvenWhenSkippingBadRows()
    {
        var headers = LedgerLayout.Columns.Where(c => c.Column != LedgerColumn.Guardian).Select(c => c.Header).ToList();

        var error = Assert.Throws<LedgerCommitException>(() => CommitOf(PreviewOf(new TestLedger(headers).Child("LB-0001")), new LedgerCommitOptions(SkipBadRows: true)));

        Assert.Equal("file_blocked", error.Code);
    }

    [Fact]
    public void Build_QuarterAfterTheImportDate_IsRefused()
    {
        var error = Assert.Throws<LedgerCommitException>(() => CommitOf(PreviewOf(new TestLedger().Child("LB-0001")),
            new LedgerCommitOptions(Quarter: new LedgerQuarter(2026, 3))));

        Assert.Equal("quarter_in_future", error.Code);
    }

    [Fact]
    public void Build_BirthDateCorrected_IsSentAsARegistrationBecauseUpdatesCarryNoBirthDate()
    {
        var file = new TestLedger().Child("LB-0001", r => r[LedgerColumn.BirthDate] = "2016-06-14");
        var time = Clock();

        var commit = CommitOf(PreviewOf(file, new LedgerBaseline([Held("LB-0001")])), time: time);

        var registered = Assert.IsType<ChildRegistered>(Geography.Parser.Parse(commit.Events[0], time.GetUtcNow()).Event);
        Assert.Equal(new DateOnly(2016, 6, 14), registered.BirthDate);
    }

    [Fact]
    public void Build_CountyImport_SubmitsEachTownshipsLedgerOnce()
    {
        var file = new TestLedger()
            .Child("LB-0001")
            .Child("LB-0002", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode]) = (Geography.OtherTownship, Geography.OtherVillage))
            .Child("LB-0003", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode]) = (Geography.OtherTownship, Geography.OtherVillage));

        var commit = CommitOf(PreviewOf(file, jurisdiction: Geography.County));

        Assert.Equal(["ledger:210123101:2026Q2:submitted", "ledger:210123102:2026Q2:submitted"],
            commit.Events.Where(e => e.Type == EventTypes.LedgerSubmitted).Select(e => e.Id));
    }

    [Theory]
    [InlineData("2026Q1", true, 2026, 1)]
    [InlineData("2026q4", true, 2026, 4)]
    [InlineData("2026Q5", false, 0, 0)]
    [InlineData("2009Q4", false, 0, 0)]
    [InlineData("26Q1", false, 0, 0)]
    public void Quarter_ParsesOnlyTheCatalogsForm(string text, bool valid, int year, int number)
    {
        Assert.Equal(valid, LedgerQuarter.TryParse(text, out var quarter));
        Assert.Equal((year, number), valid ? (quarter.Year, quarter.Number) : (0, 0));
    }
}
