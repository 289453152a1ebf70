using System.Diagnostics;
using System.Net;
using Lbc.Contracts;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// Sign-in lockout on a real Kestrel server, whose peer address is 127.0.0.1. Trusting that address as a proxy
/// lets X-Forwarded-For stand for clients at different addresses, as behind the compose stack's proxy.
/// </summary>
public sealed class LockoutTests : IAsyncLifetime
{
    private static readonly string s_officer = TestUsers.UsernameOf(Roles.PoliceDutyOfficer, "2101");
    private KestrelDashboard _server = null!;

    public async Task InitializeAsync() => _server = await KestrelDashboard.StartAsync(new Dictionary<string, string?>
    {
        ["Dashboard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["Dashboard:SignIn:UsernameSlowdownFailures"] = "8",
        ["Dashboard:SignIn:UsernameSlowdownSeconds"] = "1.5",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Lockout_OfAnOfficerFromOneAddress_DoesNotLockTheOfficerOutAtAnother()
    {
        using var client = _server.NewClient();
        for (var i = 0; i < 5; i++)
        {
            using var guess = await client.SendAsync(KestrelDashboard.Login(s_officer, "guess" + i, forwardedFor: "198.51.100.7"));
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using var attackerAgain = await client.SendAsync(KestrelDashboard.Login(s_officer, TestUsers.Password, forwardedFor: "198.51.100.7"));
        using var officer = await client.SendAsync(KestrelDashboard.Login(s_officer, TestUsers.Password, forwardedFor: "10.20.30.40"));

        Assert.Equal(HttpStatusCode.TooManyRequests, attackerAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, officer.StatusCode);
    }

    [Fact]
    public async Task Lockout_Answers429WithRetryAfter()
    {
        using var client = _server.NewClient();
        for (var i = 0; i < 5; i++)
        {
            (await client.SendAsync(KestrelDashboard.Login("nobody-" + i, "guess", forwardedFor: "198.51.100.8"))).Dispose();
        }
        for (var i = 0; i < 15; i++)
        {
            (await client.SendAsync(KestrelDashboard.Login("someone-" + i, "guess", forwardedFor: "198.51.100.8"))).Dispose();
        }

        // 20 failures from one address, each for another name: the address is locked for every name.
        using var locked = await client.SendAsync(KestrelDashboard.Login(s_officer, TestUsers.Password, forwardedFor: "198.51.100.8"));

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RateLimit_Answers429WithRetryAfter()
    {
        using var client = _server.NewClient();
        HttpResponseMessage? limited = null;
        // 30 requests a minute per address, whatever their outcome; the 31st is refused before any password check.
        for (var i = 0; i < 40 && limited is null; i++)
        {
            var response = await client.SendAsync(KestrelDashboard.Login("rate-" + i, "x", forwardedFor: "198.51.100.9"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.True(limited.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
        limited.Dispose();
    }

    [Fact]
    public async Task UsernameUnderADistributedAttack_IsSlowedButNeverLockedForItsOwner()
    {
        var username = TestUsers.UsernameOf(Roles.CivilAffairs, "2113");
        using var client = _server.NewClient();
        // Eight addresses, two guesses each: no single pair or address reaches its lockout.
        for (var i = 0; i < 8; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                using var guess = await client.SendAsync(KestrelDashboard.Login(username, $"guess{i}-{j}", forwardedFor: $"203.0.113.{i + 1}"));
                Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
            }
        }

        var clock = Stopwatch.StartNew();
        using var owner = await client.SendAsync(KestrelDashboard.Login(username, TestUsers.Password, forwardedFor: "10.1.1.1"));

        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.4), $"answered after {clock.Elapsed}, not slowed");
    }
}
