using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Reference;

namespace Lbc.Server.Tests.Configuration;

/// <summary>
/// <c>--Dashboard:Geography=national</c>: the server loads the national catalog from its folder (here Liaoning plus one
/// township of Jilin, as <c>tools/Lbc.GeoGen --national</c> writes it), accepts events from every province, and still shows
/// each user only their own province; the map's county outlines stay the committed Liaoning ones.
/// </summary>
public sealed class NationalGeographyTests : IAsyncLifetime
{
    private const string JilinVillage = NationalCatalog.JilinVillage;
    private readonly NationalCatalog _catalog = new();
    private DashboardFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new DashboardFactory(_catalog.Settings());
        await _factory.WaitUntilReadyAsync(_factory.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _catalog.Dispose();
    }

    [Fact]
    public async Task National_ReportInAnotherProvince_AcceptedButNoLiaoningUserSeesIt()
    {
        var police = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "21");
        var response = await PostReportAsync("national-jilin-1", "R-JILIN-1", JilinVillage);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var liaoning = await PostReportAsync("national-liaoning-1", "R-LN-1", TestEvents.ShenyangVillage);
        Assert.Equal(HttpStatusCode.Accepted, liaoning.StatusCode);

        // Both applied (the Jilin report is not dead-lettered as an unknown village) ...
        var admin = await _factory.CreateClientAs(Roles.Administrator, "21");
        await PollAsync(async () =>
        {
            var h = await admin.GetFromJsonAsync<JsonElement>(ApiRoutes.Health);
            return h.GetProperty("projection").GetProperty("applied").GetInt64() >= 2 ? h : (JsonElement?)null;
        });
        var projection = (await admin.GetFromJsonAsync<JsonElement>(ApiRoutes.Health)).GetProperty("projection");
        Assert.Equal(0, projection.GetProperty("rejected").GetInt64());
        // ... and the province's officer sees the Liaoning case only.
        var snapshot = await PollAsync(async () =>
        {
            var s = await police.GetFromJsonAsync(ApiRoutes.Snapshot, ContractsJsonContext.Default.DashboardSnapshot);
            return s!.OpenCases.Any(c => c.CaseId == "R-LN-1") ? s : null;
        });
        Assert.DoesNotContain(snapshot.OpenCases, c => c.CaseId == "R-JILIN-1");
    }

    [Fact]
    public async Task National_RegionsList_IsTheUsersProvinceOnly_AndCountyOutlinesStillServed()
    {
        var leader = await _factory.CreateClientAs(Roles.LeadingGroup, "21");

        var regions = await leader.GetFromJsonAsync(ApiRoutes.Regions, ContractsJsonContext.Default.IReadOnlyListRegionDto);
        Assert.NotNull(regions);
        Assert.Contains(regions, r => r.Code == "2101");
        Assert.DoesNotContain(regions, r => r.Code.StartsWith("22", StringComparison.Ordinal));
        Assert.All(regions.Where(r => r.Level == "city"), r => Assert.Equal("21", r.Parent));

        // The heat layers' townships of the province: Liaoning's, not the country's.
        var townships = await leader.GetFromJsonAsync(RegionRoutes.TownshipsOf("21"), ContractsJsonContext.Default.IReadOnlyListRegionRowDto);
        Assert.NotNull(townships);
        Assert.Equal(regions.Count(r => r.Level == "township"), townships.Count);
        Assert.DoesNotContain(townships, t => t.Code.StartsWith("22", StringComparison.Ordinal));

        var outlines = await leader.GetAsync(ApiRoutes.CountyBoundaries);
        Assert.Equal(HttpStatusCode.OK, outlines.StatusCode);
        Assert.Contains("210102", await outlines.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task National_CountryLeadingGroup_SeesEveryProvinceAsSuppressedRows_AndDrillsIntoOne()
    {
        var country = await _factory.CreateClientAs(Roles.LeadingGroup, RegionCodes.Country);

        var me = await country.GetFromJsonAsync(AuthRoutes.Me, ContractsJsonContext.Default.UserInfo);
        Assert.Equal("全国", me!.JurisdictionName);

        // The live snapshot: the country's figures and one row per province, aggregates only.
        var response = await country.GetAsync(ApiRoutes.Snapshot);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var snapshot = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.AggregateSnapshot)!;
        Assert.Equal(RegionCodes.Country, snapshot.Jurisdiction);
        Assert.Equal(["21", "22"], snapshot.SubRegions.Select(r => r.Code).Order(StringComparer.Ordinal));

        // The drill-down: the country with its provinces (named, placed at their counties' middle), then Jilin under it.
        var top = await country.GetFromJsonAsync(RegionRoutes.FiguresOf(RegionCodes.Country), ContractsJsonContext.Default.RegionDrillDto);
        Assert.Equal("country", top!.Level);
        Assert.Equal(["辽宁省", "吉林省"], top.SubRegions.OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Name));
        var jilinRow = top.SubRegions.Single(r => r.Code == "22");
        Assert.Equal((125.35, 43.86), (jilinRow.Lon, jilinRow.Lat));
        Assert.Equal([RegionCodes.Country], top.Breadcrumb.Select(c => c.Code));

        var jilin = await country.GetFromJsonAsync(RegionRoutes.FiguresOf("22"), ContractsJsonContext.Default.RegionDrillDto);
        Assert.Equal([RegionCodes.Country, "22"], jilin!.Breadcrumb.Select(c => c.Code));
        Assert.Equal(["2201"], jilin.SubRegions.Select(r => r.Code));

        // No heat layer of the whole country's townships (megabytes); a province's still comes.
        var townships = await country.GetFromJsonAsync(RegionRoutes.TownshipsOf(RegionCodes.Country), ContractsJsonContext.Default.IReadOnlyListRegionRowDto);
        Assert.Empty(townships!);
        var jilinTownships = await country.GetFromJsonAsync(RegionRoutes.TownshipsOf("22"), ContractsJsonContext.Default.IReadOnlyListRegionRowDto);
        Assert.Equal(["220102001"], jilinTownships!.Select(t => t.Code));

        // Its names: the provinces and their cities, not 41,000 townships.
        var names = await country.GetFromJsonAsync(ApiRoutes.Regions, ContractsJsonContext.Default.IReadOnlyListRegionDto);
        Assert.Contains(names!, r => r is { Code: "22", Level: "province", Name: "吉林省" });
        Assert.Contains(names!, r => r is { Code: "2201", Level: "city", Parent: "22" });
        Assert.DoesNotContain(names!, r => r.Level == "township");

        // The country's bulletin: a table row per province (the workbook names them).
        var period = DateTimeOffset.UtcNow.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var bulletin = await country.GetAsync(BulletinRoutes.Of(RegionCodes.Country, period, "xlsx"));
        Assert.Equal(HttpStatusCode.OK, bulletin.StatusCode);
        var sheets = Bulletins.BulletinFiles.Sheets(await bulletin.Content.ReadAsByteArrayAsync());
        var cells = sheets.Values.SelectMany(rows => rows).SelectMany(row => row).Select(c => c.ToString()).ToList();
        Assert.Contains("吉林省", cells);
        Assert.Contains("辽宁省", cells);
    }

    [Fact]
    public async Task National_ProvincialUsers_CannotAskForTheCountry()
    {
        var leader = await _factory.CreateClientAs(Roles.LeadingGroup, "21");
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync(RegionRoutes.FiguresOf(RegionCodes.Country))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync(RegionRoutes.FiguresOf("22"))).StatusCode);
    }

    private async Task<HttpResponseMessage> PostReportAsync(string eventId, string reportId, string village)
    {
        var ts = DateTimeOffset.UtcNow.AddSeconds(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""
            [{"id":"{{{eventId}}}","type":"report.filed","v":1,"ts":"{{{ts}}}","src":"tests",
              "data":{"report_id":"{{{reportId}}}","village_code":"{{{village}}}","category":"missing","reporter_type":"school"}}]
            """;
        using var client = _factory.CreateClient();
        return await client.SendAsync(TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Events)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }));
    }

    private static Task<T> PollAsync<T>(Func<Task<T?>> attempt) => Eventually.UntilAsync(attempt, TimeSpan.FromSeconds(30));
}
