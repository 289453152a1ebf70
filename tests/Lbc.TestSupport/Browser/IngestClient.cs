using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;

namespace Lbc.TestSupport.Browser;

/// <summary>
/// A producer posting through the real ingest API (<c>POST /api/reports</c>, <c>POST /api/events</c>) with the test
/// producer's key, as the police intake or a school's system would: what a browser test then sees went the whole way
/// through the log, the projection, the feed and the hub.
/// </summary>
public sealed class IngestClient(HttpClient http)
{
    /// <summary>Files one mandatory report; returns its id, which is also the case id the pages show.</summary>
    public async Task<string> FileReportAsync(TestReport report)
    {
        var form = new JsonObject
        {
            ["reportId"] = report.ReportId,
            ["category"] = report.Category,
            ["reporterType"] = report.ReporterType,
            ["villageCode"] = report.VillageCode,
            ["townshipCode"] = report.TownshipCode,
            ["childId"] = report.ChildId,
            ["lon"] = report.Lon,
            ["lat"] = report.Lat,
        };
        if (report.Personal is { } p)
        {
            form["personal"] = new JsonObject
            {
                ["childName"] = p.ChildName, ["childBirthDate"] = p.ChildBirthDate, ["guardianName"] = p.GuardianName,
                ["guardianPhone"] = p.GuardianPhone, ["reporterName"] = p.ReporterName, ["reporterPhone"] = p.ReporterPhone,
                ["address"] = p.Address,
            };
        }
        await PostAsync(ApiRoutes.Reports, form.ToJsonString());
        return report.ReportId;
    }

    /// <summary>Posts catalog-v1 events (e.g. from <see cref="TestEvents"/>, whose <c>src</c> is the test producer) as one batch.</summary>
    public async Task PostEventsAsync(params RawEvent[] events)
    {
        var batch = new JsonArray();
        foreach (var e in events)
        {
            batch.Add(new JsonObject
            {
                ["id"] = e.Id,
                ["type"] = e.Type,
                ["v"] = e.V,
                ["ts"] = e.Ts,
                ["src"] = e.Src,
                ["data"] = JsonNode.Parse(e.Data),
            });
        }
        await PostAsync(ApiRoutes.Events, batch.ToJsonString());
    }

    private async Task PostAsync(string route, string json)
    {
        using var request = TestProducers.Sign(new HttpRequestMessage(HttpMethod.Post, route.TrimStart('/'))
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        });
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            // The server's ProblemDetails names the field or rule: show it rather than a bare status code.
            throw new InvalidOperationException(
                $"{route} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>
/// A mandatory report as a reporter's system sends it. Give coordinates to place it exactly (otherwise the server
/// places it at its village or township).
/// </summary>
public sealed record TestReport(string ReportId, string VillageCode)
{
    public string Category { get; init; } = "missing";
    public string ReporterType { get; init; } = "school";
    public string? TownshipCode { get; init; }
    public string? ChildId { get; init; }

    /// <summary>The form's personal fields (sealed by the server before the log).</summary>
    public PersonalForm? Personal { get; init; }
    public double? Lon { get; init; }
    public double? Lat { get; init; }

    /// <summary>An id no other test and no earlier run uses, so a test finds exactly its own data on the page.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("n")[..12].ToUpperInvariant()}";
}
