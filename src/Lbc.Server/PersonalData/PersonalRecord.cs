using System.Globalization;
using System.Text;
using System.Text.Json;
using Lbc.Domain.Events;

namespace Lbc.Server.PersonalData;

/// <summary>
/// The personal fields a report or a ledger record may carry (<c>data.personal</c>), checked field by field. Problems name
/// the field and the rule, never the value. Serialised canonically (fixed order, no unknown fields), so the same record
/// always seals to the same bytes.
/// </summary>
public sealed record PersonalRecord(
    string? ChildName, string? ChildBirthDate, string? GuardianName, string? GuardianPhone,
    string? ReporterName, string? ReporterPhone, string? Address)
{
    // The ledger's other personal columns (信息台账): sealed with the record, never read from a producer's personal object
    // (docs/events.md lists what producers may send). Written only when set, so a report's record seals as before.
    public string? Sex { get; init; }
    public string? ParentsWorkPlace { get; init; }
    public string? School { get; init; }
    public string? PairedTeacher { get; init; }
    public string? VisitedBy { get; init; }

    private const int NameLength = 50;
    private const int PhoneLength = 30;
    private const int AddressLength = 200;

    public static IReadOnlyList<string> Fields { get; } =
        ["child_name", "child_birth_date", "guardian_name", "guardian_phone", "reporter_name", "reporter_phone", "address"];

    /// <summary>The record in <paramref name="element"/> (a JSON object), or null with the problems added to <paramref name="errors"/>.</summary>
    public static PersonalRecord? Read(JsonElement element, DateOnly today, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("data.personal: must be an object");
            return null;
        }
        var before = errors.Count;
        foreach (var property in element.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
            {
                // Refused rather than ignored: an unknown field here would be personal data nobody can show or check.
                errors.Add($"data.personal.{Printable(property.Name)}: not a personal field ({string.Join(", ", Fields)})");
            }
        }
        var record = new PersonalRecord(
            Text(element, "child_name", NameLength, errors),
            BirthDate(element, today, errors),
            Text(element, "guardian_name", NameLength, errors),
            Phone(element, "guardian_phone", errors),
            Text(element, "reporter_name", NameLength, errors),
            Phone(element, "reporter_phone", errors),
            Text(element, "address", AddressLength, errors));
        if (errors.Count == before && record == Empty)
        {
            errors.Add("data.personal: empty (send at least one field, or leave personal out)");
        }
        return errors.Count == before ? record : null;
    }

    private static readonly PersonalRecord Empty = new(null, null, null, null, null, null, null);

    public byte[] ToCanonicalJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Write(json, "child_name", ChildName);
            Write(json, "child_birth_date", ChildBirthDate);
            Write(json, "guardian_name", GuardianName);
            Write(json, "guardian_phone", GuardianPhone);
            Write(json, "reporter_name", ReporterName);
            Write(json, "reporter_phone", ReporterPhone);
            Write(json, "address", Address);
            Write(json, "sex", Sex);
            Write(json, "parents_work_place", ParentsWorkPlace);
            Write(json, "school", School);
            Write(json, "paired_teacher", PairedTeacher);
            Write(json, "visited_by", VisitedBy);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static PersonalRecord FromCanonicalJson(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        string? Get(string name) => root.TryGetProperty(name, out var v) ? v.GetString() : null;
        return new PersonalRecord(Get("child_name"), Get("child_birth_date"), Get("guardian_name"), Get("guardian_phone"),
            Get("reporter_name"), Get("reporter_phone"), Get("address"))
        {
            Sex = Get("sex"),
            ParentsWorkPlace = Get("parents_work_place"),
            School = Get("school"),
            PairedTeacher = Get("paired_teacher"),
            VisitedBy = Get("visited_by"),
        };
    }

    private static void Write(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string? Text(JsonElement element, string field, int max, List<string> errors)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        string? text;
        try
        {
            text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
        }
        catch (InvalidOperationException)
        {
            text = null;
        }
        if (text is null)
        {
            errors.Add($"data.personal.{field}: must be a string");
            return null;
        }
        if (text.Length == 0)
        {
            errors.Add($"data.personal.{field}: must not be empty");
            return null;
        }
        if (text.Length > max)
        {
            errors.Add($"data.personal.{field}: longer than {max} characters");
            return null;
        }
        if (!Actor.IsAllowedText(text))
        {
            errors.Add($"data.personal.{field}: must not contain control or format characters");
            return null;
        }
        return text;
    }

    private static string? Phone(JsonElement element, string field, List<string> errors)
    {
        var text = Text(element, field, PhoneLength, errors);
        if (text is not null && !text.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')'))
        {
            errors.Add($"data.personal.{field}: digits, spaces and + - ( ) only");
            return null;
        }
        return text;
    }

    private static string? BirthDate(JsonElement element, DateOnly today, List<string> errors)
    {
        var text = Text(element, "child_birth_date", 10, errors);
        if (text is null)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add("data.personal.child_birth_date: not a date yyyy-MM-dd");
            return null;
        }
        if (date > today || date.Year < 1990)
        {
            errors.Add("data.personal.child_birth_date: not a child's birth date (in the future or before 1990)");
            return null;
        }
        return text;
    }

    public DateOnly? BirthDateValue => ChildBirthDate is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static string Printable(string name) => IdText.Printable(name, 40);

    /// <summary>
    /// The surname and the mask mark (<c>王＊</c>): the first character of a Chinese name (two for the common compound
    /// surnames), the first letter of another. Null when there is no name.
    /// </summary>
    public string? SurnameMask()
    {
        if (ChildName is not { Length: > 0 } name)
        {
            return null;
        }
        var elements = StringInfo.GetTextElementEnumerator(name);
        elements.MoveNext();
        var first = (string)elements.Current;
        if (name.Length >= 3 && s_compoundSurnames.Contains(name[..2]))
        {
            first = name[..2];
        }
        return first.Length <= 2 && Actor.IsAllowedText(first) ? first + Lbc.Domain.Personal.PersonalVocabulary.MaskMark : null;
    }

    private static readonly HashSet<string> s_compoundSurnames = new(StringComparer.Ordinal)
    {
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "轩辕", "端木", "独孤", "南宫",
    };

    /// <summary>For tests and logs: never the values.</summary>
    public override string ToString() => new StringBuilder("PersonalRecord(").Append(string.Join(", ",
        new[] { ChildName, ChildBirthDate, GuardianName, GuardianPhone, ReporterName, ReporterPhone, Address }
            .Zip(Fields).Where(p => p.First is not null).Select(p => p.Second))).Append(')').ToString();
}
