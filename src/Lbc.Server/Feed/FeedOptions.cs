namespace Lbc.Server.Feed;

/// <summary>
/// <c>Dashboard:Feed</c>: the live feed's timings and limits. Instance options (tests shorten them per server),
/// validated at start.
/// </summary>
public sealed class FeedOptions
{
    public const string Section = "Dashboard:Feed";

    /// <summary>Changes are coalesced and pushed at most this often (a new report and a recorded step go at once).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Up to this many townships and institutions (a few KB) ride with the cases of an immediate push; beyond it the
    /// cases go alone and the rest waits for the regular tick.
    /// </summary>
    public int UrgentInlineItems { get; set; } = 24;

    /// <summary>Messages queued per connection; when full the oldest is dropped and the client resynchronises.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>A send that takes longer closes that connection (the client is gone or hopelessly behind).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A delta's JSON must stay under this (the hub's 32 KB message limit minus the invocation envelope).</summary>
    public int MaxPayloadBytes { get; set; } = Lbc.Contracts.OpsHub.MaxMessageBytes - 512;
}
