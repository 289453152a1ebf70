using System.Globalization;

namespace Lbc.Domain.Events;

/// <summary>
/// The signed-in person who recorded a step (<c>data.actor</c>). The dashboard sets it on every command it
/// appends; other producers may omit it, and then the producer (<see cref="EventMeta.Src"/>) is who acted.
/// </summary>
public sealed record Actor(string Username, string DisplayName)
{
    /// <summary>The user's role when the dashboard recorded the step (optional on the wire: the audit trail shows it).</summary>
    public string? Role { get; init; }

    /// <summary>The user's jurisdiction (a region code) when the dashboard recorded the step; optional like <see cref="Role"/>.</summary>
    public string? Jurisdiction { get; init; }

    public const int MaxLength = 128;

    /// <summary>
    /// The types people record by hand on a case, a placement, an assessment or an alert. Registry, visit and
    /// institution events come from systems and carry no actor (a stray <c>actor</c> there is ignored, as
    /// any unknown field).
    /// </summary>
    public static bool MayCarry(string type) =>
        type.StartsWith("case.", StringComparison.Ordinal)
        || type.StartsWith("placement.", StringComparison.Ordinal)
        || type.StartsWith("assessment.", StringComparison.Ordinal)
        || type.StartsWith("alert.", StringComparison.Ordinal)
        || type is EventTypes.ServiceArranged or EventTypes.InterventionRecorded;

    /// <summary>
    /// Control characters (line breaks, escape sequences) and format characters (bidi overrides, zero-width
    /// marks) would let a name forge lines in the audit trail or display as someone else's name; a lone
    /// surrogate is not text.
    /// </summary>
    public static bool IsAllowedText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                return false;
            }
        }
        return true;
    }
}
