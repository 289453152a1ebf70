using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lbc.Contracts;
using Lbc.Server.Bulletins.Composition;
using Lbc.Server.Bulletins.Xlsx;

namespace Lbc.Server.Tests.Bulletins;

/// <summary>
/// GET /api/bulletins against the history API on the same server and history (issue 16, "Bulletin"): the same figures,
/// the PDF's text, the workbook's rankings, and who may ask for what.
/// </summary>
public sealed partial class BulletinApiTests(BulletinServer server) : IClassFixture<BulletinServer>
{
    private static readonly BulletinPeriod s_month = BulletinServer.Month;

    [Fact]
    public async Task Xlsx_LeadingGroup_FiguresEqualTheHistoryApisMeansForThePeriod()
    {
        using var leader = await server.Factory.CreateClientAs(Roles.LeadingGroup, "21");
        var sheets = BulletinFiles.Sheets(await DownloadAsync(leader, "21", s_month.Code, "xlsx"));

        var headline = sheets[BulletinXlsxWriter.HeadlineSheet].Skip(2).ToDictionary(r => (string)r[6]);
        var children = (await MeanAsync(leader, "children", "21", "1d"))!.Value;
        var overdue = (await MeanAsync(leader, "overdue", "21", "1d"))!.Value;
        Assert.Equal(children, (double)headline["children"][2], 9);
        Assert.Equal(overdue / children, (double)headline["overdue_rate"][2], 9);
        Assert.Equal((await MeanAsync(leader, "response_seconds", "21", "7d", "on_scene"))!.Value / 60, (double)headline["response:on_scene"][2], 9);

        // The overdue ranking, city by city: every shown count is the API's mean; 丹东's 3 is withheld, and one more city
        // with it, or the province's total minus the other cities would give it back.
        var ranking = sheets["走访逾期率排名"].Skip(2).ToList();
        Assert.Equal(14, ranking.Count);
        var hidden = new List<string>();
        foreach (var row in ranking)
        {
            var city = (string)row[1];
            var mean = await MeanAsync(leader, "overdue", city, "1d");
            if (row[4] is double shown)
            {
                Assert.Equal(mean!.Value, shown, 9);
                Assert.Equal(mean.Value / (await MeanAsync(leader, "children", city, "1d"))!.Value, (double)row[5], 9);
            }
            else
            {
                Assert.Equal("<5", row[4]);
                hidden.Add(city);
            }
        }
        Assert.Contains(BulletinServer.SmallCity, hidden);
        Assert.Equal(2, hidden.Count);
        // children = on time + due soon + overdue, and due soon is in history: on time goes with a hidden overdue.
        var onTime = sheets["按时走访率排名"].Skip(2).ToDictionary(r => (string)r[1]);
        Assert.All(hidden, city => Assert.Equal("<5", onTime[city][4]));

        // Police response: weekly means, and 葫芦岛's weeks of fewer than five cases withheld.
        var response = sheets["公安出警用时排名"].Skip(2).ToDictionary(r => (string)r[1]);
        Assert.Equal((await MeanAsync(leader, "response_seconds", "2101", "7d", "on_scene"))!.Value / 60, (double)response["2101"][6], 9);
        Assert.Null(await MeanAsync(leader, "response_seconds", BulletinServer.FewCasesCity, "7d", "on_scene"));
        Assert.Null(await MeanAsync(leader, "overdue", BulletinServer.SmallCity, "1d"));
        Assert.Equal("*", response[BulletinServer.FewCasesCity][6]);
    }

    [Fact]
    public async Task Xlsx_PoliceOfTheProvince_SeeTheSmallCountsTheLeadingGroupDoesNot()
    {
        using var police = await server.Factory.CreateClientAs(Roles.PoliceDutyOfficer, "21");
        var sheets = BulletinFiles.Sheets(await DownloadAsync(police, "21", s_month.Code, "xlsx"));

        var ranking = sheets["走访逾期率排名"].Skip(2).ToDictionary(r => (string)r[1]);
        Assert.Equal(3.0, (double)ranking[BulletinServer.SmallCity][4], 9);
        Assert.All(ranking.Values, r => Assert.IsType<double>(r[4]));
    }

