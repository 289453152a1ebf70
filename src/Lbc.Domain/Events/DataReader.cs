using System.Globalization;
using System.Text.Json;

namespace Lbc.Domain.Events;

/// <summary>
/// Reads the fields of an event's <c>data</c> object, collecting one clear message per bad field
/// ("data.child_id: required") instead of stopping at the first. Unknown fields are ignored. A nested
/// object is read by a reader with a <c>path</c> ("actor."), so its errors name the full field.
/// </summary>
internal sealed class DataReader(JsonElement data, List<string> errors, string path = "")
{
    private const int MaxIdLength = 128;

    public string RequiredId(string field) => CheckId(field, RequiredString(field, MaxIdLength)) ?? "";

    public string? OptionalId(string field) => CheckId(field, OptionalString(field, MaxIdLength));

    /// <summary>An id made of other ids (an alert's: rule, subject, period), so longer than a producer's own ids.</summary>
    public string RequiredId(string field, int maxLength) => CheckId(field, RequiredString(field, maxLength)) ?? "";

    /// <summary>Ids end up in logs, dead letters and hub groups: a CR/LF in one would forge a log line.</summary>
    private string? CheckId(string field, string? id)
    {
        if (id is not null && IdText.HasControlCharacters(id))
        {
            Error(field, "must not contain control characters");
            return null;
        }
        return id;
    }

    public string? RequiredString(string field, int maxLength)
    {
        var value = OptionalString(field, maxLength);
        if (value is null && !Has(field))
        {
            Error(field, "required");
        }
        return value;
    }

    public string? OptionalString(string field, int maxLength)
    {
        if (!data.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(field, "must be a string");
            return null;
        }
        if (!TryGetText(element, out var raw))
        {
            Error(field, "is not valid Unicode text (a lone surrogate escape)");
            return null;
        }
        var text = raw.Trim();
        if (text.Length == 0)
        {
            Error(field, "must not be empty");
            return null;
        }
        if (text.Length > maxLength)
        {
            Error(field, $"longer than {maxLength} characters");
            return null;
        }
        return text;
    }

    public T Required<T>(string field, Vocabulary<T> vocabulary) where T : struct, Enum
    {
        var value = Optional(field, vocabulary);
        if (value is null && !Has(field))
        {
            Error(field, "required");
        }
        return value ?? default;
    }

