using System.Collections.Concurrent;
using Lbc.Domain.Events;
using Lbc.EventLog;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lbc.Server.Tests.Commands;

/// <summary>
/// One dashboard server shared by the tests of a class (each test files its own cases, so they do not meet), with
/// one sign-in per test account: the sign-in rate limit (30 a minute from one address) would refuse a test per login.
/// </summary>
public abstract class CommandServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public DashboardFactory Factory { get; private set; } = null!;

    public IEventLog Log => Factory.Log;

    /// <summary>Which log the server runs on: what the suite's class name says.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> SettingsAsync();

    public async Task InitializeAsync()
    {
        Factory = new DashboardFactory(await SettingsAsync());
        await Factory.WaitUntilReadyAsync(Factory.CreateClient());
    }

    public virtual async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>The sign-in cookie of the test account <c>role@jurisdiction</c>, signed in once.</summary>
    public async Task<string> CookieAsync(string role, string jurisdiction)
    {
        var key = TestUsers.UsernameOf(role, jurisdiction);
        if (!_cookies.TryGetValue(key, out var cookie))
        {
            cookie = _cookies.GetOrAdd(key, await Factory.SignInAsync(role, jurisdiction));
        }
        return cookie;
    }

    /// <summary>An HTTP client of the test account <c>role@jurisdiction</c> (no X-Requested-With: each POST says it).</summary>
    public async Task<HttpClient> ClientAsync(string role, string jurisdiction)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", await CookieAsync(role, jurisdiction));
        return client;
    }

    /// <summary>Every event on the log, read as any other reader of the log would.</summary>
    public async Task<IReadOnlyList<RawEvent>> ReadLogAsync()
    {
        var all = new List<RawEvent>();
        var after = LogPosition.Start;
        while (true)
        {
            var page = await Log.ReadAfterAsync(after, 1000);
            if (page.Count == 0)
            {
                return all;
            }
            all.AddRange(page.Select(e => e.Event));
            after = page[^1].Position;
        }
    }
}

/// <summary>The embedded default: a SQLite log in a temp folder.</summary>
public sealed class SqliteCommandServer : CommandServer
{
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}

/// <summary>The production log: a real redis-server of its own (loopback, AOF always).</summary>
public sealed class RedisCommandServer : CommandServer
{
    private readonly RedisServerFixture _redis = new();

    public RedisServerFixture Redis => _redis;

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        await _redis.InitializeAsync();
        return RedisEventLogServerTests.RedisSettingsFor(_redis);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
