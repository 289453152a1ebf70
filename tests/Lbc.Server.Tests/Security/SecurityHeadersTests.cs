using System.Net;
using System.Text.RegularExpressions;
using Lbc.Contracts;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// The headers a browser enforces, on every kind of response: the app's page, an API answer, a static file, an
/// error. Without them a script injected anywhere could load code from elsewhere, the dashboard could be framed
/// for clickjacking, and case data could stay in a shared browser's cache after sign-out.
/// </summary>
public sealed partial class SecurityHeadersTests : IAsyncLifetime
{
    private const string TileUrl = "https://t{s}.tianditu.gov.cn/vec_w/wmts?layer=vec&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=SECRET-TILE-KEY";
    private readonly DashboardFactory _factory = new(new Dictionary<string, string?> { ["Dashboard:Map:TileUrl"] = TileUrl });
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        _anonymous = _factory.CreateClient(new() { HandleCookies = false });
        await _factory.WaitUntilReadyAsync(_anonymous);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/cases/R-1")]
    [InlineData("/js/early.js")]
    [InlineData("/css/app.css")]
    [InlineData(ApiRoutes.Health)]
    [InlineData(ApiRoutes.Snapshot)]
    [InlineData("/api/no-such-thing")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var response = await _anonymous.GetAsync(path);

        AssertSecurityHeaders(response);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    [Fact]
    public async Task ApiData_SignedIn_HeadersAndNoStore()
    {
        using var client = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "2101");

        using var response = await client.GetAsync(ApiRoutes.Snapshot);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
        Assert.True(response.Headers.CacheControl?.NoStore, "case data may be cached");
    }

    [Theory]
    [InlineData(ApiRoutes.Health)]
    [InlineData(AuthRoutes.Me)]
    [InlineData(ApiRoutes.Regions)]
    public async Task ApiAndHealth_NeverCached(string path)
    {
        using var response = await _anonymous.GetAsync(path);

        Assert.True(response.Headers.CacheControl?.NoStore, $"{path} may be cached");
    }

    [Fact]
    public async Task Csp_AllowsOnlyWhatTheBlazorAppNeeds_AndTheTileServerWithoutItsKey()
    {
        using var response = await _anonymous.GetAsync("/");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval';", csp, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: https://*.tianditu.gov.cn;", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval'", csp.Replace("'wasm-unsafe-eval'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-TILE-KEY", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppPage_HasNoInlineScript_SoTheCspDoesNotBreakIt()
    {
        var html = await _anonymous.GetStringAsync("/");

        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains(" src=", tag, StringComparison.Ordinal));
        Assert.DoesNotContain(" on", string.Join(' ', HtmlTag().Matches(html).Select(m => m.Groups[1].Value)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OverHttps_Hsts()
    {
        using var https = _factory.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });

        using var response = await https.GetAsync("/");

        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    /// <summary>Attribute parts of every tag, to find inline event handlers (onclick=…), which a CSP blocks too.</summary>
    [GeneratedRegex(@"<\w+(\s[^>]*)>")]
    private static partial Regex HtmlTag();
}
