namespace Lbc.Contracts;

/// <summary>The operations hub at <see cref="Path"/>: names shared by server and clients.</summary>
public static class OpsHub
{
    public const string Path = "/hubs/ops";

    /// <summary>Server -> client: a <see cref="DeltaBatch"/> (case-level scopes).</summary>
    public const string DeltaMethod = "delta";

    /// <summary>Server -> client: an <see cref="AggregateDelta"/> (the leading group's scopes).</summary>
    public const string AggregateMethod = "aggregate";

    /// <summary>Client -> server: "I am handling case X" (argument: the case id).</summary>
    public const string MarkHandlingMethod = "MarkHandling";

    /// <summary>Server -> client: a <see cref="CaseHandlingNotice"/> for a case in the receiver's jurisdiction.</summary>
    public const string HandlingMethod = "handling";

    /// <summary>No hub message may exceed this many bytes (SignalR's default receive limit); larger ones are split.</summary>
    public const int MaxMessageBytes = 32 * 1024;
}

/// <summary>HTTP routes shared by server and clients.</summary>
public static class ApiRoutes
{
    public const string Snapshot = "/api/snapshot";
    public const string Health = "/healthz";
    public const string CountyBoundaries = "/api/geo/counties";
    public const string Regions = "/api/geo/regions";
    public const string Events = "/api/events";
    public const string Reports = "/api/reports";
}

/// <summary>A region for labels and drill-down: code, name, parent code, representative point.</summary>
public sealed record RegionDto(string Code, string Name, string? Parent, string Level, double Lon, double Lat, bool Approximate);
