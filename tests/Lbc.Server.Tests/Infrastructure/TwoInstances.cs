using Microsoft.AspNetCore.Mvc.Testing;

namespace Lbc.Server.Tests.Infrastructure;

/// <summary>
/// Two dashboard instances on one real redis-server (event log, SignalR backplane, sessions): what a user meets behind
/// a load balancer, where the next request or the live connection may well reach the other instance.
/// </summary>
public abstract class TwoInstances(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    protected DashboardFactory First { get; private set; } = null!;

    protected DashboardFactory Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await redis.StartAsync();
        First = new DashboardFactory(RedisEventLogServerTests.RedisSettingsFor(redis));
        Second = new DashboardFactory(RedisEventLogServerTests.RedisSettingsFor(redis));
        await First.WaitUntilReadyAsync(First.CreateClient());
        await Second.WaitUntilReadyAsync(Second.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }

    /// <summary>An HTTP client of the test account <c>role@jurisdiction</c> on that instance (its own cookie, no container).</summary>
    protected static async Task<HttpClient> SignedInClientAsync(DashboardFactory instance, string role, string jurisdiction)
    {
        var client = instance.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", await instance.SignInAsync(role, jurisdiction));
        return client;
    }
}
