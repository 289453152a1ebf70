using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lbc.Ledger.Preview;
using Lbc.Ledger.Validation;

namespace Lbc.Ledger.Commit;

/// <summary>
/// Event ids made from what the events say, so the same file against the same ledger gives the same ids: a retried
/// or repeated import appends nothing new (the projection applies an id once). The form is
/// <c>ledger:{township}:{quarter}:{hash}:{kind}</c>; the hash (SHA-256, first 128 bits) covers the event's content
/// and, for registrations and updates, the record it replaces, so changing a record back later is a new event.
/// Only non-personal values are hashed: teacher and visitor enter as their pseudonymous ids.
/// </summary>
internal static class LedgerEventIds
{
    public static string For(string township, LedgerQuarter quarter, string kind, params ReadOnlySpan<string?> parts)
    {
        var text = new StringBuilder(kind);
        foreach (var part in parts)
        {
            text.Append('\u001f').Append(part ?? "\u2205");
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return string.Create(CultureInfo.InvariantCulture, $"ledger:{township}:{quarter}:{Convert.ToHexStringLower(hash.AsSpan(0, 16))}:{kind}");
    }

    public static string Submitted(string township, LedgerQuarter quarter) =>
        string.Create(CultureInfo.InvariantCulture, $"ledger:{township}:{quarter}:submitted");

    /// <summary>The record fields of a row as one string (what child.registered / child.updated state).</summary>
    public static string Core(LedgerRecord r) => string.Join('|', r.ChildId, r.VillageCode, Day(r.BirthDate), r.Kind, r.Guardian);

    /// <summary>Everything the command center knew of the child before this import, or "none".</summary>
    public static string Prior(LedgerBaselineRecord? b) => b is null
        ? "none"
        : string.Join('|', b.ChildId, b.VillageCode, Day(b.BirthDate), b.Kind, b.Guardian, b.Paired, b.DropoutOpen,
            b.LastVisit is DateOnly v ? Day(v) : "", b.Active);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
