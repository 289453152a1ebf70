using System.Text;
using Lbc.Domain.Registry;

namespace Lbc.Ledger.Validation;

/// <summary>
/// The ledger's Chinese words (DOMAIN.md) and the catalog's English words (docs/events.md) for category, guardian
/// arrangement, sex and dropout. Spaces and the punctuation people put into the long category phrase
/// (一方外出务工，另一方无监护能力) do not matter.
/// </summary>
public static class LedgerWords
{
    private static readonly Dictionary<string, LeftBehindKind> s_kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["父母均外出务工"] = LeftBehindKind.BothParentsAway,
        ["一方外出务工另一方无监护能力"] = LeftBehindKind.OneParentAwayOtherIncapable,
    };

    private static readonly Dictionary<string, GuardianArrangement> s_guardians = new(StringComparer.OrdinalIgnoreCase)
    {
        ["父母一方"] = GuardianArrangement.ParentAtHome,
        ["受委托监护人"] = GuardianArrangement.Entrusted,
        ["无人监护"] = GuardianArrangement.None,
    };

    public static string ChineseOf(LeftBehindKind kind) => kind switch
    {
        LeftBehindKind.BothParentsAway => "父母均外出务工",
        _ => "一方外出务工另一方无监护能力",
    };

    public static string ChineseOf(GuardianArrangement guardian) => guardian switch
    {
        GuardianArrangement.ParentAtHome => "父母一方",
        GuardianArrangement.Entrusted => "受委托监护人",
        _ => "无人监护",
    };

    public static bool TryParseKind(string text, out LeftBehindKind kind) =>
        s_kinds.TryGetValue(Squeeze(text), out kind) || RegistryVocabulary.Kinds.TryParse(text.Trim().ToLowerInvariant(), out kind);

    public static bool TryParseGuardian(string text, out GuardianArrangement guardian) =>
        s_guardians.TryGetValue(Squeeze(text), out guardian) || RegistryVocabulary.Guardians.TryParse(text.Trim().ToLowerInvariant(), out guardian);

    /// <summary>男 or 女 (male / female accepted); the normalised Chinese word, or null.</summary>
    public static string? ParseSex(string text) => text.Trim().ToLowerInvariant() switch
    {
        "男" or "male" => "男",
        "女" or "female" => "女",
        _ => null,
    };

    /// <summary>是 / 否 (yes / no accepted); false when the text is neither.</summary>
    public static bool TryParseYesNo(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "是" or "yes" or "true":
                value = true;
                return true;
            case "否" or "no" or "false":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static string Squeeze(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !char.IsPunctuation(c))
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }
}