    public T? Optional<T>(string field, Vocabulary<T> vocabulary) where T : struct, Enum
    {
        // Fast path: the word exactly as the vocabulary spells it, compared as the UTF-8 in the document (no string). Any
        // other value (padded, escaped, unknown, not a string) takes the general path below, which decides as before.
        if (data.TryGetProperty(field, out var element) && element.ValueKind == JsonValueKind.String
            && System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element) is { Length: >= 2 } raw
            && raw.IndexOf((byte)'\\') < 0 && vocabulary.TryParseUtf8(raw[1..^1], out var known))
        {
            return known;
        }
        var word = OptionalString(field, 64);
        if (word is null)
        {
            return null;
        }
        if (vocabulary.TryParse(word, out var value))
        {
            return value;
        }
        Error(field, $"not one of {string.Join(", ", vocabulary.Words)}");
        return null;
    }

    public IReadOnlyList<T> RequiredList<T>(string field, Vocabulary<T> vocabulary) where T : struct, Enum
    {
        if (!data.TryGetProperty(field, out var element) || element.ValueKind != JsonValueKind.Array)
        {
            Error(field, "required, an array");
            return [];
        }
        var list = new List<T>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && TryGetText(item, out var word) && vocabulary.TryParse(word, out var value))
            {
                list.Add(value);
            }
            else
            {
                Error(field, $"an item is not one of {string.Join(", ", vocabulary.Words)}");
            }
        }
        return list;
    }

    public DateTimeOffset? OptionalTimestamp(string field)
    {
        // Fast path: a plain canonical timestamp read from the document's bytes, no string made; anything else as before.
        Span<char> chars = stackalloc char[40];
        if (TryPlainAscii(field, chars, out var length) && IsoText.TryParseCanonicalTimestamp(chars[..length], out var fast))
        {
            return fast;
        }
        var text = OptionalString(field, 64);
        if (text is null)
        {
            return null;
        }
        if (EventTimestamps.TryParse(text, out var value))
        {
            return value;
        }
        Error(field, "not an ISO 8601 timestamp with offset");
        return null;
    }

    public DateOnly RequiredDate(string field)
    {
        // Fast path: a plain yyyy-MM-dd read from the document's bytes, no string made; anything else as before.
        Span<char> chars = stackalloc char[10];
        if (TryPlainAscii(field, chars, out var length) && IsoText.TryParseDate(chars[..length], out var fast))
        {
            return fast;
        }
        var text = RequiredString(field, 32);
        if (text is null)
        {
            return default;
        }
        if (IsoText.TryParseDate(text, out var date)
            || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return date;
        }
        Error(field, "not a date yyyy-MM-dd");
        return default;
    }

    /// <summary>
    /// A string field's value as ASCII characters into <paramref name="buffer"/> when it is plain: no escape, ASCII only, and
    /// short enough. What the fast paths parse; false sends the caller down its general path, which decides.
    /// </summary>
    private bool TryPlainAscii(string field, Span<char> buffer, out int length)
    {
        length = 0;
        if (!data.TryGetProperty(field, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length < 2 || raw.Length - 2 > buffer.Length)
        {
            return false;
        }
        raw = raw[1..^1];
        return raw.IndexOf((byte)'\\') < 0 && System.Text.Ascii.ToUtf16(raw, buffer, out length) == System.Buffers.OperationStatus.Done;
    }

    public double? OptionalNumber(string field, double min, double max)
    {
        if (!data.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            Error(field, "must be a number");
            return null;
        }
        if (value < min || value > max)
        {
            // The range only: a coordinate says where a child is.
            Error(field, $"outside {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }
        return value;
    }

    public int? OptionalCount(string field, int max = 100_000)
    {
        var value = OptionalNumber(field, 0, max);
        if (value is null)
        {
            return null;
        }
        if (value != Math.Floor(value.Value))
        {
            Error(field, "must be a whole number");
            return null;
        }
        return (int)value.Value;
    }

    public int RequiredCount(string field, int max = 100_000)
    {
        var value = OptionalCount(field, max);
        if (value is null && !Has(field))
        {
            Error(field, "required");
        }
        return value ?? 0;
    }

    public bool? OptionalBool(string field)
    {
        if (!data.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }
        Error(field, "must be true or false");
        return null;
    }

    public bool RequiredBool(string field)
    {
        var value = OptionalBool(field);
        if (value is null && !Has(field))
        {
            Error(field, "required");
        }
        return value ?? false;
    }

    /// <summary>The acting user (<c>{"username", "display_name"}</c>), both required once the object is sent.</summary>
    public Actor? OptionalActor(string field)
    {
        if (!data.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(field, "must be an object with username and display_name");
            return null;
        }
        var nested = new DataReader(element, errors, $"{path}{field}.");
        var username = nested.RequiredPrintable("username", Actor.MaxLength);
        var displayName = nested.RequiredPrintable("display_name", Actor.MaxLength);
        var role = nested.OptionalPrintable("role", 64);
        if (role is not null && !Lbc.Contracts.Roles.All.Contains(role))
        {
            nested.Error("role", $"not one of {string.Join(", ", Lbc.Contracts.Roles.All)}");
        }
        var jurisdiction = nested.OptionalPrintable("jurisdiction", 12);
        if (jurisdiction is not null && Regions.RegionCodes.LevelOf(jurisdiction) is null or Regions.RegionLevel.Village)
        {
            nested.Error("jurisdiction", "not a province, city, county or township code");
        }
        return username is null || displayName is null ? null : new Actor(username, displayName) { Role = role, Jurisdiction = jurisdiction };
    }

    /// <summary>An optional string that may be shown to people and written to the audit trail: no control characters.</summary>
    public string? OptionalPrintable(string field, int maxLength) =>
        Has(field) ? RequiredPrintable(field, maxLength) : null;

    /// <summary>A required string that may be shown to people and written to the audit trail: no control characters.</summary>
    public string? RequiredPrintable(string field, int maxLength)
    {
        if (data.TryGetProperty(field, out var element) && element.ValueKind == JsonValueKind.String
            && TryGetText(element, out var text) && !Actor.IsAllowedText(text))
        {
            Error(field, "must not contain control or format characters");
            return null;
        }
        return RequiredString(field, maxLength);
    }

    /// <summary>
    /// A JSON string as .NET text. An escaped lone surrogate ("\ud800") is valid JSON but no text; reading it
    /// throws, and such an event must come back with a reason naming the field, like any other bad value.
    /// </summary>
    private static bool TryGetText(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    public void Error(string field, string problem) => errors.Add($"data.{path}{field}: {problem}");

    public bool Has(string field) =>
        data.TryGetProperty(field, out var element) && element.ValueKind != JsonValueKind.Null;
}
