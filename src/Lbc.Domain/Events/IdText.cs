using System.Globalization;

namespace Lbc.Domain.Events;

/// <summary>
/// What an id may not contain. Ids travel into logs, dead-letter reasons and hub messages; a CR/LF, another
/// control character, a Unicode line separator or an invisible format character (a bidi override) would let
/// a producer forge or disguise log lines, so such ids are refused at validation instead of escaped later.
/// </summary>
public static class IdText
{
    public static bool HasControlCharacters(string text)
    {
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format)
            {
                return true;
            }
        }
        return false;
    }

    public static string ControlCharactersProblem(string field) => field + ": must not contain control characters";
}
