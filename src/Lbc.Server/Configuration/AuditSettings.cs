namespace Lbc.Server.Configuration;

/// <summary><c>Dashboard:Audit</c>: how audit lines travel to the log (a bounded queue, written in batches) and how many the projection indexes.</summary>
public sealed class AuditSettings
{
    public const string Section = "Dashboard:Audit";

    /// <summary>Lines waiting for the log at most; when full (the log has been down for long), new ones are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Lines appended to the log in one write.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The newest lines the projection keeps for <c>GET /api/audit</c> (the log keeps all of them).</summary>
    public int IndexLines { get; set; } = 200_000;

    /// <summary>How long the writer waits before trying an unreachable log again.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The <c>src</c> of audit events: this dashboard instance. Empty: <c>dashboard@</c> and the host name.</summary>
    public string Source { get; set; } = "";

    public string SourceOrDefault => string.IsNullOrWhiteSpace(Source) ? "dashboard@" + Environment.MachineName : Source.Trim();
}
