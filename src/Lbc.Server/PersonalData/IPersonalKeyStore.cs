namespace Lbc.Server.PersonalData;

/// <summary>
/// Where the data keys of personal data live, apart from the event log: one key per subject (a child, or a case whose child
/// is unknown), stored only wrapped by the master key. Deleting a key is crypto-shredding: every copy of the log keeps its
/// sealed blobs, and none can be opened again. Every implementation passes one conformance suite
/// (tests/Lbc.Server.Tests/PersonalData/KeyStoreConformance.cs): the embedded SQLite file and Redis.
/// </summary>
public interface IPersonalKeyStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "redis", for health and logs.</summary>
    string Kind { get; }

    /// <summary>
    /// The subject's key: the one it has (which is then live again, its expiry cleared: new data depends on it), or
    /// <paramref name="candidate"/> stored as its key. Atomic: two instances sealing for one subject at once get one key.
    /// Durable when it returns (the sealed event goes to the log after it).
    /// </summary>
    Task<StoredKey> GetOrAddAsync(StoredKey candidate, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="GetOrAddAsync"/> for each candidate, in order (a subject named twice gets one key), made durable
    /// together: one disk sync or one round of calls for a whole request, instead of one per new child.
    /// </summary>
    Task<IReadOnlyList<StoredKey>> GetOrAddManyAsync(IReadOnlyList<StoredKey> candidates, CancellationToken cancellationToken = default);

    /// <summary>The key of that id, or null when it never existed or was shredded.</summary>
    Task<StoredKey?> FindAsync(string keyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The subject's key expires at <paramref name="at"/> (its retention started), or never (null: new data depends on it
    /// again); false when the subject has no key.
    /// </summary>
    Task<bool> SetExpiryAsync(string subject, DateTimeOffset? at, CancellationToken cancellationToken = default);

    /// <summary>Deletes up to <paramref name="max"/> keys whose expiry is at or before <paramref name="now"/>; how many.</summary>
    Task<int> ShredExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Keys held.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>A data key as stored: its id (in every blob it sealed), its subject, and the key wrapped by the master key.</summary>
public sealed record StoredKey(string KeyId, string Subject, byte[] Wrapped);

/// <summary>The key store cannot be reached: nothing is sealed (ingest 503) or revealed (503) meanwhile.</summary>
public sealed class KeyStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
