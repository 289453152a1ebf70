using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Lbc.Contracts;
using StackExchange.Redis;
using static Lbc.Server.Tests.PersonalData.PersonalDataScenario;

namespace Lbc.Server.Tests.PersonalData;

/// <summary>
/// Personal data on the production log (a real redis-server): the stream, read raw with XRANGE, holds no name; the keys live
/// in their own Redis hashes; reveal and shredding behave as on the embedded default; without a master key, personal data
/// is refused rather than sealed under a key only one instance knows.
/// </summary>
public sealed class RedisPersonalDataTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private DashboardFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await redis.StartAsync();
        _factory = new DashboardFactory(new Dictionary<string, string?>(RedisEventLogServerTests.RedisSettingsFor(redis))
        {
            ["Dashboard:PersonalData:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Dashboard:PersonalData:RetentionDays"] = "0",
            ["Dashboard:PersonalData:ShredInterval"] = "00:00:00.200",
        });
        await _factory.WaitUntilReadyAsync(_factory.CreateClient());
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task StreamReadWithXrange_HoldsNoPersonalValue_RevealWorks_ThenShreddedIs410()
    {
        var person = TestPersons.New();
        var caseId = await FileReportAsync(_factory, person, TestEvents.ChaoyangVillage);
        using var officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "2113");
        await WaitForCaseAsync(officer, caseId);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        var entries = (RedisResult[])(await db.ExecuteAsync("XRANGE", "lbc:events", "-", "+"))!;
        var raw = new List<byte>();
        foreach (var entry in entries)
        {
            foreach (var field in (RedisResult[])((RedisResult[])entry!)[1]!)
            {
                raw.AddRange((byte[])field!);
                raw.Add(0);
            }
        }
        Assert.Contains("lbc-pd1.", Encoding.UTF8.GetString([.. raw]), StringComparison.Ordinal);
        TestPersons.AssertAbsent(raw.ToArray(), TestPersons.SecretsOf(person), "the lbc:events stream");
        Assert.Equal(1, await db.HashLengthAsync("{lbc:personal}:keys"));

        using (var revealed = await officer.GetAsync(PersonalRoutes.PersonalOf(caseId, Reason)))
        {
            Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
            Assert.Equal(person.GuardianPhone, (await revealed.Content.ReadFromJsonAsync(ContractsJsonContext.Default.PersonalDataDto))!.GuardianPhone);
        }
        var before = await ReadLogAsync(_factory.Log);
        await CloseAsync(_factory.Log, caseId);

        (await RevealUntilAsync(officer, caseId, HttpStatusCode.Gone)).Dispose();
        Assert.Equal(0, await db.HashLengthAsync("{lbc:personal}:keys"));
        var after = await ReadLogAsync(_factory.Log);
        Assert.Equal(before.Select(e => (e.Position, e.Event)), after.Take(before.Count).Select(e => (e.Position, e.Event)));
    }

    [Fact]
    public async Task NoMasterKeyConfigured_ReportWithPersonalData_503_AndNothingAppended()
    {
        await using var keyless = new DashboardFactory(RedisEventLogServerTests.RedisSettingsFor(redis));
        await keyless.WaitUntilReadyAsync(keyless.CreateClient());
        var count = await keyless.Log.CountWithoutAuditAsync();

        var exception = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => FileReportAsync(keyless, TestPersons.New(), TestEvents.ChaoyangVillage));

        Assert.Contains("MasterKey", exception.Message, StringComparison.Ordinal);
        Assert.Equal(count, await keyless.Log.CountWithoutAuditAsync());
    }
}
