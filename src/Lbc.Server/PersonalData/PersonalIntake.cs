using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Domain.Events;
using Lbc.Domain.Personal;
using Lbc.Domain.Rules;
using Lbc.Server.Configuration;

namespace Lbc.Server.PersonalData;

/// <summary>
/// The one door personal data comes through (<c>POST /api/reports</c>, <c>POST /api/events</c>): <see cref="Read"/> checks
/// the <c>personal</c> object of an event without storing anything, and once the whole request is valid <see cref="SealAsync"/>
/// replaces it by <c>personal_sealed</c> (and, for a report, the plain <c>age_band</c> and, if allowed, <c>display_mask</c>).
/// Nothing with a plain <c>personal</c> is ever appended by this server.
/// </summary>
public sealed class PersonalIntake(PersonalSealer sealer, PersonalDataOptions options)
{
    private static readonly HashSet<string> s_types = [EventTypes.ReportFiled, EventTypes.ChildRegistered, EventTypes.ChildUpdated];

    /// <summary>The event's personal record (null: it has none), or problems naming fields (a type that may not carry one included).</summary>
    public static PersonalRecord? Read(RawEvent raw, DateTimeOffset now, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw.Data);
        }
        catch (JsonException)
        {
            return null; // the parser reports malformed data
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("personal", out var personal) || personal.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (!s_types.Contains(raw.Type))
            {
                // Any other type would carry it to the log in plain (unknown fields are ignored, not dropped).
                errors.Add($"data.personal: only {string.Join(", ", s_types)} carry personal data");
                return null;
            }
            if (document.RootElement.TryGetProperty("personal_sealed", out _))
            {
                errors.Add("data.personal_sealed: sealed by this server only; send personal");
                return null;
            }
            return PersonalRecord.Read(personal, DayNumber.ToDate(DayNumber.Of(now)), errors);
        }
    }

    /// <summary>The event with its personal record sealed under the subject's key (created on first use).</summary>
    public async Task<RawEvent> SealAsync(RawEvent raw, PersonalRecord record, CancellationToken cancellationToken) =>
        (await SealManyAsync([(raw, record)], cancellationToken))[0];

    /// <summary>The events with their personal records sealed; the keys of all of them fetched or made in one store call.</summary>
    public async Task<IReadOnlyList<RawEvent>> SealManyAsync(IReadOnlyList<(RawEvent Raw, PersonalRecord Record)> items, CancellationToken cancellationToken)
    {
        var prepared = items.Select(item => Prepare(item.Raw)).ToList();
        var sealedTexts = await sealer.SealManyAsync(
            [.. prepared.Select((p, i) => (p.Subject, items[i].Record.ToCanonicalJson()))], cancellationToken);
        var result = new RawEvent[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var (raw, record) = items[i];
            var data = prepared[i].Data;
            data["personal_sealed"] = sealedTexts[i];
            if (raw.Type == EventTypes.ReportFiled)
            {
                // The age on the day the report was received (China calendar), from the sealed birth date: coarse enough for lists.
                if (record.BirthDateValue is { } birth
                    && EventTimestamps.TryParse((data["received_at"] as JsonValue)?.GetValue<string>() ?? raw.Ts, out var received))
                {
                    data["age_band"] = PersonalVocabulary.AgeBands.WordOf(PersonalVocabulary.BandOf(birth, DayNumber.ToDate(DayNumber.Of(received))));
                }
                if (options.SurnameMask && record.SurnameMask() is { } mask)
                {
                    data["display_mask"] = mask;
                }
            }
            result[i] = raw with { Data = data.ToJsonString() };
        }
        return result;
    }

    /// <summary>The event's data without its plain record, and whose key seals it: the child's, or the case's when the child is unknown.</summary>
    private static (JsonObject Data, string Subject) Prepare(RawEvent raw)
    {
        var data = JsonNode.Parse(raw.Data)!.AsObject();
        data.Remove("personal");
        var childId = (data["child_id"] as JsonValue)?.GetValue<string>()?.Trim();
        var reportId = (data["report_id"] as JsonValue)?.GetValue<string>()?.Trim() ?? "";
        return (data, PersonalVocabulary.SubjectOf(childId, reportId));
    }
}
