using System.Text;
using Lbc.Ledger.Layout;
using Lbc.Ledger.Reading;
using Lbc.Ledger.Tests.TestSupport;

namespace Lbc.Ledger.Tests;

public sealed class LedgerFileReaderTests
{
    private static TestLedger TwoChildren() => new TestLedger().Child("LB-0001").Child("LB-0002", r => r[LedgerColumn.VillageCode] = Geography.Village2);

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    [InlineData("gb18030")]
    public void Csv_InEachEncodingStaffUse_ReadsChineseHeadersAndValues(string encoding)
    {
        var ledger = TwoChildren();
        var bytes = encoding switch
        {
            "utf-8-bom" => ledger.ToCsv(Encoding.UTF8, bom: true),
            "utf-8" => ledger.ToCsv(new UTF8Encoding(false)),
            _ => ledger.ToCsv(LedgerTextDecoder.Gb18030),
        };

        var table = LedgerFileReader.Parse(bytes, "台账.csv");

        Assert.Equal(LedgerFormat.Csv, table.Format);
        Assert.Equal("乡镇代码", table.Headers[0]); // no BOM glued to the first header
        Assert.True(LedgerLayout.Columns.All(c => table.Has(c.Column)));
        Assert.Equal([2, 3], table.Rows.Select(r => r.Number));
        Assert.Equal("王小丫", table.Cell(table.Rows[0], LedgerColumn.Name));
        Assert.Equal("受委托监护人", table.Cell(table.Rows[1], LedgerColumn.Guardian));
        Assert.Equal(Geography.Village2, table.Cell(table.Rows[1], LedgerColumn.VillageCode));
    }

    [Fact]
    public void Csv_Gb18030_IsNotMistakenForUtf8()
    {
        // Excel's plain "CSV" on a Chinese Windows: GBK bytes, no BOM.
        var bytes = LedgerTextDecoder.Gb18030.GetBytes("乡镇代码,姓名\r\n210123101,刘铁柱\r\n");

        var table = LedgerFileReader.Parse(bytes);

        Assert.Equal("刘铁柱", table.Cell(table.Rows[0], LedgerColumn.Name));
    }

