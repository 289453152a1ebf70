using System.Globalization;

namespace Lbc.Domain.Events;

/// <summary>The one way timestamps are read: ISO 8601 with an explicit offset or Z, normalised to UTC.</summary>
public static class EventTimestamps
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (IsoText.TryParseCanonicalTimestamp(text, out value))
        {
            return true;
        }
        // An offset is required: a bare local time would be eight hours off for half the producers.
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z')
            || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value))
        {
            value = value.ToUniversalTime();
            return true;
        }
        value = default;
        return false;
    }

    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
