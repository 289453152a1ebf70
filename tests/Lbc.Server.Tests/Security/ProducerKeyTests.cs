using System.Net;
using System.Text;
using Lbc.Contracts;
using Lbc.Server.Apis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// Producer keys are limited to their event types and regions, and revoked by a configuration reload, without a
/// restart: a leaked key of a township's ledger system cannot file police reports for the whole province.
/// </summary>
public sealed class ProducerKeyTests : IAsyncLifetime
{
    private const string LimitedKey = "limited-producer-key-2b9d";
    private readonly DashboardFactory _factory = new(new Dictionary<string, string?>
    {
        ["Dashboard:Producers:ledger-2113:KeyHash"] = ProducerKeys.HashHex(LimitedKey),
        ["Dashboard:Producers:ledger-2113:Types"] = "child.registered, visit.recorded",
        ["Dashboard:Producers:ledger-2113:Regions"] = "2113",
    });

    public async Task InitializeAsync()
    {
        using var client = await _factory.CreateClientAs(Roles.Administrator, "21");
        await _factory.WaitUntilReadyAsync(client);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task LimitedKey_OtherTypeOrOtherRegion_400NamingWhy_ItsOwnKindAccepted()
    {
        var report = await PostAsync(LimitedKey, Batch("child.registered", TestEvents.ShenyangVillage, "C-KEY-1"));
        Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
        Assert.Contains("outside the regions", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrongType = await PostAsync(LimitedKey, $$$"""
            [{"id":"key-r-1","type":"report.filed","v":1,"ts":"{{{Ts()}}}","src":"ledger-2113",
              "data":{"report_id":"R-KEY-1","township_code":"{{{TestEvents.ChaoyangTownship}}}","category":"missing","reporter_type":"school"}}]
            """);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("may not send report.filed", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var own = await PostAsync(LimitedKey, Batch("child.registered", TestEvents.ChaoyangVillage, "C-KEY-2"));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }

    [Fact]
    public async Task KeyDisabled_RefusedAfterTheConfigurationReloads_NoRestart()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(LimitedKey, Batch("child.registered", TestEvents.ChaoyangVillage, "C-KEY-3"))).StatusCode);

        var configuration = (IConfigurationRoot)_factory.Services.GetRequiredService<IConfiguration>();
        configuration["Dashboard:Producers:ledger-2113:Disabled"] = "true";
        configuration.Reload();

        var refused = await PostAsync(LimitedKey, Batch("child.registered", TestEvents.ChaoyangVillage, "C-KEY-4"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static string Batch(string type, string village, string childId) => $$$"""
        [{"id":"key-{{{childId}}}","type":"{{{type}}}","v":1,"ts":"{{{Ts()}}}","src":"ledger-2113",
          "data":{"child_id":"{{{childId}}}","village_code":"{{{village}}}","birth_date":"2018-03-01","kind":"both_parents_away","guardian":"entrusted"}}]
        """;

    private async Task<HttpResponseMessage> PostAsync(string key, string body)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Events) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(ProducerKeys.HeaderName, key);
        return await client.SendAsync(request);
    }

    private static string Ts() => DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
