using System.Security.Cryptography;
using System.Text;

namespace Lbc.Server.Apis;

/// <summary>
/// The producers allowed to post to the ingest API, each with its own key (<c>X-Api-Key</c>). Configured as
/// <c>Dashboard:Producers:&lt;id&gt;:KeyHash</c> (SHA-256 of the key, hex) so the server's configuration never
/// holds a usable key; a plain <c>:Key</c> is accepted only in Development (the documented demo producer).
/// Keys are never logged.
/// </summary>
public sealed class ProducerKeys
{
    public const string HeaderName = "X-Api-Key";
    public const string Section = "Dashboard:Producers";

    private readonly (string Id, byte[] Hash)[] _producers;

    public ProducerKeys(IEnumerable<(string Id, byte[] Hash)> producers)
    {
        _producers = [.. producers];
    }

    public int Count => _producers.Length;

    /// <summary>Reads the producers from configuration; a plain key outside Development or a malformed hash stops the start.</summary>
    public static ProducerKeys FromConfiguration(IConfiguration configuration, bool isDevelopment)
    {
        var producers = new List<(string, byte[])>();
        foreach (var producer in configuration.GetSection(Section).GetChildren())
        {
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
                producers.Add((producer.Key, hash));
            }
            else if (!string.IsNullOrEmpty(plain))
            {
                if (!isDevelopment)
                {
                    // A plain key in production configuration is a leaked key waiting to happen: refuse to start.
                    throw new InvalidOperationException(
                        $"{Section}:{producer.Key}:Key (a plain key) is allowed only in Development; configure :KeyHash (SHA-256 hex) instead.");
                }
                producers.Add((producer.Key, Hash(plain)));
            }
        }
        return new ProducerKeys(producers);
    }

    /// <summary>
    /// The id of the producer holding <paramref name="presentedKey"/>, or null. Compares against every
    /// producer in constant time so the answer's timing tells nothing about how close a guess was.
    /// </summary>
    public string? Authenticate(string? presentedKey)
    {
        if (string.IsNullOrEmpty(presentedKey))
        {
            return null;
        }
        var presented = Hash(presentedKey);
        string? match = null;
        foreach (var (id, hash) in _producers)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                match ??= id;
            }
        }
        return match;
    }

    /// <summary>SHA-256 of a key's UTF-8 bytes, as configured in <c>KeyHash</c>.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));
}
