using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Lbc.Domain.Audit;
using Lbc.Domain.Care;
using Lbc.Domain.Cases;
using Lbc.Domain.Personal;
using Lbc.Domain.Regions;
using Lbc.Domain.Registry;

namespace Lbc.Domain.Events;

/// <summary>
/// Validates a <see cref="RawEvent"/> against catalog v1 and the reference geography. The same parser
/// guards the ingest API and the stream consumer, so a producer gets the same answer either way.
/// </summary>
public sealed class EventParser(RegionCatalog regions)
{
    /// <summary>How far ahead of the server clock a timestamp may be (clock skew between producers).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>No event of this programme can predate the 2016 policy by much; older is a typo.</summary>
    private static readonly DateTimeOffset s_earliest = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int MaxIdLength = 128;

    /// <summary>An alert id is the rule, the subject's id and a period: longer than one id.</summary>
    public const int MaxAlertIdLength = 256;

    /// <summary>A mute's reason: a sentence or two.</summary>
    public const int MaxMuteReasonLength = 500;

    // Looked up for every event the consumer reads: a hash lookup instead of a linear search of 28 names.
    private static readonly FrozenSet<string> s_types = EventTypes.All.ToFrozenSet(StringComparer.Ordinal);

    public RegionCatalog Regions => regions;

