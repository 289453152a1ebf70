using System.Text;
using Lbc.Domain.Registry;
using Lbc.Ledger.Files;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Preview;
using Lbc.Ledger.Reading;
using Lbc.Ledger.Tests.TestSupport;
using Lbc.Ledger.Validation;
using static Lbc.Ledger.Tests.TestSupport.Pipeline;

namespace Lbc.Ledger.Tests;

public sealed class LedgerFilesTests
{
    [Fact]
    public void Template_OpensWithTheChineseHeadersAndARealExampleRow()
    {
        var table = LedgerFileReader.Parse(LedgerTemplate.CreateXlsx(), "信息台账模板.xlsx");

        Assert.Equal(LedgerLayout.Columns.Select(c => c.Header), table.Headers);
        var example = Assert.Single(table.Rows);
        Assert.Equal(2, example.Number);
        Assert.Equal("210123101", table.Cell(example, LedgerColumn.TownshipCode));
        Assert.Equal("210123101200", table.Cell(example, LedgerColumn.VillageCode));
        Assert.Equal("小城子镇", Geography.Catalog.NameOf("210123101"));
        Assert.Equal("小城子村委会", Geography.Catalog.NameOf("210123101200"));
        Assert.Equal("2016-05-14", table.Cell(example, LedgerColumn.BirthDate)); // stored as an Excel date
    }

    [Fact]
    public void Template_ExampleRowWithItsIdChanged_IsAValidRow()
    {
        // Everything in the example but its marker id is valid, so staff can copy it as a pattern.
        var table = LedgerFileReader.Parse(LedgerTemplate.CreateXlsx());
        var cells = table.Rows[0].Cells.ToArray();
        cells[Array.IndexOf([.. table.Headers], "儿童编号")] = "LB-210123101-000001";
        var edited = new LedgerTable(table.Format, table.HeaderRow, table.Headers, [new LedgerRow(2, cells)]);

        var result = Validate(edited);

        Assert.Empty(result.Problems);
    }

    private static readonly Dictionary<string, PersonalFields> s_personal = new()
    {
        ["LB-0001"] = new("王小丫", "女", "赵桂芝", "13912345678", "大连市", "小城子镇中心小学", "孙丽华", "周建国"),
        ["LB-0002"] = new("刘铁柱", "男", null, null, null, null, null, null),
        ["LB-0003"] = new("=HYPERLINK(\"http://x\")", "男", "李, 桂兰", "+86 139 1234 5678", "沈阳市\r\n铁西区", null, null, null),
    };

    private static LedgerBaseline Held3() => new(
    [
        Held("LB-0001", paired: true),
        Held("LB-0002", village: Geography.Village2, dropoutOpen: true, lastVisit: new DateOnly(2026, 3, 30), guardian: GuardianArrangement.None),
        Held("LB-0003", birth: new DateOnly(2012, 2, 29)) with { Kind = LeftBehindKind.OneParentAwayOtherIncapable, LastVisit = null },
        Held("LB-0004", active: false),
    ]);

    [Fact]
    public void Export_ThenImportUnchanged_PreviewShowsNoChanges()
    {
        var csv = LedgerExport.ToCsv(Held3().Records, id => s_personal.GetValueOrDefault(id));

        var preview = PreviewOf(csv, "导出.csv", Held3());

        Assert.Empty(preview.Problems);
        Assert.False(preview.HasChanges);
        Assert.Equal(3, preview.Counts.Unchanged);
        var third = preview.Unchanged.Single(r => r.ChildId == "LB-0003").Personal;
        Assert.Equal(("李, 桂兰", "+86 139 1234 5678", "沈阳市\r\n铁西区"), (third.GuardianName, third.GuardianPhone, third.ParentsWorkPlace));
    }

    [Fact]
    public void Export_IsUtf8WithBomAndKeepsLongCodesAndPhonesFromExcelsNumberFormat()
    {
        var csv = LedgerExport.ToCsv(Held3().Records, id => s_personal.GetValueOrDefault(id));

        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var text = Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        Assert.StartsWith("乡镇代码,村代码,儿童编号,姓名,性别,出生日期", text, StringComparison.Ordinal);
        Assert.Contains("\"=\"\"210123101200\"\"\"", text, StringComparison.Ordinal);
        Assert.Contains("\"=\"\"13912345678\"\"\"", text, StringComparison.Ordinal);
        Assert.Contains("\"=\"\"+86 139 1234 5678\"\"\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LB-0004", text, StringComparison.Ordinal); // exited children are not in the ledger
    }

    [Fact]
    public void Export_ACellThatWouldRunAsAFormulaInExcel_IsDefused()
    {
        var csv = Encoding.UTF8.GetString(LedgerExport.ToCsv(Held3().Records, id => s_personal.GetValueOrDefault(id)));

        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_WithoutPersonalFields_LeavesNameAndSexToFillBeforeReimport()
    {
        var csv = LedgerExport.ToCsv(Held3().Records);

        var preview = PreviewOf(csv, "导出.csv", Held3());

        Assert.Equal(["姓名", "性别"], preview.Problems.Where(p => p.Row == 2).Select(p => p.Column));
        Assert.Empty(preview.ProposedExits); // rows that need their names filled in still keep their children
    }
}
