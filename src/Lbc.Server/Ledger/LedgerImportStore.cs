using System.Collections.Concurrent;
using System.Security.Cryptography;
using Lbc.Ledger.Preview;

namespace Lbc.Server.Ledger;

/// <summary>
/// The previews waiting for their commit, per user and for a limited time (<see cref="Lifetime"/>): one upload per user at a
/// time (a new upload replaces the user's earlier preview unless that one is committing), and at most <see cref="Capacity"/>
/// in all, since a 20,000-row preview holds some megabytes. An import lives on after its commit until it expires, so the
/// page can ask for the progress. In memory: a preview is the uploader's, on the instance that read the file (sticky
/// sessions, as the hub); after a restart the user uploads again, which is safe (docs/ledger-import.md, "Commit").
/// </summary>
public sealed class LedgerImportStore(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public const int Capacity = 16;

    private readonly ConcurrentDictionary<string, LedgerImport> _imports = new(StringComparer.Ordinal);

    /// <summary>Keeps a new preview for <paramref name="username"/>; null when the store is full of others' running imports.</summary>
    public LedgerImport? Add(string username, string jurisdiction, LedgerPreview preview, IReadOnlySet<string> confirmedThisQuarter)
    {
        Prune(username);
        if (_imports.Count >= Capacity)
        {
            return null;
        }
        // 128 random bits: the id is a capability only together with the uploader's session (every read checks the user).
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var import = new LedgerImport(id, username, jurisdiction, preview, time.GetUtcNow() + Lifetime, confirmedThisQuarter);
        _imports[id] = import;
        return import;
    }

    /// <summary>The user's import of that id, or null (unknown, expired, or another user's: the same answer).</summary>
    public LedgerImport? Find(string username, string importId)
    {
        Prune(null);
        return _imports.TryGetValue(importId, out var import) && string.Equals(import.Username, username, StringComparison.OrdinalIgnoreCase)
            ? import
            : null;
    }

    /// <summary>Drops expired imports (never a running commit), and <paramref name="replacing"/>'s uncommitted ones.</summary>
    private void Prune(string? replacing)
    {
        var now = time.GetUtcNow();
        foreach (var (id, import) in _imports)
        {
            if (import.IsRunning)
            {
                continue;
            }
            var replaced = replacing is not null && string.Equals(import.Username, replacing, StringComparison.OrdinalIgnoreCase) && !import.IsDone;
            if (replaced || import.ExpiresAt <= now)
            {
                _imports.TryRemove(id, out _);
            }
        }
    }
}
