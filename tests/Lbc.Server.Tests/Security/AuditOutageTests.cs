using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// The audit trail while the log is down (a real redis-server, killed and started again): requests are answered as
/// usual, their lines wait in the bounded queue, what does not fit is dropped and counted in <c>/healthz</c>, and the
/// waiting lines reach the log and the administrator's view once Redis is back.
/// </summary>
public sealed class AuditOutageTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const int QueueCapacity = 3;
    private DashboardFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await redis.StartAsync();
        _factory = new DashboardFactory(new Dictionary<string, string?>
        {
            ["Dashboard:EventLog"] = "Redis",
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Dashboard:Redis:HealthInterval"] = "00:00:00.200",
            ["Dashboard:Audit:QueueCapacity"] = QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dashboard:Audit:RetryInterval"] = "00:00:00.100",
        });
        await _factory.WaitUntilReadyAsync(_factory.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await redis.StartAsync();
    }

    [Fact]
    public async Task LogDown_RefusalsAnsweredAsUsual_LinesWaitBounded_DroppedCounted_AndTheRestArriveWhenItIsBack()
    {
        using var admin = await _factory.CreateClientAs(Roles.Administrator, "21");
        using var officer = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "2113");
        // Both sign-ins on the log first, so what waits below is the refusals alone.
        await AuditHealthAsync(admin, h => Figure(h, "written") >= 2);
        await redis.KillAsync();

        var probes = Enumerable.Range(0, 5).Select(i => $"R-OUTAGE-{i}-{Guid.NewGuid():n}").ToList();
        foreach (var probe in probes)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(CommandRoutes.CaseOf(probe))).StatusCode);
        }
        var during = await AuditHealthAsync(admin, h => h.Status == "unhealthy" && Figure(h, "dropped") + Figure(h, "waiting") == probes.Count);
        Assert.True(Figure(during, "dropped") >= probes.Count - QueueCapacity - 1, during.Description);

        await redis.StartAsync();

        var after = await AuditHealthAsync(admin, h => h.Status == "healthy" && Figure(h, "waiting") == 0 && Figure(h, "written") >= probes.Count - Figure(h, "dropped"));
        var kept = probes.Count - Figure(after, "dropped");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var page = (await admin.GetFromJsonAsync($"{AuditRoutes.Audit}?user={TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2113")}", ContractsJsonContext.Default.AuditPageDto))!;
            var seen = page.Entries.Where(e => e.Action == AuditRoutes.AccessRefused && probes.Contains(e.CaseId!)).ToList();
            if (seen.Count == kept)
            {
                // The first refusals are the ones kept: a full queue drops what comes last.
                Assert.Equal(probes.Take(kept).Reverse(), seen.Select(e => e.CaseId));
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{seen.Count} of {kept} waiting lines reached the trail");
            await Task.Delay(100);
        }
    }

    private static int Figure(AuditHealth health, string word)
    {
        var match = System.Text.RegularExpressions.Regex.Match(health.Description, @"(\d+) " + word);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    private static async Task<AuditHealth> AuditHealthAsync(HttpClient admin, Func<AuditHealth, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var health = JsonDocument.Parse(await admin.GetStringAsync(ApiRoutes.Health)).RootElement;
            var audit = health.GetProperty("components").GetProperty("audit");
            var current = new AuditHealth(audit.GetProperty("status").GetString()!, audit.GetProperty("description").GetString()!);
            if (done(current))
            {
                return current;
            }
            Assert.True(DateTime.UtcNow < deadline, $"audit health stayed {current}");
            await Task.Delay(100);
        }
    }

    private sealed record AuditHealth(string Status, string Description);
}