    public ParseResult Parse(RawEvent raw, DateTimeOffset now)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(raw.Id))
        {
            errors.Add("id: required");
        }
        else if (raw.Id.Length > MaxIdLength)
        {
            errors.Add($"id: longer than {MaxIdLength} characters");
        }
        else if (IdText.HasControlCharacters(raw.Id))
        {
            errors.Add(IdText.ControlCharactersProblem("id"));
        }
        if (string.IsNullOrWhiteSpace(raw.Src))
        {
            errors.Add("src: required");
        }
        else if (raw.Src.Length > MaxIdLength)
        {
            errors.Add($"src: longer than {MaxIdLength} characters");
        }
        else if (IdText.HasControlCharacters(raw.Src))
        {
            errors.Add(IdText.ControlCharactersProblem("src"));
        }
        if (string.IsNullOrEmpty(raw.Type) || !s_types.Contains(raw.Type))
        {
            errors.Add("type: not a known event type");
        }
        if (raw.V != EventTypes.CurrentVersion)
        {
            errors.Add($"v: version {raw.V} is not supported (expected {EventTypes.CurrentVersion})");
        }
        DateTimeOffset ts = default;
        if (string.IsNullOrWhiteSpace(raw.Ts) || !EventTimestamps.TryParse(raw.Ts, out ts))
        {
            errors.Add("ts: not an ISO 8601 timestamp with offset");
        }
        else if (ts > now + MaxClockSkew)
        {
            errors.Add($"ts: {EventTimestamps.Format(ts)} is in the future (server time {EventTimestamps.Format(now)})");
        }
        else if (ts < s_earliest)
        {
            errors.Add($"ts: {EventTimestamps.Format(ts)} is before {s_earliest:yyyy}");
        }
        // From the log, data is still the UTF-8 it was stored as: read as it is, unless it is not valid UTF-8 (a hand-made
        // entry), which goes the text way as before (decoded with replacement characters), so both ways accept the same events.
        var utf8 = raw.HasDataUtf8 && Utf8.IsValid(raw.DataUtf8.Span) ? raw.DataUtf8 : (ReadOnlyMemory<byte>?)null;
        if (utf8 is null && (raw.Data is null || Encoding.UTF8.GetByteCount(raw.Data) > RawEvent.MaxDataBytes)
            || utf8 is { Length: > RawEvent.MaxDataBytes })
        {
            errors.Add($"data: larger than {RawEvent.MaxDataBytes / 1024} KB");
            return new ParseResult(null, errors);
        }
        if (errors.Count > 0)
        {
            return new ParseResult(null, errors);
        }

        JsonDocument document;
        try
        {
            document = utf8 is { } bytes ? JsonDocument.Parse(bytes) : JsonDocument.Parse(raw.Data);
        }
        catch (JsonException ex)
        {
            // Position only: the parser's message quotes the offending character, which may be a control character.
            return ParseResult.Invalid($"data: malformed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ParseResult.Invalid("data: must be a JSON object");
            }
            var reader = new DataReader(document.RootElement, errors);
            var actor = Actor.MayCarry(raw.Type) ? reader.OptionalActor("actor") : null;
            var meta = new EventMeta(raw.Id.Trim(), raw.Type, ts, raw.Src.Trim(), actor) { ContentHash = ContentHashOf(raw, utf8) };
            var evt = ReadData(meta, reader, now);
            return errors.Count == 0 ? new ParseResult(evt, []) : new ParseResult(null, errors);
        }
    }

    /// <summary><c>alert.muted</c>: until when (after the event) and why (required: a mute is a decision someone answers for).</summary>
    private static AlertMuted ReadMute(EventMeta meta, DataReader data)
    {
        var alertId = data.RequiredId("alert_id", MaxAlertIdLength);
        var until = data.OptionalTimestamp("until");
        if (until is null && !data.Has("until"))
        {
            data.Error("until", "required: an ISO 8601 timestamp with offset");
        }
        else if (until <= meta.Ts)
        {
            data.Error("until", "must be after the event's ts");
        }
        var reason = data.RequiredPrintable("reason", MaxMuteReasonLength);
        if (reason is not null && string.IsNullOrWhiteSpace(reason))
        {
            data.Error("reason", "required: why the alert is muted");
        }
        return new AlertMuted(meta, alertId, until ?? meta.Ts, reason?.Trim() ?? "");
    }

    /// <summary>XxHash64 over the type, the timestamp and the data as sent (UTF-16 code units: no copy, no allocation).</summary>
    public static ulong ContentHashOf(RawEvent raw) => ContentHashOf(raw, raw.HasDataUtf8 && Utf8.IsValid(raw.DataUtf8.Span) ? raw.DataUtf8 : (ReadOnlyMemory<byte>?)null);

    /// <summary>
    /// As <see cref="ContentHashOf(RawEvent)"/>, the data given as valid UTF-8 (or null: take <see cref="RawEvent.Data"/>). The hash stays
    /// over UTF-16 code units (snapshots hold these hashes), the bytes transcoded a stack buffer at a time: no string.
    /// </summary>
    private static ulong ContentHashOf(RawEvent raw, ReadOnlyMemory<byte>? utf8)
    {
        var hash = new System.IO.Hashing.XxHash64();
        hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(raw.Type.AsSpan()));
        hash.Append([0]);
        hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(raw.Ts.AsSpan()));
        hash.Append([0]);
        if (utf8 is not { } bytes)
        {
            hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(raw.Data.AsSpan()));
            return hash.GetCurrentHashAsUInt64();
        }
        Span<char> chars = stackalloc char[512];
        var rest = bytes.Span;
        while (!rest.IsEmpty)
        {
            // Valid UTF-8 (checked by the caller): each round ends on a whole character, so the code units are the string's.
            Utf8.ToUtf16(rest, chars, out var read, out var written);
            hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chars[..written]));
            rest = rest[read..];
        }
        return hash.GetCurrentHashAsUInt64();
    }

    private DomainEvent ReadData(EventMeta meta, DataReader data, DateTimeOffset now)
    {
        switch (meta.Type)
        {
            case EventTypes.ChildRegistered:
            {
                var childId = data.RequiredId("child_id");
                var (village, township) = RequiredVillage(data, "village_code");
                var birth = data.RequiredDate("birth_date");
                CheckBirthDate(data, birth, meta.Ts);
                return new ChildRegistered(meta, childId, village, township, birth,
                    data.Required("kind", RegistryVocabulary.Kinds),
                    data.Required("guardian", RegistryVocabulary.Guardians)) { PersonalSealed = ReadSealed(data) };
            }
            case EventTypes.ChildUpdated:
            {
                var childId = data.RequiredId("child_id");
                var (village, township) = OptionalVillage(data, "village_code");
                return new ChildUpdated(meta, childId, village, township,
                    data.Optional("kind", RegistryVocabulary.Kinds),
                    data.Optional("guardian", RegistryVocabulary.Guardians)) { PersonalSealed = ReadSealed(data) };
            }
            case EventTypes.ChildExited:
                return new ChildExited(meta, data.RequiredId("child_id"), data.Required("reason", RegistryVocabulary.ExitReasons));
            case EventTypes.LedgerSubmitted:
            {
                var township = RequiredTownship(data, "township_code");
                var (year, quarter) = RequiredQuarter(data, "quarter");
                return new LedgerSubmitted(meta, township, year, quarter);
            }
            case EventTypes.VisitRecorded:
            {
                var visitedAt = data.OptionalTimestamp("visited_at") ?? meta.Ts;
                if (visitedAt > now + MaxClockSkew)
                {
                    data.Error("visited_at", "is in the future");
                }
                return new VisitRecorded(meta, data.RequiredId("child_id"), visitedAt,
                    data.RequiredId("visitor_id"), data.Required("finding", RegistryVocabulary.Findings));
            }
            case EventTypes.PairingAssigned:
                return new PairingAssigned(meta, data.RequiredId("child_id"), data.RequiredId("teacher_id"));
            case EventTypes.DropoutReported:
                return new DropoutReported(meta, data.RequiredId("child_id"));
            case EventTypes.DropoutReturned:
                return new DropoutReturned(meta, data.RequiredId("child_id"));
            case EventTypes.ReportFiled:
                return ReadReport(meta, data);
            case EventTypes.PlacementRequested:
                return new PlacementRequested(meta, data.RequiredId("placement_id"), data.OptionalId("report_id"),
                    RequiredTownship(data, "township_code"));
            case EventTypes.PlacementAssigned:
                return new PlacementAssigned(meta, data.RequiredId("placement_id"), data.RequiredId("institution_id"));
            case EventTypes.PlacementAdmitted:
                return new PlacementAdmitted(meta, data.RequiredId("placement_id"));
            case EventTypes.PlacementEnded:
                return new PlacementEnded(meta, data.RequiredId("placement_id"), data.RequiredString("reason", 200) ?? "");
            case EventTypes.InstitutionRegistered:
                return ReadInstitution(meta, data);
            case EventTypes.InstitutionStatus:
                return new InstitutionStatusReported(meta, data.RequiredId("institution_id"),
                    data.OptionalCount("capacity"), data.OptionalCount("occupied"), data.OptionalCount("reserved"),
                    data.OptionalBool("accepting"), data.OptionalCount("staff_on_duty"));
            case EventTypes.AssessmentOpened:
                return new AssessmentOpened(meta, data.RequiredId("report_id"));
            case EventTypes.AssessmentCompleted:
                return new AssessmentCompleted(meta, data.RequiredId("report_id"),
                    data.Required("risk_level", CareVocabulary.RiskLevels),
                    data.RequiredList("services", CareVocabulary.Services));
            case EventTypes.ServiceArranged:
                return new ServiceArranged(meta, data.RequiredId("report_id"), data.Required("service", CareVocabulary.Services));
            case EventTypes.InterventionRecorded:
            {
                var reportId = data.OptionalId("report_id");
                var childId = data.OptionalId("child_id");
                if (reportId is null && childId is null)
                {
                    data.Error("report_id", "report_id or child_id is required");
                }
                return new InterventionRecorded(meta, reportId, childId, data.Required("measure", CareVocabulary.Measures));
            }
            case EventTypes.AuditRecorded:
                return ReadAudit(meta, data);
            case EventTypes.AlertAcknowledged:
                return new AlertAcknowledged(meta, data.RequiredId("alert_id", MaxAlertIdLength));
            case EventTypes.AlertMuted:
                return ReadMute(meta, data);
            default:
                return ReadCaseStep(meta, data);
        }
    }

    private DomainEvent ReadReport(EventMeta meta, DataReader data)
    {
        var reportId = data.RequiredId("report_id");
        var (village, township) = OptionalVillage(data, "village_code");
        var townshipCode = data.OptionalString("township_code", 9);
        if (townshipCode is not null)
        {
            if (!regions.TryGetTownship(townshipCode, out _))
            {
                data.Error("township_code", "not a known township code");
            }
            else if (township is not null && township != townshipCode)
            {
                data.Error("township_code", "does not contain village_code");
            }
            township ??= townshipCode;
        }
        if (township is null && village is null && townshipCode is null)
        {
            data.Error("township_code", "township_code or village_code is required");
        }
        var lon = data.OptionalNumber("lon", 73, 136);
        var lat = data.OptionalNumber("lat", 3, 54);
        if ((lon is null) != (lat is null))
        {
            data.Error("lon", "lon and lat go together");
        }
        var received = data.OptionalTimestamp("received_at") ?? meta.Ts;
        return new ReportFiled(meta, reportId, data.OptionalId("child_id"), township ?? "", village,
            lon, lat, data.Required("category", CaseVocabulary.Categories),
            data.Required("reporter_type", CaseVocabulary.Reporters),
            data.OptionalTimestamp("discovered_at"), received)
        {
            PersonalSealed = ReadSealed(data),
            DisplayMask = ReadMask(data),
            AgeBand = data.Optional("age_band", PersonalVocabulary.AgeBands),
        };
    }

    /// <summary>
    /// An audit line. Every text field is printable (no control or format characters): it is shown to administrators and
    /// exported to CSV, where a line break would forge a line.
    /// </summary>
    private DomainEvent ReadAudit(EventMeta meta, DataReader data)
    {
        var action = data.Required("action", AuditVocabulary.Actions);
        var outcome = data.Required("outcome", AuditVocabulary.Outcomes);
        var user = data.OptionalPrintable("user", Actor.MaxLength);
        var role = data.OptionalPrintable("role", 64);
        if (role is not null && !Lbc.Contracts.Roles.All.Contains(role))
        {
            data.Error("role", $"not one of {string.Join(", ", Lbc.Contracts.Roles.All)}");
        }
        var jurisdiction = data.OptionalPrintable("jurisdiction", 12);
        if (jurisdiction is not null && (!regions.IsKnown(jurisdiction) || RegionCodes.LevelOf(jurisdiction) is RegionLevel.Village))
        {
            data.Error("jurisdiction", "not a known province, city, county or township code");
        }
        var caseId = data.OptionalId("case_id");
        if (caseId is not null && !Actor.IsAllowedText(caseId))
        {
            data.Error("case_id", "must not contain control or format characters");
        }
        return new AuditRecorded(meta, action, outcome, user, role, jurisdiction, caseId,
            data.OptionalPrintable("target", AuditVocabulary.MaxTargetLength),
            data.OptionalPrintable("reason", AuditVocabulary.MaxReasonLength),
            data.OptionalPrintable("address", AuditVocabulary.MaxAddressLength));
    }

    /// <summary>
    /// The sealed blob is kept as it came, checked only for its shape (prefix, key id, base64url): its content is the
    /// server's to open, never the parser's. A plain <c>personal</c> object that reached the log (a producer bypassing
    /// ingest) is not read at all: the report still opens its case, and nothing of it enters the projection.
    /// </summary>
    private static string? ReadSealed(DataReader data)
    {
        var sealedText = data.OptionalString("personal_sealed", PersonalVocabulary.MaxSealedLength);
        if (sealedText is not null && PersonalVocabulary.KeyIdOf(sealedText) is null)
        {
            data.Error("personal_sealed", "not a sealed blob of this dashboard (lbc-pd1.<key id>.<base64url>)");
            return null;
        }
        return sealedText;
    }

    /// <summary>A surname and the mask mark, nothing longer: a whole name here would be personal data in plain on the log.</summary>
    private static string? ReadMask(DataReader data)
    {
        var mask = data.OptionalPrintable("display_mask", PersonalVocabulary.MaxMaskLength);
        if (mask is not null && (!mask.EndsWith(PersonalVocabulary.MaskMark, StringComparison.Ordinal) || mask.Length > 3))
        {
            data.Error("display_mask", $"a surname of one or two characters followed by {PersonalVocabulary.MaskMark}");
            return null;
        }
        return mask;
    }

    private DomainEvent ReadInstitution(EventMeta meta, DataReader data)
    {
        var id = data.RequiredId("institution_id");
        var name = data.RequiredString("name", 100) ?? "";
        var kind = data.Required("kind", CareVocabulary.InstitutionKinds);
        var region = data.RequiredString("region_code", 12) ?? "";
        if (region.Length > 0 && (!regions.IsKnown(region) || RegionCodes.LevelOf(region) is RegionLevel.Village or RegionLevel.Country))
        {
            data.Error("region_code", "not a known city, county or township code");
        }
        var lon = data.OptionalNumber("lon", 73, 136);
        var lat = data.OptionalNumber("lat", 3, 54);
        return new InstitutionRegistered(meta, id, name, kind, region, lon, lat, data.RequiredCount("capacity"));
    }

    private static DomainEvent ReadCaseStep(EventMeta meta, DataReader data)
    {
        var reportId = data.RequiredId("report_id");
        if (!CaseSteps.TryGetStage(meta.Type, out var stage))
        {
            throw new InvalidOperationException($"Unhandled event type {meta.Type}");
        }
        var step = stage switch
        {
            CaseStage.ParentsContacted => new CaseProgressed(meta, reportId, stage, ParentsReached: data.RequiredBool("reached")),
            CaseStage.ChildEscorted => ReadEscort(meta, reportId, data),
            CaseStage.Closed => new CaseProgressed(meta, reportId, stage, Outcome: data.RequiredString("outcome", 200)),
            _ => new CaseProgressed(meta, reportId, stage),
        };
        return step with { SeriousHarm = data.OptionalBool("serious_harm"), NoCarer = data.OptionalBool("no_carer") };
    }

    private static CaseProgressed ReadEscort(EventMeta meta, string reportId, DataReader data)
    {
        var to = data.Required("to", CaseVocabulary.EscortDestinations);
        var institution = data.OptionalId("institution_id");
        if (to == EscortDestination.Institution && institution is null)
        {
            data.Error("institution_id", "required when to is institution");
        }
        return new CaseProgressed(meta, reportId, CaseStage.ChildEscorted, EscortedTo: to, InstitutionId: institution);
    }

    private string RequiredTownship(DataReader data, string field)
    {
        var code = data.RequiredString(field, 9);
        if (code is not null && !regions.TryGetTownship(code, out _))
        {
            data.Error(field, "not a known township code");
        }
        return code ?? "";
    }

    private (string Village, string Township) RequiredVillage(DataReader data, string field)
    {
        var (village, township) = OptionalVillage(data, field);
        if (village is null && township is null && !data.Has(field))
        {
            data.Error(field, "required");
        }
        return (village ?? "", township ?? "");
    }

    private (string? Village, string? Township) OptionalVillage(DataReader data, string field)
    {
        var code = data.OptionalString(field, 12);
        if (code is null)
        {
            return (null, null);
        }
        if (!regions.TryGetTownshipOfVillage(code, out var township))
        {
            data.Error(field, "not a known village code");
            return (null, null);
        }
        return (code, township.Code);
    }

    private static (int Year, int Quarter) RequiredQuarter(DataReader data, string field)
    {
        // "2026Q3": the quarter a township's ledger report covers.
        var text = data.RequiredString(field, 6);
        if (text is null)
        {
            return (0, 0);
        }
        if (text.Length == 6 && text[4] is 'Q' or 'q' && int.TryParse(text.AsSpan(0, 4), out var year)
            && text[5] is >= '1' and <= '4' && year >= 2010)
        {
            return (year, text[5] - '0');
        }
        data.Error(field, "not a quarter like 2026Q3");
        return (0, 0);
    }

    private static void CheckBirthDate(DataReader data, DateOnly birth, DateTimeOffset ts)
    {
        if (birth == default)
        {
            return;
        }
        var on = Rules.DayNumber.ToDate(Rules.DayNumber.Of(ts)); // the China calendar day, as everywhere else
        if (birth > on)
        {
            data.Error("birth_date", "is after the event time");
        }
        else if (birth.AddYears(16) <= on)
        {
            // The policy covers minors under 16; an older child cannot be registered as left-behind.
            data.Error("birth_date", "the child is 16 or older, not a left-behind child under the policy");
        }
    }
}
