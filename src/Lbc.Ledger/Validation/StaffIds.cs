using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lbc.Ledger.Validation;

/// <summary>
/// Stable, non-personal ids for the staff a ledger names (结对教师, 走访人): the events need a teacher_id and a
/// visitor_id, never a name. The id is a hash of the township and the normalised name, so the same teacher gets
/// the same id in every quarter's import.
/// <para>
/// Without a key the hash is plain SHA-256, which anyone holding a list of a county's teachers can reverse by
/// trying every name. A deployment should pass a secret key (kept with the personal-data keys, not in the log):
/// the ids are then HMAC-SHA256 and cannot be recomputed without it. Changing the key changes every id.
/// </para>
/// </summary>
public sealed class StaffIds(byte[]? key = null)
{
    /// <summary>An unkeyed instance (see the remarks on reversibility).</summary>
    public static StaffIds Unkeyed { get; } = new();

    private readonly byte[]? _key = key is null ? null : [.. key];

    /// <summary>The paired teacher's id: <c>T-{township}-{16 hex}</c>.</summary>
    public string Teacher(string townshipCode, string name) => Make("T", townshipCode, name);

    /// <summary>The visitor's id: <c>V-{township}-{16 hex}</c>; <c>V-{township}-ledger</c> when the ledger names nobody.</summary>
    public string Visitor(string townshipCode, string? name) =>
        string.IsNullOrWhiteSpace(name) ? $"V-{townshipCode}-ledger" : Make("V", townshipCode, name);

    private string Make(string prefix, string townshipCode, string name)
    {
        // "张 三" and "张三", full-width and half-width letters: one person.
        var normalised = string.Concat(name.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)));
        var input = Encoding.UTF8.GetBytes($"{prefix}|{townshipCode}|{normalised}");
        var hash = _key is null ? SHA256.HashData(input) : HMACSHA256.HashData(_key, input);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{townshipCode}-{Convert.ToHexStringLower(hash.AsSpan(0, 8))}");
    }
}
