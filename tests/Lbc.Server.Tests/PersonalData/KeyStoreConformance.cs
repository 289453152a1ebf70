using System.Security.Cryptography;
using Lbc.Server.PersonalData;
using StackExchange.Redis;

namespace Lbc.Server.Tests.PersonalData;

/// <summary>
/// The contract of <see cref="IPersonalKeyStore"/>: the embedded SQLite file and Redis run these same tests, so switching
/// the event log between them changes nothing a reveal, a retry or the retention job can notice.
/// </summary>
public abstract class KeyStoreConformance : IAsyncLifetime
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    protected IPersonalKeyStore Store { get; private set; } = null!;

    /// <summary>A fresh, empty store of its own.</summary>
    protected abstract Task<IPersonalKeyStore> CreateEmptyAsync();

    /// <summary>The same store after its process went away and came back (a restart of the server or of Redis).</summary>
    protected abstract Task<IPersonalKeyStore> ReopenAsync(IPersonalKeyStore store);

    public async Task InitializeAsync() => Store = await CreateEmptyAsync();

    public async Task DisposeAsync() => await Store.DisposeAsync();

    [Fact]
    public async Task GetOrAdd_NewSubject_KeepsTheCandidate_ALaterCandidateGetsTheSameKey()
    {
        var first = Key("child:C-1");

        var stored = await Store.GetOrAddAsync(first);
        var again = await Store.GetOrAddAsync(Key("child:C-1"));

        Assert.Equal((first.KeyId, first.Subject), (stored.KeyId, stored.Subject));
        Assert.Equal(first.Wrapped, stored.Wrapped);
        Assert.Equal(first.KeyId, again.KeyId);
        Assert.Equal(first.Wrapped, again.Wrapped);
        Assert.Equal(1, await Store.CountAsync());
    }

    [Fact]
    public async Task GetOrAdd_ManyCallersAtOnceForOneSubject_AllGetOneKey()
    {
        var candidates = Enumerable.Range(0, 16).Select(_ => Key("case:R-RACE")).ToList();

        var stored = await Task.WhenAll(candidates.Select(c => Task.Run(() => Store.GetOrAddAsync(c))));

        Assert.Single(stored.Select(s => s.KeyId).Distinct());
        Assert.Contains(candidates, c => c.KeyId == stored[0].KeyId);
        Assert.Equal(1, await Store.CountAsync());
    }

    [Fact]
    public async Task GetOrAddMany_ARequestsSubjects_NewOnesStored_KnownOnesKept_ATwiceNamedOneGetsOneKey_AnExpiringOneLiveAgain()
    {
        var known = await Store.GetOrAddAsync(Key("child:C-KNOWN"));
        var expiring = await Store.GetOrAddAsync(Key("child:C-EXPIRING"));
        Assert.True(await Store.SetExpiryAsync("child:C-EXPIRING", s_now.AddDays(1)));
        var candidates = new[] { Key("child:C-NEW"), Key("child:C-KNOWN"), Key("case:R-NEW"), Key("child:C-NEW"), Key("child:C-EXPIRING") };

        var stored = await Store.GetOrAddManyAsync(candidates);

        Assert.Equal(candidates.Select(c => c.Subject), stored.Select(s => s.Subject));
        Assert.Equal(candidates[0].KeyId, stored[0].KeyId);
        Assert.Equal(known.KeyId, stored[1].KeyId);
        Assert.Equal(candidates[2].KeyId, stored[2].KeyId);
        Assert.Equal(stored[0].KeyId, stored[3].KeyId);
        Assert.Equal(expiring.KeyId, stored[4].KeyId);
        Assert.Equal(4, await Store.CountAsync());
        // The expiring key is live again (new data depends on it): the retention job leaves it.
        Assert.Equal(0, await Store.ShredExpiredAsync(s_now.AddDays(2), 100));
        Assert.Equal(expiring.KeyId, (await Store.FindAsync(expiring.KeyId))?.KeyId);
    }

    [Fact]
    public async Task Find_ByKeyId_ReturnsTheKey_UnknownIsNull()
    {
        var key = await Store.GetOrAddAsync(Key("child:C-2"));

        var found = await Store.FindAsync(key.KeyId);

        Assert.Equal((key.KeyId, key.Subject), (found!.KeyId, found.Subject));
        Assert.Equal(key.Wrapped, found.Wrapped);
        Assert.Null(await Store.FindAsync(NewId()));
    }

    [Fact]
    public async Task Shred_DeletesExpiredKeysOnly_ThenTheSubjectGetsANewKey()
    {
        var expired = await Store.GetOrAddAsync(Key("case:R-OLD"));
        var later = await Store.GetOrAddAsync(Key("case:R-LATER"));
        var live = await Store.GetOrAddAsync(Key("child:C-LIVE"));
        Assert.True(await Store.SetExpiryAsync("case:R-OLD", s_now.AddSeconds(-1)));
        Assert.True(await Store.SetExpiryAsync("case:R-LATER", s_now.AddDays(1)));
        Assert.False(await Store.SetExpiryAsync("case:R-NONE", s_now));

        var shredded = await Store.ShredExpiredAsync(s_now, 100);

        Assert.Equal(1, shredded);
        Assert.Null(await Store.FindAsync(expired.KeyId));
        Assert.NotNull(await Store.FindAsync(later.KeyId));
        Assert.NotNull(await Store.FindAsync(live.KeyId));
        Assert.Equal(2, await Store.CountAsync());
        var replacement = await Store.GetOrAddAsync(Key("case:R-OLD"));
        Assert.NotEqual(expired.KeyId, replacement.KeyId);
        Assert.Equal(0, await Store.ShredExpiredAsync(s_now, 100));
    }

    [Fact]
    public async Task NewDataForAnExpiringSubject_OrExpiryCleared_KeepsItsKey()
    {
        var reused = await Store.GetOrAddAsync(Key("child:C-BACK"));
        var renewed = await Store.GetOrAddAsync(Key("child:C-RENEWED"));
        await Store.SetExpiryAsync("child:C-BACK", s_now.AddDays(-1));
        await Store.SetExpiryAsync("child:C-RENEWED", s_now.AddDays(-1));

        await Store.GetOrAddAsync(Key("child:C-BACK"));
        Assert.True(await Store.SetExpiryAsync("child:C-RENEWED", null));

        Assert.Equal(0, await Store.ShredExpiredAsync(s_now, 100));
        Assert.NotNull(await Store.FindAsync(reused.KeyId));
        Assert.NotNull(await Store.FindAsync(renewed.KeyId));
    }

    [Fact]
    public async Task Shred_AtMostMaxAtATime()
    {
        for (var i = 0; i < 7; i++)
        {
            await Store.GetOrAddAsync(Key($"case:R-{i}"));
            await Store.SetExpiryAsync($"case:R-{i}", s_now.AddMinutes(-i));
        }

        Assert.Equal(5, await Store.ShredExpiredAsync(s_now, 5));
        Assert.Equal(2, await Store.ShredExpiredAsync(s_now, 5));
        Assert.Equal(0, await Store.CountAsync());
    }

    [Fact]
    public async Task Keys_SurviveARestart_AndShreddedOnesStayGone()
    {
        var kept = await Store.GetOrAddAsync(Key("child:C-DURABLE"));
        var gone = await Store.GetOrAddAsync(Key("case:R-GONE"));
        await Store.SetExpiryAsync("case:R-GONE", s_now);
        await Store.ShredExpiredAsync(s_now, 10);

        Store = await ReopenAsync(Store);

        Assert.Equal(kept.Wrapped, (await Store.FindAsync(kept.KeyId))!.Wrapped);
        Assert.Null(await Store.FindAsync(gone.KeyId));
    }

    private static StoredKey Key(string subject) => new(NewId(), subject, RandomNumberGenerator.GetBytes(60));

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

public sealed class SqliteKeyStoreConformanceTests : KeyStoreConformance, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "lbc-keys-" + Guid.NewGuid().ToString("N"), "personal-keys.db");

    protected override async Task<IPersonalKeyStore> CreateEmptyAsync() => await SqlitePersonalKeyStore.OpenAsync(_path);

    protected override async Task<IPersonalKeyStore> ReopenAsync(IPersonalKeyStore store)
    {
        await store.DisposeAsync();
        return await SqlitePersonalKeyStore.OpenAsync(_path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>On a real redis-server (AOF always); each test has a hash tag of its own.</summary>
public sealed class RedisKeyStoreConformanceTests(RedisServerFixture redis) : KeyStoreConformance, IClassFixture<RedisServerFixture>
{
    private readonly string _tag = "lbc:test:" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _connection;

    protected override async Task<IPersonalKeyStore> CreateEmptyAsync()
    {
        await redis.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        return new RedisPersonalKeyStore(_connection, _tag);
    }

    protected override async Task<IPersonalKeyStore> ReopenAsync(IPersonalKeyStore store)
    {
        await store.DisposeAsync();
        await _connection!.DisposeAsync();
        await redis.RestartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        return new RedisPersonalKeyStore(_connection, _tag);
    }
}
