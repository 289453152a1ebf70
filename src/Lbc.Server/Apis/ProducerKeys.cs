using System.Security.Cryptography;
using System.Text;
using Lbc.Domain.Regions;
using Microsoft.Extensions.Primitives;

namespace Lbc.Server.Apis;

/// <summary>
/// The producers allowed to post to the ingest API, each with its own key (<c>X-Api-Key</c>). Configured as
/// <c>Dashboard:Producers:&lt;id&gt;:KeyHash</c> (SHA-256 of the key, hex) so the server's configuration never
/// holds a usable key; a plain <c>:Key</c> is accepted only in Development (the documented demo producer).
/// Keys are never logged. Each producer may be limited to event types (<c>:Types</c>, comma-separated) and to regions
/// (<c>:Regions</c>, region codes an event's place must lie in); <c>:Disabled=true</c> or removing the entry revokes the
/// key. The list is re-read whenever the configuration reloads, so a key is revoked without a restart.
/// </summary>
public sealed class ProducerKeys
{
    public const string HeaderName = "X-Api-Key";
    public const string Section = "Dashboard:Producers";

    private volatile Producer[] _producers;

    public ProducerKeys(IEnumerable<(string Id, byte[] Hash)> producers)
    {
        _producers = [.. producers.Select(p => new Producer(p.Id, p.Hash, null, null))];
    }

    private ProducerKeys(Producer[] producers)
    {
        _producers = producers;
    }

    public int Count => _producers.Length;

    /// <summary>Reads the producers now and again at every configuration reload (a file changed, a secret rotated).</summary>
    public static ProducerKeys Watching(IConfiguration configuration, bool isDevelopment, ILogger logger)
    {
        var keys = new ProducerKeys(Read(configuration, isDevelopment));
        ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            try
            {
                keys._producers = Read(configuration, isDevelopment);
                logger.LogInformation("Producer keys reloaded: {Count} producers", keys._producers.Length);
            }
            catch (InvalidOperationException ex)
            {
                // A broken edit keeps the last good list rather than letting every producer in, or none.
                logger.LogError("Producer keys not reloaded: {Problem}", ex.Message);
            }
        });
        return keys;
    }

    /// <summary>Reads the producers from configuration; a plain key outside Development or a malformed hash stops the start.</summary>
    public static ProducerKeys FromConfiguration(IConfiguration configuration, bool isDevelopment) =>
        new(Read(configuration, isDevelopment));

    private static Producer[] Read(IConfiguration configuration, bool isDevelopment)
    {
        var producers = new List<Producer>();
        foreach (var producer in configuration.GetSection(Section).GetChildren())
        {
            if (string.Equals(producer["Disabled"], "true", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var types = List(producer["Types"]);
            var regions = List(producer["Regions"]);
            if (regions?.FirstOrDefault(r => RegionCodes.LevelOf(r) is null or RegionLevel.Village) is { } bad)
            {
                throw new InvalidOperationException($"{Section}:{producer.Key}:Regions: '{bad}' is not a province, city, county or township code.");
            }
            var hashHex = producer["KeyHash"];
            var plain = producer["Key"];
            if (!string.IsNullOrEmpty(hashHex))
            {
                byte[] hash;
                try
                {
                    hash = Convert.FromHexString(hashHex.Trim());
                }
                catch (FormatException)
                {
                    hash = [];
                }
                if (hash.Length != SHA256.HashSizeInBytes)
                {
                    throw new InvalidOperationException($"{Section}:{producer.Key}:KeyHash must be the SHA-256 of the key in hex (64 characters).");
                }
                producers.Add(new Producer(producer.Key, hash, types, regions));
            }
            else if (!string.IsNullOrEmpty(plain))
            {
                if (!isDevelopment)
                {
                    // A plain key in production configuration is a leaked key waiting to happen: refuse to start.
                    throw new InvalidOperationException(
                        $"{Section}:{producer.Key}:Key (a plain key) is allowed only in Development; configure :KeyHash (SHA-256 hex) instead.");
                }
                producers.Add(new Producer(producer.Key, Hash(plain), types, regions));
            }
        }
        return [.. producers];
    }

    private static IReadOnlySet<string>? List(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The id of the producer holding <paramref name="presentedKey"/>, or null. Compares against every
    /// producer in constant time so the answer's timing tells nothing about how close a guess was.
    /// </summary>
    public string? Authenticate(string? presentedKey) => Find(presentedKey)?.Id;

    /// <summary>The producer holding <paramref name="presentedKey"/> with what it may send, or null.</summary>
    public Producer? Find(string? presentedKey)
    {
        if (string.IsNullOrEmpty(presentedKey))
        {
            return null;
        }
        var presented = Hash(presentedKey);
        Producer? match = null;
        foreach (var producer in _producers)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, producer.Hash))
            {
                match ??= producer;
            }
        }
        return match;
    }

    /// <summary>SHA-256 of a key's UTF-8 bytes, as configured in <c>KeyHash</c>.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));
}

/// <summary>A producer and what its key may send: these event types only, and about places in these regions only (null: any).</summary>
public sealed record Producer(string Id, byte[] Hash, IReadOnlySet<string>? Types, IReadOnlySet<string>? Regions)
{
    public bool MaySend(string type) => Types is null || Types.Contains(type);

    public bool MaySendAbout(string regionCode) => Regions is null || Regions.Any(r => RegionCodes.Contains(r, regionCode));
}
