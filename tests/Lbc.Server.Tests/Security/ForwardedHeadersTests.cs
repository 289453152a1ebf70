using System.Net;
using Lbc.Contracts;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from a configured proxy. From anyone else they are a
/// client's own claim: believing them would let an attacker pick a fresh address for every guess, or make the
/// server think a plain-HTTP request was HTTPS.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static readonly string s_officer = TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2113");

    [Fact]
    public async Task UntrustedPeer_RotatingXForwardedFor_StillLockedOutByItsRealAddress()
    {
        // No KnownProxies / KnownNetworks: the default trusts nobody, loopback included.
        await using var server = await KestrelDashboard.StartAsync();
        using var client = server.NewClient();
        for (var i = 0; i < 5; i++)
        {
            using var guess = await client.SendAsync(KestrelDashboard.Login(s_officer, "guess" + i, forwardedFor: $"203.0.113.{i + 1}"));
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using var sixth = await client.SendAsync(KestrelDashboard.Login(s_officer, TestUsers.Password, forwardedFor: "203.0.113.99"));

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
    }

    [Fact]
    public async Task UntrustedPeer_XForwardedProtoHttps_DoesNotMakeTheRequestHttps()
    {
        await using var server = await KestrelDashboard.StartAsync();
        using var client = server.NewClient();
        using var login = KestrelDashboard.Login(s_officer, TestUsers.Password);
        login.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(login);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", AuthCookie(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TrustedProxy_ForwardedHttps_CookieIsSecureAndHstsIsSent()
    {
        await using var server = await KestrelDashboard.StartAsync(new Dictionary<string, string?>
        {
            ["Dashboard:ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8",
        });
        using var client = server.NewClient();
        using var login = KestrelDashboard.Login(s_officer, TestUsers.Password, forwardedFor: "10.9.8.7");
        login.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(login);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("secure", AuthCookie(response), StringComparison.OrdinalIgnoreCase);
    }

    private static string AuthCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
}
