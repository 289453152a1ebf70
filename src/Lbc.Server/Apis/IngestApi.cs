using System.Text.Json.Nodes;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.EventLog;
using Lbc.Server.PersonalData;
using Lbc.Server.Projection;

namespace Lbc.Server.Apis;

/// <summary>
/// Ingest for producers that do not speak Redis. 202 only once the log has durably accepted the events;
/// 400 listing every bad event and why (nothing of a bad batch is appended); 413 for an oversized body;
/// 503 while the log is unreachable. Retrying is safe: event ids and report ids make a retry a no-op.
/// </summary>
public static class IngestApi
{
    public const int MaxBatchEvents = 1_000;
    internal const long MaxBatchBytes = 8 * 1024 * 1024;
    internal const long MaxReportBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.Events, PostEventsAsync);
        app.MapPost(ApiRoutes.Reports, PostReportAsync);
        return app;
    }

    private static async Task<IResult> PostEventsAsync(HttpContext context, EventValidator validator, ProjectionHost host, IEventLog log, TimeProvider time,
        ProducerKeys producers, PersonalIntake intake)
    {
        if (producers.Find(context.Request.Headers[ProducerKeys.HeaderName].ToString()) is not { } producer)
        {
            return Unauthorized();
        }
        var body = await RequestBody.ReadAsync(context.Request, MaxBatchBytes, context.RequestAborted);
        if (body is null)
        {
            return TooLarge(MaxBatchBytes);
        }
        IngestEvent[]? events;
        try
        {
            events = JsonSerializer.Deserialize(body, ServerJsonContext.Default.IngestEventArray);
        }
        catch (JsonException ex)
        {
            return Invalid(new() { ["body"] = [$"not a JSON array of events: {ex.Message}"] });
        }
        if (events is null || events.Length == 0)
        {
            return Invalid(new() { ["body"] = ["expected a non-empty JSON array of events"] });
        }
        if (events.Length > MaxBatchEvents)
        {
            return Invalid(new() { ["body"] = [$"{events.Length} events; a batch holds at most {MaxBatchEvents}"] });
        }
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var raw = new List<RawEvent>(events.Length);
        var personal = new PersonalRecord?[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var candidate = events[i].ToRaw();
            var parsed = validator.Parser.Parse(candidate, now);
            var problems = new List<string>(parsed.Errors);
            personal[i] = PersonalIntake.Read(candidate, now, problems);
            if (!string.Equals(candidate.Src, producer.Id, StringComparison.Ordinal))
            {
                // A producer speaks only for itself: src is what the audit trail and idempotency rely on.
                problems.Add($"src: not the authenticated producer '{producer.Id}'");
            }
            problems.AddRange(Permits(producer, candidate.Type, parsed, host));
            if (problems.Count > 0)
            {
                errors[$"events[{i}]"] = [.. problems];
            }
            raw.Add(candidate);
        }
        CheckIdsWithinBatch(raw, errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        // Only a batch valid as a whole is sealed: no key is made for an event that is then refused.
        if (await SealAsync(intake, raw, personal, context.RequestAborted) is { } unavailable)
        {
            return unavailable;
        }
        if (ConflictingIds(host, raw) is { Count: > 0 } conflicts)
        {
            // An id this producer already used for other content: accepting it would have the projection refuse it later,
            // and the producer believe it delivered. Say so now; nothing of the batch is appended.
            return TypedResults.Problem(title: "Event ids already used for different events",
                detail: $"Send these events with new ids: events[{string.Join("], events[", conflicts)}]",
                statusCode: StatusCodes.Status409Conflict);
        }
        return await AppendAsync(log, raw, positions => TypedResults.Json(
            new IngestAccepted(positions.Count, [.. positions.Select(p => p.ToString())]),
            ServerJsonContext.Default.IngestAccepted, statusCode: StatusCodes.Status202Accepted), context.RequestAborted);
    }

    private static async Task<IResult> PostReportAsync(HttpContext context, EventValidator validator, ProjectionHost host, IEventLog log,
        TimeProvider time, ProducerKeys producers, PersonalIntake intake)
    {
        if (producers.Find(context.Request.Headers[ProducerKeys.HeaderName].ToString()) is not { } producer)
        {
            return Unauthorized();
        }
        var body = await RequestBody.ReadAsync(context.Request, MaxReportBytes, context.RequestAborted);
        if (body is null)
        {
            return TooLarge(MaxReportBytes);
        }
        ReportForm? form;
        try
        {
            form = JsonSerializer.Deserialize(body, ServerJsonContext.Default.ReportForm);
        }
        catch (JsonException ex)
        {
            return Invalid(new() { ["body"] = [$"not a JSON report: {ex.Message}"] });
        }
        if (form is null)
        {
            return Invalid(new() { ["body"] = ["expected a JSON report"] });
        }
        var now = time.GetUtcNow();
        var candidate = form.ToRaw(now, source: producer.Id);
        var parsed = validator.Parser.Parse(candidate, now);
        var problems = new List<string>(parsed.Errors);
        var personal = PersonalIntake.Read(candidate, now, problems);
        if (problems.Count > 0)
        {
            return Invalid(new() { ["report"] = [.. problems] });
        }
        if (Permits(producer, candidate.Type, parsed, host).ToList() is { Count: > 0 } refused)
        {
            return Invalid(new() { ["report"] = [.. refused] });
        }
        if (host.Read(p => p.TryGetCase(form.ReportId!, out _)))
        {
            // A resubmitted form (its receipt time is new each time, so it is not a redelivery of the same event):
            // the case exists; answer as the first time, append nothing.
            return TypedResults.Json(new ReportAccepted(form.ReportId!), ServerJsonContext.Default.ReportAccepted,
                statusCode: StatusCodes.Status202Accepted);
        }
        List<RawEvent> report = [candidate];
        if (await SealAsync(intake, report, [personal], context.RequestAborted) is { } unavailable)
        {
            return unavailable;
        }
        // The feed pushes the new case the moment the projection applies it (ProjectionHost.Urgent).
        return await AppendAsync(log, report, _ => TypedResults.Json(new ReportAccepted(form.ReportId!),
            ServerJsonContext.Default.ReportAccepted, statusCode: StatusCodes.Status202Accepted), context.RequestAborted);
    }

    /// <summary>Replaces each event's personal record by its sealed blob; a 503 when the key store cannot be reached.</summary>
    private static async Task<IResult?> SealAsync(PersonalIntake intake, List<RawEvent> events, PersonalRecord?[] personal,
        CancellationToken cancellationToken)
    {
        try
        {
            var toSeal = Enumerable.Range(0, events.Count).Where(i => personal[i] is not null).ToList();
            if (toSeal.Count > 0)
            {
                var sealedEvents = await intake.SealManyAsync([.. toSeal.Select(i => (events[i], personal[i]!))], cancellationToken);
                for (var k = 0; k < toSeal.Count; k++)
                {
                    events[toSeal[k]] = sealedEvents[k];
                }
            }
            return null;
        }
        catch (KeyStoreUnavailableException ex)
        {
            return TypedResults.Problem(title: "Personal-data key store unavailable", detail: ex.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>What this producer's key may not send: another type, or about a place outside its regions.</summary>
    private static IEnumerable<string> Permits(Producer producer, string type, ParseResult parsed, ProjectionHost host)
    {
        if (type == EventTypes.AuditRecorded)
        {
            // Only a dashboard instance writes the audit trail: a producer's key must not add lines to it.
            yield return $"type: {type} is written by the dashboard itself, never by a producer";
            yield break;
        }
        if (!producer.MaySend(type))
        {
            yield return $"type: this producer's key may not send {type}";
        }
        if (producer.Regions is not null && parsed.Event is { } e)
        {
            var region = host.Read(p => p.RegionOf(e));
            if (region is null || !producer.MaySendAbout(region))
            {
                yield return "data: about a place outside the regions this producer's key may send for";
            }
        }
    }

    /// <summary>Two events of one batch under one id: a retry of the same event is fine, two different events are not.</summary>
    private static void CheckIdsWithinBatch(IReadOnlyList<RawEvent> batch, Dictionary<string, string[]> errors)
    {
        var seen = new Dictionary<string, (int Index, ulong Content)>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var content = EventParser.ContentHashOf(batch[i]);
            if (seen.TryGetValue(batch[i].Id, out var first) && first.Content != content)
            {
                errors[$"events[{i}]"] = [$"id: the same as events[{first.Index}] but a different event; every event needs its own id"];
            }
            else
            {
                seen.TryAdd(batch[i].Id, (i, content));
            }
        }
    }

    /// <summary>The indexes of events whose (producer, id) the projection has seen with other content.</summary>
    private static List<int> ConflictingIds(ProjectionHost host, IReadOnlyList<RawEvent> batch) => host.Read(p =>
    {
        var conflicts = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var meta = new EventMeta(batch[i].Id.Trim(), batch[i].Type, default, batch[i].Src.Trim()) { ContentHash = EventParser.ContentHashOf(batch[i]) };
            if (p.CheckId(meta) == IdCheck.Conflict)
            {
                conflicts.Add(i);
            }
        }
        return conflicts;
    });

    private static async Task<IResult> AppendAsync(IEventLog log, IReadOnlyList<RawEvent> events,
        Func<IReadOnlyList<LogPosition>, IResult> accepted, CancellationToken cancellationToken)
    {
        try
        {
            return accepted(await log.AppendAsync(events, cancellationToken));
        }
        catch (EventLogUnavailableException ex)
        {
            return TypedResults.Problem(title: "Event log unavailable", detail: ex.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult Unauthorized() =>
        TypedResults.Problem(title: "Producer API key required",
            detail: $"Send the producer's key in the {ProducerKeys.HeaderName} header.",
            statusCode: StatusCodes.Status401Unauthorized);

    private static IResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid events: nothing was accepted");

    private static IResult TooLarge(long limit) =>
        TypedResults.Problem(title: "Request body too large", detail: $"The limit is {limit / 1024} KB.",
            statusCode: StatusCodes.Status413PayloadTooLarge);
}

/// <summary>One event as a producer posts it; <see cref="Data"/> is the JSON object itself, not a string.</summary>
public sealed record IngestEvent(string? Id, string? Type, int? V, string? Ts, string? Src, JsonElement? Data)
{
    public RawEvent ToRaw() => new(Id ?? "", Type ?? "", V ?? 0, Ts ?? "", Src ?? "",
        Data is { ValueKind: JsonValueKind.Object } data ? data.GetRawText() : Data?.GetRawText() ?? "");
}

public sealed record IngestAccepted(int Accepted, IReadOnlyList<string> Positions);

/// <summary>
/// The mandatory-report form a school, hospital or village committee fills in. The reporter's system
/// generates <see cref="ReportId"/> once, so resubmitting the same form never opens a second case.
/// </summary>
public sealed record ReportForm(
    string? ReportId, string? Category, string? ReporterType, string? TownshipCode, string? VillageCode,
    double? Lon, double? Lat, string? ChildId, string? DiscoveredAt, PersonalForm? Personal = null)
{
    public RawEvent ToRaw(DateTimeOffset now, string source)
    {
        var data = new JsonObject
        {
            ["report_id"] = ReportId,
            ["category"] = Category,
            ["reporter_type"] = ReporterType,
            ["township_code"] = TownshipCode,
            ["village_code"] = VillageCode,
            ["lon"] = Lon,
            ["lat"] = Lat,
            ["child_id"] = ChildId,
            ["discovered_at"] = DiscoveredAt,
            ["received_at"] = EventTimestamps.Format(now),
        };
        if (Personal is { } p)
        {
            // Sealed before the log (PersonalIntake); the names here are the catalog's.
            data["personal"] = new JsonObject
            {
                ["child_name"] = p.ChildName, ["child_birth_date"] = p.ChildBirthDate, ["guardian_name"] = p.GuardianName,
                ["guardian_phone"] = p.GuardianPhone, ["reporter_name"] = p.ReporterName, ["reporter_phone"] = p.ReporterPhone,
                ["address"] = p.Address,
            };
        }
        return new RawEvent("report-form:" + ReportId, EventTypes.ReportFiled, EventTypes.CurrentVersion,
            EventTimestamps.Format(now), source, data.ToJsonString());
    }
}

public sealed record ReportAccepted(string ReportId);

/// <summary>Reads a request body up to a limit, so an oversized one is refused without buffering it whole.</summary>
internal static class RequestBody
{
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
