using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Lbc.Domain.Personal;

namespace Lbc.Server.PersonalData;

/// <summary>
/// Seals and opens personal data with AES-256-GCM. Each subject (a child, or a case without one) has its own random data
/// key, stored only wrapped by the <see cref="MasterKey"/> (AES-GCM, bound to the key id and subject) in the
/// <see cref="IPersonalKeyStore"/>. A blob is <c>lbc-pd1.&lt;key id&gt;.&lt;base64url(nonce | ciphertext | tag)&gt;</c>, its
/// authenticated data the key id and subject, so a blob copied onto another case does not open there.
/// </summary>
/// <remarks>
/// The nonce is derived (HMAC-SHA256 of the subject and plaintext under the data key, first 12 bytes) rather than random:
/// the same record sealed twice gives the same bytes, so a producer's retry is a redelivery (same content hash), not an id
/// conflict. Distinct plaintexts get distinct nonces, which is all GCM needs; equal records of one subject are seen to be
/// equal, which tells nothing.
/// </remarks>
public sealed class PersonalSealer(MasterKeySource masterKey, IPersonalKeyStore store)
{
    private MasterKey Master => masterKey.Key
        ?? throw new KeyStoreUnavailableException("Dashboard:PersonalData:MasterKey is not configured on this instance");

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int DataKeySize = 32;

    public IPersonalKeyStore Store => store;

    /// <summary>Seals <paramref name="plaintext"/> under <paramref name="subject"/>'s key (created on first use).</summary>
    public async Task<string> SealAsync(string subject, byte[] plaintext, CancellationToken cancellationToken) =>
        (await SealManyAsync([(subject, plaintext)], cancellationToken))[0];

    /// <summary>
    /// Seals each plaintext under its subject's key; the keys the request needs are fetched or created in one call to the
    /// store (one durable write for all new children of a request).
    /// </summary>
    public async Task<IReadOnlyList<string>> SealManyAsync(IReadOnlyList<(string Subject, byte[] Plaintext)> items, CancellationToken cancellationToken)
    {
        _ = Master; // no key made without a master key to wrap it
        var candidates = items.Select(item => Candidate(item.Subject)).ToList();
        var keys = await store.GetOrAddManyAsync(candidates, cancellationToken);
        var sealedTexts = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            sealedTexts[i] = Seal(keys[i], items[i].Subject, items[i].Plaintext);
        }
        return sealedTexts;
    }

    /// <summary>A fresh data key for the subject, wrapped, in case it has none yet.</summary>
    private StoredKey Candidate(string subject)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PersonalVocabulary.KeyIdLength / 2));
        var fresh = RandomNumberGenerator.GetBytes(DataKeySize);
        try
        {
            return new StoredKey(keyId, subject, Wrap(keyId, subject, fresh));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fresh);
        }
    }

    private string Seal(StoredKey stored, string subject, byte[] plaintext)
    {
        var dataKey = Unwrap(stored);
        try
        {
            var nonce = DeriveNonce(dataKey, subject, plaintext);
            var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
            nonce.CopyTo(sealedBytes, 0);
            using (var aes = new AesGcm(dataKey, TagSize))
            {
                aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length),
                    sealedBytes.AsSpan(NonceSize + plaintext.Length), BlobAad(stored.KeyId, subject));
            }
            return PersonalVocabulary.SealedPrefix + stored.KeyId + "." + Base64Url.EncodeToString(sealedBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Opens a blob sealed for <paramref name="subject"/>: the plaintext, or why not.</summary>
    public async Task<Opened> OpenAsync(string sealedText, string subject, CancellationToken cancellationToken)
    {
        if (PersonalVocabulary.KeyIdOf(sealedText) is not { } keyId)
        {
            return new Opened(OpenStatus.Unreadable, null);
        }
        var stored = await store.FindAsync(keyId, cancellationToken);
        if (stored is null)
        {
            return new Opened(OpenStatus.Erased, null);
        }
        if (stored.Subject != subject)
        {
            return new Opened(OpenStatus.Unreadable, null);
        }
        var sealedBytes = Base64Url.DecodeFromChars(sealedText.AsSpan(PersonalVocabulary.SealedPrefix.Length + keyId.Length + 1));
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            return new Opened(OpenStatus.Unreadable, null);
        }
        var dataKey = Unwrap(stored);
        try
        {
            var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plaintext.Length),
                sealedBytes.AsSpan(NonceSize + plaintext.Length), plaintext, BlobAad(keyId, subject));
            return new Opened(OpenStatus.Opened, plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return new Opened(OpenStatus.Unreadable, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private byte[] Wrap(string keyId, string subject, byte[] dataKey)
    {
        var wrapped = new byte[NonceSize + DataKeySize + TagSize];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        using var aes = new AesGcm(Master.Bytes, TagSize);
        aes.Encrypt(wrapped.AsSpan(0, NonceSize), dataKey, wrapped.AsSpan(NonceSize, DataKeySize), wrapped.AsSpan(NonceSize + DataKeySize),
            WrapAad(keyId, subject));
        return wrapped;
    }

    private byte[] Unwrap(StoredKey stored)
    {
        var dataKey = new byte[DataKeySize];
        using var aes = new AesGcm(Master.Bytes, TagSize);
        // A wrong master key (another instance's, a typo) fails here, loudly: it is a configuration error, not "erased".
        aes.Decrypt(stored.Wrapped.AsSpan(0, NonceSize), stored.Wrapped.AsSpan(NonceSize, DataKeySize),
            stored.Wrapped.AsSpan(NonceSize + DataKeySize), dataKey, WrapAad(stored.KeyId, stored.Subject));
        return dataKey;
    }

    private static byte[] DeriveNonce(byte[] dataKey, string subject, byte[] plaintext)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, dataKey);
        hmac.AppendData("lbc-pd1 nonce\0"u8);
        hmac.AppendData(Encoding.UTF8.GetBytes(subject));
        hmac.AppendData("\0"u8);
        hmac.AppendData(plaintext);
        return hmac.GetHashAndReset()[..NonceSize];
    }

    private static byte[] BlobAad(string keyId, string subject) => Encoding.UTF8.GetBytes($"lbc-pd1|{keyId}|{subject}");

    private static byte[] WrapAad(string keyId, string subject) => Encoding.UTF8.GetBytes($"lbc-pk1|{keyId}|{subject}");
}

public enum OpenStatus
{
    Opened,

    /// <summary>The key was shredded (retention ended): the blob stays on the log and can never be opened.</summary>
    Erased,

    /// <summary>Not a blob of this subject, or altered.</summary>
    Unreadable,
}

public sealed record Opened(OpenStatus Status, byte[]? Plaintext);

/// <summary>The master key of this instance, or none (Redis without <c>Dashboard:PersonalData:MasterKey</c>).</summary>
public sealed record MasterKeySource(MasterKey? Key);
