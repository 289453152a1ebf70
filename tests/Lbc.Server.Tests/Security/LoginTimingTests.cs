using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Lbc.Contracts;
using Lbc.Server.Access;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// A wrong username must take as long as a wrong password. The accounts here are hashed at 600,000 PBKDF2
/// iterations (more than the tool's default), as a deployment may choose: if unknown usernames were checked
/// against a cheaper dummy hash, the fast answers would list which usernames do not exist.
/// </summary>
public sealed class LoginTimingTests : IAsyncLifetime
{
    private const int Samples = 7;
    private readonly DashboardFactory _factory = new(Settings());

    public async Task InitializeAsync() => await _factory.WaitUntilReadyAsync(_factory.CreateClient());

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Login_UnknownUsername_TakesAsLongAsAWrongPassword()
    {
        var known = TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "21");
        await TimeAsync("warm-up", "x");

        var wrongPassword = new List<double>();
        var unknownUser = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            wrongPassword.Add(await TimeAsync(known, "wrong-" + i));
            unknownUser.Add(await TimeAsync("nobody-" + i, TestUsers.Password));
        }

        var ratio = Median(unknownUser) / Median(wrongPassword);
        Assert.InRange(ratio, 0.6, 1.6);
    }

    private async Task<double> TimeAsync(string username, string password)
    {
        using var client = _factory.CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest(username, password), ContractsJsonContext.Default.LoginRequest),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return elapsed;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static Dictionary<string, string?> Settings()
    {
        var slowHash = PasswordHashing.Hash(TestUsers.Password, 600_000);
        var settings = new Dictionary<string, string?>
        {
            // Room for the samples: this test is about timing, not lockout.
            ["Dashboard:SignIn:MaxFailures"] = "1000",
            ["Dashboard:SignIn:AddressMaxFailures"] = "1000",
            ["Dashboard:SignIn:RequestsPerMinute"] = "1000",
        };
        foreach (var (key, _) in TestUsers.Settings().Where(s => s.Key.EndsWith(":PasswordHash", StringComparison.Ordinal)))
        {
            settings[key] = slowHash;
        }
        return settings;
    }
}