    [Fact]
    public void Csv_QuotedCommasQuotesAndLineBreaks_StayInOneCellAndRowNumbersFollowExcel()
    {
        var csv = "儿童编号,父母务工地,姓名\r\n"
            + "LB-1,\"大连市,甘井子区\",甲\r\n"
            + "LB-2,\"第一行\r\n第二行\",乙\r\n"
            + "LB-3,\"说\"\"回来了\"\"\",丙\n";

        var table = LedgerFileReader.Parse(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(["LB-1", "LB-2", "LB-3"], table.Rows.Select(r => table.Cell(r, LedgerColumn.ChildId)));
        Assert.Equal("大连市,甘井子区", table.Cell(table.Rows[0], LedgerColumn.ParentsWorkPlace));
        Assert.Equal("第一行\r\n第二行", table.Cell(table.Rows[1], LedgerColumn.ParentsWorkPlace));
        Assert.Equal("说\"回来了\"", table.Cell(table.Rows[2], LedgerColumn.ParentsWorkPlace));
        Assert.Equal([2, 3, 4], table.Rows.Select(r => r.Number)); // a line break inside quotes is not a new row
    }

    [Fact]
    public void Csv_EnglishAliasesInAnyOrderAndPaddedCells_AreRecognisedAndTrimmed()
    {
        var csv = " child_id ,Village_Code,*出生日期,姓名\r\n  LB-9\u3000, 210123101200 ,2016/5/14,\" 杨雨涵 \"\r\n";

        var table = LedgerFileReader.Parse(Encoding.UTF8.GetBytes(csv));

        Assert.Equal("LB-9", table.Cell(table.Rows[0], LedgerColumn.ChildId));
        Assert.Equal(Geography.Village, table.Cell(table.Rows[0], LedgerColumn.VillageCode));
        Assert.Equal("2016/5/14", table.Cell(table.Rows[0], LedgerColumn.BirthDate));
        Assert.Equal("杨雨涵", table.Cell(table.Rows[0], LedgerColumn.Name));
        Assert.False(table.Has(LedgerColumn.TownshipCode));
    }

    [Fact]
    public void Csv_EmptyLinesAndTrailingCommas_AreSkippedButKeepTheirRowNumbers()
    {
        var csv = "儿童编号,姓名\r\nLB-1,甲\r\n,\r\n\r\nLB-2,乙\r\n";

        var table = LedgerFileReader.Parse(Encoding.UTF8.GetBytes(csv));

        Assert.Equal([2, 5], table.Rows.Select(r => r.Number));
    }

    [Fact]
    public void Csv_ExcelTextFormulaAroundALongCode_IsReadAsTheCode()
    {
        var csv = "村代码,儿童编号\r\n\"=\"\"210123101200\"\"\",LB-1\r\n";

        var table = LedgerFileReader.Parse(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(Geography.Village, table.Cell(table.Rows[0], LedgerColumn.VillageCode));
    }

    [Fact]
    public void Csv_UnterminatedQuote_IsRefusedNamingItsRow()
    {
        var csv = "儿童编号,姓名\r\nLB-1,甲\r\nLB-2,\"乙\r\n";

        var error = Assert.Throws<LedgerFileException>(() => LedgerFileReader.Parse(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal("unterminated_quote", error.Code);
        Assert.Contains("第 3 行", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_SharedStringsAndSerialDates_ReadAsTextAndIsoDates()
    {
        var bytes = TwoChildren().ToXlsx();

        var table = LedgerFileReader.Parse(bytes, "台账.xlsx");

        Assert.Equal(LedgerFormat.Xlsx, table.Format);
        Assert.Equal("乡镇代码", table.Headers[0]);
        Assert.Equal([2, 3], table.Rows.Select(r => r.Number));
        Assert.Equal("2016-05-14", table.Cell(table.Rows[0], LedgerColumn.BirthDate)); // serial 42504 in the file
        Assert.Equal("2026-03-05", table.Cell(table.Rows[1], LedgerColumn.LastVisit));
        Assert.Equal("李春燕", table.Cell(table.Rows[1], LedgerColumn.Name));
    }

    [Fact]
    public void Xlsx_DetectedByContent_EvenWithoutOrWithAWrongExtension()
    {
        var bytes = TwoChildren().ToXlsx();

        Assert.Equal(LedgerFormat.Xlsx, LedgerFileReader.Parse(bytes, "upload.csv").Format);
        Assert.Equal(LedgerFormat.Xlsx, LedgerFileReader.Parse(bytes).Format);
    }

    [Fact]
    public void Xlsx_NumbersOutsideDateColumns_KeepTheirDigits()
    {
        // A village code or a phone typed as a number: 12 digits must not come back as 2.101231012E+11.
        var grid = new[]
        {
            new[] { "村代码", "监护人电话", "儿童编号", "出生日期" },
            [Xlsx.NumberPrefix + "2.101231012E+11", Xlsx.NumberPrefix + "13912345678", Xlsx.NumberPrefix + "1024", Xlsx.NumberPrefix + "42504.75"],
        };

        var table = LedgerFileReader.Parse(Xlsx.Write(grid, [false, false, false, true]));

        Assert.Equal(Geography.Village, table.Cell(table.Rows[0], LedgerColumn.VillageCode));
        Assert.Equal("13912345678", table.Cell(table.Rows[0], LedgerColumn.GuardianPhone));
        Assert.Equal("1024", table.Cell(table.Rows[0], LedgerColumn.ChildId));
        Assert.Equal("2016-05-14", table.Cell(table.Rows[0], LedgerColumn.BirthDate)); // a date with a time of day
    }

    [Fact]
    public void Xlsx_MergedHeaderCells_AreRefusedWithAClearMessage()
    {
        var bytes = TwoChildren().ToXlsx(merges: ["A1:B1"]);

        var error = Assert.Throws<LedgerFileException>(() => LedgerFileReader.Parse(bytes, "台账.xlsx"));

        Assert.Equal("merged_header", error.Code);
        Assert.Contains("合并单元格", error.Message, StringComparison.Ordinal);
        Assert.Contains("A1:B1", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 1 行", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_TownshipMergedDownTheRows_IsFilledIntoEveryRow()
    {
        var ledger = TwoChildren().Child("LB-0003");
        foreach (var row in ledger.Rows.Skip(1))
        {
            row[LedgerColumn.TownshipCode] = ""; // only the top cell of a merged range holds the value
        }

        var table = LedgerFileReader.Parse(ledger.ToXlsx(merges: ["A2:A4"]));

        Assert.All(table.Rows, r => Assert.Equal(Geography.Township, table.Cell(r, LedgerColumn.TownshipCode)));
    }

    [Fact]
    public void Xlsx_TheFirstWorksheetInTheWorkbook_IsTheOneRead()
    {
        var ledger = TwoChildren();
        var bytes = Xlsx.Write(ledger.Grid(), new bool[ledger.Headers.Count], secondSheet: [["填表说明"], ["请勿修改表头"]]);

        var table = LedgerFileReader.Parse(bytes);

        Assert.Equal("乡镇代码", table.Headers[0]);
        Assert.Equal(2, table.Rows.Count);
    }

    [Fact]
    public void Csv_MoreThanTheRowLimit_IsRefusedAsTooLarge()
    {
        var csv = new StringBuilder("儿童编号,姓名\n");
        for (var i = 0; i <= LedgerLimits.MaxDataRows; i++)
        {
            csv.Append("LB-").Append(i).Append(",甲\n");
        }

        var error = Assert.Throws<LedgerTooLargeException>(() => LedgerFileReader.Parse(Encoding.UTF8.GetBytes(csv.ToString())));

        Assert.Equal("too_many_rows", error.Code);
        Assert.Contains("20000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_ExactlyTheRowLimit_IsRead()
    {
        var csv = new StringBuilder("儿童编号\n");
        for (var i = 0; i < LedgerLimits.MaxDataRows; i++)
        {
            csv.Append("LB-").Append(i).Append('\n');
        }

        Assert.Equal(LedgerLimits.MaxDataRows, LedgerFileReader.Parse(Encoding.UTF8.GetBytes(csv.ToString())).Rows.Count);
    }

    [Fact]
    public void Xlsx_MoreThanTheRowLimit_IsRefusedAsTooLarge()
    {
        var grid = new string[LedgerLimits.MaxDataRows + 2][];
        grid[0] = ["儿童编号"];
        for (var i = 1; i < grid.Length; i++)
        {
            grid[i] = [$"LB-{i}"];
        }

        Assert.Throws<LedgerTooLargeException>(() => LedgerFileReader.Parse(Xlsx.Write(grid, [false])));
    }

    [Fact]
    public void Stream_OverTenMegabytes_IsRefusedBeforeParsing_EvenWhenItsLengthIsUnknown()
    {
        var big = new byte[LedgerLimits.MaxFileBytes + 1];
        big.AsSpan().Fill((byte)'a');

        var seekable = Assert.Throws<LedgerTooLargeException>(() => LedgerFileReader.Read(new MemoryStream(big)));
        var streamed = Assert.Throws<LedgerTooLargeException>(() => LedgerFileReader.Read(new UnseekableStream(big)));

        Assert.Equal("file_too_large", seekable.Code);
        Assert.Equal("file_too_large", streamed.Code);
    }

    [Fact]
    public async Task ReadAsync_ReadsTheSameTableAsRead()
    {
        var bytes = TwoChildren().ToXlsx();

        var table = await LedgerFileReader.ReadAsync(new UnseekableStream(bytes), "台账.xlsx");

        Assert.Equal(2, table.Rows.Count);
    }

    [Theory]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, "台账.xls", "xls_not_supported")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0, 0x01 }, "台账.pdf", "not_a_ledger_file")]
    [InlineData(new byte[] { 0x61, 0x2C, 0x62 }, "台账.xlsx", "invalid_xlsx")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0 }, "台账.xlsx", "invalid_xlsx")]
    [InlineData(new byte[0], "台账.csv", "empty_file")]
    public void Read_FilesThatAreNoLedger_AreRefusedWithTheirReason(byte[] bytes, string name, string code)
    {
        var error = Assert.Throws<LedgerFileException>(() => LedgerFileReader.Parse(bytes, name));

        Assert.Equal(code, error.Code);
        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void Read_AZipThatIsNoWorkbook_IsRefusedAsInvalidXlsx()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("台账.csv").Open());
            writer.Write("乡镇代码,村代码\n");
        }

        var error = Assert.Throws<LedgerFileException>(() => LedgerFileReader.Parse(zip.ToArray(), "台账.zip"));

        Assert.Equal("invalid_xlsx", error.Code);
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
