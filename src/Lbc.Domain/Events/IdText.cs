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

    /// <summary>
    /// A field of a rejected event, fit for a log line: control and invisible characters become '?', and it is
    /// cut at <paramref name="max"/> characters. Only for values that name no one (type, producer).
    /// </summary>
    public static string Printable(string? text, int max = 64)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var chars = text.Length > max ? text[..max].ToCharArray() : text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (HasControlCharacters(chars[i].ToString()))
            {
                chars[i] = '?';
            }
        }
        return new string(chars) + (text.Length > max ? "…" : "");
    }
}