    [Fact]
    public async Task Xlsx_Province_OneSheetPerTableWithTheRankingsInOrder()
    {
        using var leader = await server.Factory.CreateClientAs(Roles.LeadingGroup, "21");
        var sheets = BulletinFiles.Sheets(await DownloadAsync(leader, "21", s_month.Code, "xlsx"));

        Assert.Equal(
            ["说明", "主要指标", "按时走访率排名", "走访逾期率排名", "台账超期未更新排名", "季报逾期乡镇排名", "结对帮扶覆盖率排名", "公安出警用时排名", "强制报告率排名", "规则"],
            sheets.Keys);
        foreach (var (name, higherIsBetter) in new[] { ("按时走访率排名", true), ("走访逾期率排名", false), ("结对帮扶覆盖率排名", true), ("公安出警用时排名", false), ("强制报告率排名", true) })
        {
            var rows = sheets[name].Skip(2).ToList();
            Assert.Equal(BulletinServer.Cities.Select(c => c.Code).Order(), rows.Select(r => (string)r[1]).Order());
            var ranked = rows.TakeWhile(r => r[0] is double).ToList();
            Assert.Equal(Enumerable.Range(1, ranked.Count).Select(i => (double)i), ranked.Select(r => (double)r[0]));
            Assert.All(rows.Skip(ranked.Count), r => Assert.Equal("", r[0]));
            var values = ranked.Select(r => (double)r[^1]).ToList();
            Assert.Equal(higherIsBetter ? values.OrderDescending() : values.Order(), values);
            Assert.True(ranked.Count >= 12, $"{name}: only {ranked.Count} cities ranked");
        }
        // The workbook's names are the catalog's, in Chinese.
        var cityNames = sheets["走访逾期率排名"].Skip(2).ToDictionary(r => (string)r[1], r => (string)r[2]);
        Assert.All(BulletinServer.Cities, c => Assert.Equal(c.Name, cityNames[c.Code]));
    }

