using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.Access;

/// <summary>Sign-in: who gets in, what the cookie looks like, and that nothing answers without it.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        _anonymous = _factory.CreateClient(new() { HandleCookies = false });
        await _factory.WaitUntilReadyAsync(_anonymous);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData(ApiRoutes.Snapshot)]
    [InlineData(AuthRoutes.Me)]
    [InlineData(ApiRoutes.Regions)]
    [InlineData(ApiRoutes.CountyBoundaries)]
    public async Task DashboardEndpoint_WithoutSignIn_401(string path)
    {
        var response = await _anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("openCases", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_WithoutSignIn_RefusesTheConnection()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _factory.ConnectHubAsync(cookie: null));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Hub_WithForgedCookie_RefusesTheConnection()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _factory.ConnectHubAsync("lbc.auth=forged"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task EveryEndpoint_RequiresTheDashboardPolicy_ExceptTheListedPublicOnes()
    {
        // Public on purpose: health for load balancers, sign-in itself, the app shell and its static files,
        // the producers' ingest endpoints, which check their own API keys, and the 404 answers for unknown paths.
        string[] open = [ApiRoutes.Health, AuthRoutes.Login, AuthRoutes.Logout, "/api/auth/sso", ApiRoutes.Events, ApiRoutes.Reports,
            "/api/{**path}", "/hubs/{**path}"];
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var unprotected = endpoints
            .Where(e => e.RoutePattern.RawText is { } route && (route.StartsWith("/api", StringComparison.Ordinal) || route.StartsWith("/hubs", StringComparison.Ordinal)))
            .Where(e => !open.Contains(e.RoutePattern.RawText))
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AccessSetup.DashboardPolicy))
            .Select(e => e.RoutePattern.RawText)
            .ToList();

        Assert.Empty(unprotected);
    }

    [Fact]
    public async Task Login_RightPassword_SetsAStrictHttpOnlyCookieAndMeDescribesTheUser()
    {
        var response = await LoginAsync(TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "210123"), TestUsers.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var client = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "210123");
        var me = await client.GetFromJsonAsync(AuthRoutes.Me, ContractsJsonContext.Default.UserInfo);
        Assert.Equal(new UserInfo("police_duty_officer@210123", "police_duty_officer 210123", Roles.PoliceDutyOfficer, "210123", "康平县"), me);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_SameGenericAnswer()
    {
        var wrongPassword = await LoginAsync(TestUsers.UsernameOf(Roles.CivilAffairs, "21"), "nope");
        var unknownUser = await LoginAsync("nobody@21", TestUsers.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal(Title(await wrongPassword.Content.ReadAsStringAsync()), Title(await unknownUser.Content.ReadAsStringAsync()));
        Assert.False(wrongPassword.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_AfterRepeatedFailures_LockedOutEvenWithTheRightPassword()
    {
        var username = TestUsers.UsernameOf(Roles.Administrator, "2113");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(username, "guess" + i)).StatusCode);
        }

        var response = await LoginAsync(username, TestUsers.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_WithoutTheRequestedWithHeader_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest(TestUsers.UsernameOf(Roles.CivilAffairs, "21"), TestUsers.Password), ContractsJsonContext.Default.LoginRequest),
        };

        var response = await _anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Logout_ClearsTheCookie()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Logout);
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        request.Headers.Add("Cookie", await _factory.SignInAsync(Roles.CivilAffairs, "21"));

        var response = await _anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lbc.auth=;", StringComparison.Ordinal));
    }

    [Fact]
    public void PasswordHashing_Pbkdf2AndIdentityFormats_Verify()
    {
        var pbkdf2 = PasswordHashing.Hash("s3cret", 100_000);
        var identity = new PasswordHasher<object>().HashPassword(new object(), "s3cret");

        Assert.StartsWith("pbkdf2$100000$", pbkdf2, StringComparison.Ordinal);
        Assert.True(PasswordHashing.Verify("s3cret", pbkdf2));
        Assert.False(PasswordHashing.Verify("S3cret", pbkdf2));
        Assert.True(PasswordHashing.Verify("s3cret", identity));
        Assert.False(PasswordHashing.Verify("s3cret!", identity));
        Assert.False(PasswordHashing.Verify("s3cret", "pbkdf2$10$AAAA$AAAA"));
        Assert.NotEqual(pbkdf2, PasswordHashing.Hash("s3cret", 100_000));
    }

    private async Task<HttpResponseMessage> LoginAsync(string username, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest(username, password), ContractsJsonContext.Default.LoginRequest),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        return await _anonymous.SendAsync(request);
    }

    private static string? Title(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("title").GetString();
}
