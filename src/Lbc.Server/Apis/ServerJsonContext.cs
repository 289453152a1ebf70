using System.Text.Json.Serialization;
using System.Text.Json;
using Lbc.Server.Health;
using Microsoft.AspNetCore.Mvc;

namespace Lbc.Server.Apis;

/// <summary>Source-generated JSON for the server's own request and response bodies.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(PublicHealthReport))]
[JsonSerializable(typeof(IngestEvent[]))]
[JsonSerializable(typeof(IngestAccepted))]
[JsonSerializable(typeof(ReportForm))]
[JsonSerializable(typeof(ReportAccepted))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
public sealed partial class ServerJsonContext : JsonSerializerContext;

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, ComponentStatus> Components, ProjectionHealth Projection);

/// <summary>/healthz for anyone who is not a signed-in administrator: status words only.</summary>
public sealed record PublicHealthReport(string Status, IReadOnlyDictionary<string, PublicComponentStatus> Components, PublicProjectionHealth Projection);

public sealed record PublicComponentStatus(string Status);

/// <summary>Whether the projection has caught up with the log (load balancers wait for it).</summary>
public sealed record PublicProjectionHealth(bool Ready);

public sealed record ProjectionHealth(bool Ready, string Phase, long Applied, long Duplicates, long Rejected, int ActiveChildren)
{
    /// <summary>Events read from the log on start (the tail after the snapshot, or the whole log).</summary>
    public long ReplayedOnStart { get; init; }

    /// <summary>The snapshot position the server started from; null after a full replay.</summary>
    public string? RestoredFrom { get; init; }
}