    [Fact]
    public async Task Pdf_ProvinceQuarter_NamesEveryCityAndShowsNoCountFromOneToFour()
    {
        using var leader = await server.Factory.CreateClientAs(Roles.LeadingGroup, "21");
        using var response = await leader.GetAsync(BulletinRoutes.Of("21", BulletinServer.Quarter.Code, "pdf"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"bulletin-21-{BulletinServer.Quarter.Code}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        BulletinFiles.KeepForALook(pdf, "province-quarter.pdf");
        var lines = BulletinFiles.Lines(pdf);
        var text = string.Join("\n", lines);

        Assert.Contains("辽宁省农村留守儿童关爱保护工作通报", text);
        Assert.All(BulletinServer.Cities, c => Assert.Contains(c.Name, text));
        // Every row of a city (the rankings) and every headline row: the figures after the name are never a count 1-4.
        var rows = lines.Where(l => BulletinServer.Cities.Any(c => l.Contains(c.Name, StringComparison.Ordinal)) || HeadlineRow().IsMatch(l)).ToList();
        Assert.True(rows.Count > 7 * 14, $"only {rows.Count} rows found");
        foreach (var row in rows)
        {
            var cells = row[(CityNameEnd(row))..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain(cells, c => int.TryParse(c, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 4);
        }
        Assert.Contains(lines, l => l.Contains(BulletinServer.Cities.Single(c => c.Code == BulletinServer.SmallCity).Name, StringComparison.Ordinal) && l.Contains("<5", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("region=21&period=2026Q5&format=pdf", "period")]
    [InlineData("region=21&period=2026-13&format=xlsx", "period")]
    [InlineData("region=21&period=last&format=xlsx", "period")]
    [InlineData("region=21&period=2999Q1&format=xlsx", "period")]
    [InlineData("region=21&format=xlsx", "period")]
    [InlineData("region=21&period=2026Q1&format=docx", "format")]
    [InlineData("region=21&period=2026Q1", "format")]
    [InlineData("region=99&period=2026Q1&format=pdf", "region")]
    [InlineData("region=210102001001&period=2026Q1&format=pdf", "region")]
    [InlineData("period=2026Q1&format=pdf", "region")]
    public async Task Get_BadParameter_400NamingIt(string query, string parameter)
    {
        using var leader = await server.Factory.CreateClientAs(Roles.LeadingGroup, "21");

        using var response = await leader.GetAsync(BulletinRoutes.Bulletins + "?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([parameter], body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Get_RegionOutsideTheJurisdiction_404AsIfUnknown()
    {
        using var shenyang = await server.Factory.CreateClientAs(Roles.LeadingGroup, "2101");
        using var police = await server.Factory.CreateClientAs(Roles.PoliceDutyOfficer, "2113");

        using var province = await shenyang.GetAsync(BulletinRoutes.Of("21", s_month.Code, "xlsx"));
        using var neighbour = await police.GetAsync(BulletinRoutes.Of("2101", s_month.Code, "pdf"));
        using var own = await shenyang.GetAsync(BulletinRoutes.Of("2101", s_month.Code, "xlsx"));

        Assert.Equal(HttpStatusCode.NotFound, province.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, neighbour.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal($"bulletin-2101-{s_month.Code}.xlsx", own.Content.Headers.ContentDisposition?.FileNameStar ?? own.Content.Headers.ContentDisposition?.FileName);
        // The file that left is on the audit trail: who, which region, period and format.
        using var admin = await server.Factory.CreateClientAs(Roles.Administrator, "21");
        var user = TestUsers.UsernameOf(Roles.LeadingGroup, "2101");
        for (var i = 0; ; i++)
        {
            var page = await admin.GetFromJsonAsync($"{AuditRoutes.Audit}?limit=1000&user={user}", ContractsJsonContext.Default.AuditPageDto);
            if (page!.Entries.Any(e => e.Action == AuditRoutes.BulletinExported && e.Reason == $"2101 {s_month.Code} xlsx"))
            {
                break;
            }
            Assert.True(i < 200, "no bulletin_exported line on the audit trail");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Get_SignedOut_401()
    {
        using var anonymous = server.Factory.CreateClient();

        using var response = await anonymous.GetAsync(BulletinRoutes.Of("21", s_month.Code, "pdf"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>
    /// The mean of the points GET /api/history answers <paramref name="client"/> for the month: of every day for a count (null
    /// when a day is hidden), of the weeks shown for a response time.
    /// </summary>
    private static async Task<double?> MeanAsync(HttpClient client, string metric, string region, string step, string? stage = null)
    {
        var url = $"/api/history?metric={metric}&region={region}&from={BulletinComposer.Iso(s_month.Start)}&to={BulletinComposer.Iso(s_month.End)}&step={step}" +
            (stage is null ? "" : "&stage=" + stage);
        var series = await client.GetFromJsonAsync(url, HistoryJsonContext.Default.HistorySeriesDto);
        Assert.NotEmpty(series!.Points);
        var shown = series.Points.Where(p => p.V is not null).ToList();
        return (stage is null ? shown.Count < series.Points.Count : shown.Count == 0) ? null : shown.Average(p => p.V!.Value);
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string region, string period, string format)
    {
        using var response = await client.GetAsync(BulletinRoutes.Of(region, period, format));
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Where a row's figures start: after the city's name, or after a headline's English label.</summary>
    private static int CityNameEnd(string line)
    {
        foreach (var city in BulletinServer.Cities)
        {
            var at = line.IndexOf(city.Name, StringComparison.Ordinal);
            if (at >= 0)
            {
                return at + city.Name.Length;
            }
        }
        var match = HeadlineRow().Match(line);
        return match.Index + match.Length;
    }

    /// <summary>A headline row ends its label with one of these English words.</summary>
    [GeneratedRegex("(Left-behind children|Visits on time|Overdue visits|Overdue rate|Stale records|Late townships|Pairing coverage|Open dropouts|Open cases|Cases past an SLA|per 1,000 children|Minutes to [a-z ]+?(?= [0-9<*–]))")]
    private static partial Regex HeadlineRow();
}
