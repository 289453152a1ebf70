using System.Text;
using Lbc.Domain.Registry;
using Lbc.Ledger.Files;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Reading;
using Lbc.Ledger.Tests.TestSupport;
using Lbc.Ledger.Validation;
using static Lbc.Ledger.Validation.LedgerProblemCodes;

namespace Lbc.Ledger.Tests;

public sealed class LedgerValidatorTests
{
    [Fact]
    public void Validate_CleanFile_EveryRowBecomesARecordInCatalogTerms()
    {
        var ledger = new TestLedger()
            .Child("LB-0001", r => r[LedgerColumn.PairedTeacher] = "孙丽华")
            .Child("LB-0002", r =>
            {
                r[LedgerColumn.Category] = "一方外出务工，另一方无监护能力";
                r[LedgerColumn.Guardian] = "父母一方";
                r[LedgerColumn.Dropout] = "是";
                r[LedgerColumn.LastVisit] = "";
            });

        var result = Pipeline.Validate(ledger.ReadCsv());

        Assert.Empty(result.Problems);
        Assert.False(result.Blocked);
        Assert.Equal([Geography.Township], result.Townships);
        var (first, second) = (result.Records[0], result.Records[1]);
        Assert.Equal((2, "LB-0001", Geography.Township, Geography.Village), (first.Row, first.ChildId, first.TownshipCode, first.VillageCode));
        Assert.Equal(new DateOnly(2016, 5, 14), first.BirthDate);
        Assert.Equal((LeftBehindKind.BothParentsAway, GuardianArrangement.Entrusted), (first.Kind, first.Guardian));
        Assert.StartsWith($"T-{Geography.Township}-", first.TeacherId, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 3, 5), first.LastVisit);
        Assert.Equal("王小丫", first.Personal.Name);
        Assert.Equal((LeftBehindKind.OneParentAwayOtherIncapable, GuardianArrangement.ParentAtHome, true), (second.Kind, second.Guardian, second.Dropout));
        Assert.Null(second.TeacherId);
        Assert.Null(second.VisitorId);
    }

    [Fact]
    public void Validate_RequiredColumnMissing_IsOneFileLevelProblemOnRow1AndNothingImports()
    {
        var headers = LedgerLayout.Columns.Where(c => c.Column != LedgerColumn.BirthDate).Select(c => c.Header).ToList();
        var ledger = new TestLedger(headers).Child("LB-0001");

        var result = Pipeline.Validate(ledger.ReadCsv());

        var problem = Assert.Single(result.Problems);
        Assert.Equal((1, "出生日期", MissingColumn), (problem.Row, problem.Column, problem.Code));
        Assert.True(result.Blocked);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void Validate_OptionalColumnsMissing_IsFine()
    {
        var headers = LedgerLayout.Columns.Where(c => c.Required).Select(c => c.Header).ToList();

        var result = Pipeline.Validate(new TestLedger(headers).Child("LB-0001").ReadCsv());

        Assert.Empty(result.Problems);
        Assert.Single(result.Records);
    }

    [Theory]
    [InlineData(LedgerColumn.VillageCode, "210123101999", "村代码", UnknownVillage)]
    [InlineData(LedgerColumn.VillageCode, Geography.OtherVillage, "村代码", VillageNotInTownship)]
    [InlineData(LedgerColumn.TownshipCode, "210123999", "乡镇代码", UnknownTownship)]
    [InlineData(LedgerColumn.BirthDate, "2016-13-40", "出生日期", InvalidDate)]
    [InlineData(LedgerColumn.BirthDate, "2010-04-08", "出生日期", Age16OrOver)]
    [InlineData(LedgerColumn.BirthDate, "2026-04-09", "出生日期", BirthInFuture)]
    [InlineData(LedgerColumn.Category, "孤儿", "留守类型", UnknownCategory)]
    [InlineData(LedgerColumn.Guardian, "祖父母", "监护类型", UnknownGuardian)]
    [InlineData(LedgerColumn.Sex, "M", "性别", InvalidSex)]
    [InlineData(LedgerColumn.Dropout, "不详", "是否辍学", InvalidDropout)]
    [InlineData(LedgerColumn.LastVisit, "2026-04-09", "最近走访日期", VisitInFuture)]
    [InlineData(LedgerColumn.LastVisit, "上个月", "最近走访日期", InvalidDate)]
    [InlineData(LedgerColumn.ChildId, "21012320160514123X", "儿童编号", InvalidChildId)]
    [InlineData(LedgerColumn.ChildId, "LB-李春燕", "儿童编号", InvalidChildId)]
    [InlineData(LedgerColumn.Name, "", "姓名", Required)]
    [InlineData(LedgerColumn.Category, "", "留守类型", Required)]
    public void Validate_BadCell_IsReportedWithItsRowAndColumnAndTheOtherRowsStillImport(LedgerColumn column, string value, string header, string code)
    {
        var ledger = new TestLedger().Child("LB-0001").Child("LB-0002", r => r[column] = value).Child("LB-0003");

        var result = Pipeline.Validate(ledger.ReadCsv());

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, header, code), (problem.Row, problem.Column, problem.Code));
        Assert.NotEmpty(problem.Reason);
        Assert.DoesNotContain(value.Length > 0 ? value : "\0", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(["LB-0001", "LB-0003"], result.Records.Select(r => r.ChildId));
        Assert.Equal(3, result.Rejected.Single().Row);
    }

    [Fact]
    public void Validate_TheDayBeforeThe16thBirthday_IsStillAChild_AndTheBirthdayIsNot()
    {
        // Import day 2026-04-08: born 2010-04-09 is 15 (one day short), born 2010-04-08 turns 16 today.
        var ledger = new TestLedger()
            .Child("LB-0001", r => r[LedgerColumn.BirthDate] = "2010-04-09")
            .Child("LB-0002", r => r[LedgerColumn.BirthDate] = "2010-04-08");

        var result = Pipeline.Validate(ledger.ReadCsv());

        Assert.Equal("LB-0001", Assert.Single(result.Records).ChildId);
        var rejected = Assert.Single(result.Rejected);
        Assert.True(rejected.AgedOut);
        Assert.Equal(Age16OrOver, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void Validate_ChildListedTwice_BothRowsAreReported()
    {
        var ledger = new TestLedger().Child("LB-0001").Child("LB-0002").Child("LB-0001", r => r[LedgerColumn.VillageCode] = Geography.Village2);

        var result = Pipeline.Validate(ledger.ReadCsv());

        Assert.Equal([(2, "儿童编号", DuplicateChild), (4, "儿童编号", DuplicateChild)], result.Problems.Select(p => (p.Row, p.Column, p.Code)));
        Assert.Contains("2、4", result.Problems[0].Reason, StringComparison.Ordinal);
        Assert.Equal("LB-0002", Assert.Single(result.Records).ChildId);
    }

    [Fact]
    public void Validate_TownshipStaff_CannotImportAnotherTownshipsChildren()
    {
        var ledger = new TestLedger()
            .Child("LB-0001", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode]) = (Geography.OtherTownship, Geography.OtherVillage))
            .Child("LB-0002", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode]) = (Geography.FarTownship, Geography.FarVillage));

        var result = Pipeline.Validate(ledger.ReadCsv(), Geography.Township);

        Assert.Equal([(2, "乡镇代码", OutsideJurisdiction), (3, "乡镇代码", OutsideJurisdiction)], result.Problems.Select(p => (p.Row, p.Column, p.Code)));
        Assert.Empty(result.Records);
        Assert.Equal([Geography.Township], result.Townships); // only the user's own township is covered
    }

    [Fact]
    public void Validate_CountyCivilAffairs_ImportsEveryTownshipOfTheCountyButNoOther()
    {
        var ledger = new TestLedger()
            .Child("LB-0001")
            .Child("LB-0002", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode]) = (Geography.OtherTownship, Geography.OtherVillage))
            .Child("LB-0003", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode]) = (Geography.FarTownship, Geography.FarVillage));

        var result = Pipeline.Validate(ledger.ReadCsv(), Geography.County);

        Assert.Equal(["LB-0001", "LB-0002"], result.Records.Select(r => r.ChildId));
        Assert.Equal((4, OutsideJurisdiction), (result.Problems.Single().Row, result.Problems.Single().Code));
        Assert.Equal([Geography.Township, Geography.OtherTownship], result.Townships);
    }

    [Fact]
    public void Validate_VillageOfAnotherTownshipUnderTheUsersTownship_IsReportedAsNotInThatTownship()
    {
        var ledger = new TestLedger().Child("LB-0001", r => r[LedgerColumn.VillageCode] = Geography.FarVillage);

        var problem = Assert.Single(Pipeline.Validate(ledger.ReadCsv()).Problems);

        Assert.Equal(("村代码", VillageNotInTownship), (problem.Column, problem.Code));
    }

    [Fact]
    public void Validate_VillageOutsideTheJurisdictionWithoutATownship_IsReportedOnTheVillage()
    {
        var ledger = new TestLedger().Child("LB-0001", r => (r[LedgerColumn.TownshipCode], r[LedgerColumn.VillageCode]) = ("", Geography.FarVillage));

        var problems = Pipeline.Validate(ledger.ReadCsv()).Problems;

        Assert.Equal([("乡镇代码", Required), ("村代码", OutsideJurisdiction)], problems.Select(p => (p.Column, p.Code)));
    }

    [Theory]
    [InlineData("2016-05-14")]
    [InlineData("2016/5/14")]
    [InlineData("2016/05/14 0:00")]
    [InlineData("2016.5.14")]
    [InlineData("2016年5月14日")]
    [InlineData("20160514")]
    [InlineData("42504")]
    public void Validate_BirthDateInEverySpellingLedgersUse_IsTheSameDay(string text)
    {
        var ledger = new TestLedger().Child("LB-0001", r => r[LedgerColumn.BirthDate] = text);

        var record = Assert.Single(Pipeline.Validate(ledger.ReadCsv()).Records);

        Assert.Equal(new DateOnly(2016, 5, 14), record.BirthDate);
    }

    [Fact]
    public void Validate_EnglishCatalogWords_AreAcceptedBesideTheChinese()
    {
        var ledger = new TestLedger().Child("LB-0001", r =>
        {
            r[LedgerColumn.Category] = "one_parent_away_other_incapable";
            r[LedgerColumn.Guardian] = "none";
            r[LedgerColumn.Sex] = "female";
            r[LedgerColumn.Dropout] = "yes";
        });

        var record = Assert.Single(Pipeline.Validate(ledger.ReadCsv()).Records);

        Assert.Equal((LeftBehindKind.OneParentAwayOtherIncapable, GuardianArrangement.None, true, "女"),
            (record.Kind, record.Guardian, record.Dropout, record.Personal.Sex));
    }

    [Fact]
    public void Validate_EveryProblemAtOnce_SortedByRowThenColumnOrder()
    {
        var ledger = new TestLedger()
            .Child("LB-0001", r => (r[LedgerColumn.Sex], r[LedgerColumn.VillageCode]) = ("?", "210123101999"))
            .Child("LB-0002", r => r[LedgerColumn.Guardian] = "?");

        var problems = Pipeline.Validate(ledger.ReadCsv()).Problems;

        Assert.Equal([(2, "村代码"), (2, "性别"), (3, "监护类型")], problems.Select(p => (p.Row, p.Column)));
    }

    [Fact]
    public void Validate_TheTemplatesExampleRowLeftIn_IsRefusedSoNoFakeChildIsRegistered()
    {
        var table = LedgerFileReader.Parse(LedgerTemplate.CreateXlsx(), "模板.xlsx");

        var problem = Assert.Single(Pipeline.Validate(table).Problems);

        Assert.Equal((2, "儿童编号", ExampleRow), (problem.Row, problem.Column, problem.Code));
    }

    [Fact]
    public void Validate_DuplicateHeader_IsReportedAndTheFirstColumnRead()
    {
        var csv = string.Join(',', LedgerLayout.Columns.Select(c => c.Header)) + ",姓名\r\n"
            + "210123101,210123101200,LB-1,王小丫,女,2016-05-14,父母均外出务工,父母一方,,,,,,否,,,另一个\r\n";

        var result = Pipeline.Validate(LedgerFileReader.Parse(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal((1, DuplicateColumn), (result.Problems.Single().Row, result.Problems.Single().Code));
        Assert.Equal("王小丫", Assert.Single(result.Records).Personal.Name);
    }

    [Fact]
    public void Validate_UnknownJurisdiction_IsAProgrammingError()
    {
        Assert.Throws<ArgumentException>(() => Pipeline.Validator.Validate(new TestLedger().ReadCsv(), "219999", Pipeline.Today));
        Assert.Throws<ArgumentException>(() => Pipeline.Validator.Validate(new TestLedger().ReadCsv(), Geography.Village, Pipeline.Today));
    }
}
