using System.Buffers.Text;
using Lbc.Domain.Events;

namespace Lbc.Domain.Personal;

/// <summary>A child's age, coarse enough to show in lists and keep on the log in plain (it names no one).</summary>
public enum AgeBand : byte
{
    Under6,
    From6To11,
    From12To15,
    From16,
}

/// <summary>
/// What the domain knows of personal data: only that it exists, sealed (<c>personal_sealed</c>), and the plain facts that
/// are not personal (the age band, the optional surname mask). It never sees or parses the sealed content: the server
/// seals before the log and opens only for an audited reveal (docs/security.md, "Personal data").
/// </summary>
public static class PersonalVocabulary
{
    /// <summary>Every sealed blob starts with this (format version 1): <c>lbc-pd1.&lt;key id&gt;.&lt;base64url&gt;</c>.</summary>
    public const string SealedPrefix = "lbc-pd1.";

    public const int MaxSealedLength = 16 * 1024;

    /// <summary>A key id: 32 lower-case hex digits (128 random bits).</summary>
    public const int KeyIdLength = 32;

    /// <summary>The surname mask (<c>王＊</c>): a surname of one or two characters and the full-width asterisk.</summary>
    public const int MaxMaskLength = 8;

    public const string MaskMark = "＊";

    public static Vocabulary<AgeBand> AgeBands { get; } = new(
        ("under_6", AgeBand.Under6),
        ("6_to_11", AgeBand.From6To11),
        ("12_to_15", AgeBand.From12To15),
        ("16_and_over", AgeBand.From16));

    /// <summary>
    /// Whose key seals a record: the child's when the ledger id is known (one key for everything about the child, shredded
    /// when their retention ends), otherwise the case's (an unidentified child).
    /// </summary>
    public static string SubjectOf(string? childId, string reportId) => childId is not null ? "child:" + childId : "case:" + reportId;

    /// <summary>The band of a child born on <paramref name="birth"/>, on the day <paramref name="on"/> (whole years).</summary>
    public static AgeBand BandOf(DateOnly birth, DateOnly on)
    {
        var years = on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
        return years switch
        {
            < 6 => AgeBand.Under6,
            < 12 => AgeBand.From6To11,
            < 16 => AgeBand.From12To15,
            _ => AgeBand.From16,
        };
    }

    /// <summary>The key id of a well-formed sealed blob, or null when it is not one (the content is never looked at).</summary>
    public static string? KeyIdOf(string sealedText)
    {
        if (sealedText.Length > MaxSealedLength || !sealedText.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = sealedText.AsSpan(SealedPrefix.Length);
        if (rest.Length < KeyIdLength + 2 || rest[KeyIdLength] != '.')
        {
            return null;
        }
        var keyId = rest[..KeyIdLength];
        foreach (var c in keyId)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return null;
            }
        }
        return Base64Url.IsValid(rest[(KeyIdLength + 1)..]) ? keyId.ToString() : null;
    }
}
