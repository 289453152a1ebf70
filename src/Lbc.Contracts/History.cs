using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lbc.Contracts;

/// <summary>
/// GET /api/history: one series of aggregates for a chart (never child-level data). Each point is a
/// bucket of <see cref="StepSeconds"/> starting at <see cref="HistoryPointDto.T"/>; empty buckets are left out.
/// </summary>
public sealed record HistorySeriesDto(
    string Metric,
    string Region,
    string Level,
    string? Stage,
    string Fn,
    int StepSeconds,
    DateTimeOffset From,
    DateTimeOffset To,
    string Source,
    IReadOnlyList<HistoryPointDto> Points);

/// <summary>One bucket; <see cref="V"/> is null where a figure below 5 is suppressed for the leading group.</summary>
public sealed record HistoryPointDto(DateTimeOffset T, double? V);

public static class HistoryRoutes
{
    public const string History = "/api/history";
}

/// <summary>Source-generated JSON for the history API (kept beside, not inside, the shared context).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HistorySeriesDto))]
public sealed partial class HistoryJsonContext : JsonSerializerContext;
