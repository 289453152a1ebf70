using System.Diagnostics;
using Lbc.Server.Access;
using Lbc.Server.Projection;
using Microsoft.Extensions.Options;

namespace Lbc.Server.Feed;

/// <summary>
/// Pushes the projection's changes to the scopes with connections here: coalesced on a steady
/// <see cref="FeedOptions.Interval"/> cadence, but a new report at once (a duty officer must see it the moment it is
/// filed). When much else changed beside the report (heavy background traffic), the immediate push carries only the
/// cases, in a message of their own (a few hundred bytes instead of a tick's worth of township figures), and the rest
/// goes out, merged, with the next regular tick; when little did, it all goes in one message.
/// </summary>
public sealed class FeedPublisher : BackgroundService
{
    private readonly ProjectionHost _host;
    private readonly ScopedFeed _feed;
    private readonly FeedOptions _options;
    private readonly ILogger<FeedPublisher> _logger;
    private readonly SemaphoreSlim _urgent = new(0, 1);
    private bool _progressSent;
    private bool _wasReady;
    /// <summary>What immediate pushes drained but did not send (all but the cases), for the next regular tick.</summary>
    private FeedTick? _heldBack;

    public FeedPublisher(ProjectionHost host, ScopedFeed feed, IOptions<FeedOptions> options, ILogger<FeedPublisher> logger)
    {
        _host = host;
        _feed = feed;
        _options = options.Value;
        _logger = logger;
        host.Urgent += PublishNow;
    }

    /// <summary>Asks for an immediate push (a report was filed, a user recorded a step, or the replay finished).</summary>
    public void PublishNow()
    {
        if (_urgent.CurrentCount == 0)
        {
            try
            {
                _urgent.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one push covers both.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Regular ticks keep their cadence whatever the immediate pushes in between: a report every 200 ms must not
        // postpone the figures forever.
        var nextTick = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            bool urgent;
            try
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), nextTick);
                urgent = wait > TimeSpan.Zero && await _urgent.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!urgent)
            {
                nextTick = NextTickFromNow();
            }
            try
            {
                if (PublishOnce(urgent))
                {
                    // Little beside the report: everything went in one message now, and the next tick is an interval away.
                    nextTick = NextTickFromNow();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Publishing deltas failed; clients will resynchronise on the next gap");
            }
        }
    }

    private long NextTickFromNow() => Stopwatch.GetTimestamp() + (long)(_options.Interval.TotalSeconds * Stopwatch.Frequency);

    /// <summary>One tick; true when an urgent push sent everything (so the regular tick may wait a full interval).</summary>
    private bool PublishOnce(bool urgent)
    {
        // Progress rides along until the replay is done, and once more when it is.
        var progress = _host.Progress;
        var includeProgress = !progress.Ready || !_progressSent;
        _progressSent = progress.Ready;
        var scopes = _feed.ActiveScopes();
        if (!progress.Ready)
        {
            // While the log replays the UI shows only progress; the changes are dropped, not drained: building the
            // changes of a million-event replay cost more than applying it. Going live forces a resync below.
            var asOf = _host.DiscardChanges();
            foreach (var scope in scopes)
            {
                _feed.Publish(scope, ScopeDeltas.ProgressOnly(scope, asOf, progress));
            }
            _wasReady = false;
            _heldBack = null;
            return false;
        }
        var tick = _host.Read(p => FeedTick.Drain(p, scopes, includeProgress ? progress : null));
        if (!_wasReady)
        {
            // Just went live: one skipped number makes every client fetch a full snapshot, which holds everything
            // the replay changed.
            foreach (var scope in scopes)
            {
                _feed.ForceResync(scope);
                if (tick.Progress is { } p)
                {
                    _feed.Publish(scope, ScopeDeltas.ProgressOnly(scope, tick.AsOf, p));
                }
            }
            _wasReady = true;
            return false;
        }
        var sentAll = false;
        if (urgent)
        {
            if (tick.ItemsBesideCases + (_heldBack?.ItemsBesideCases ?? 0) > _options.UrgentInlineItems)
            {
                // Heavy traffic beside the report: the cases go now, alone; the rest with the next tick.
                PublishToAll(scopes, tick.CasesOnly(), caseScopesOnly: true);
                _heldBack = _heldBack is { } pending ? FeedTick.Merge(pending, tick.WithoutCases()) : tick.WithoutCases();
                return false;
            }
            sentAll = true;
        }
        if (_heldBack is { } held)
        {
            tick = FeedTick.Merge(held, tick);
            _heldBack = null;
        }
        PublishToAll(scopes, tick, caseScopesOnly: false);
        return sentAll;
    }

    /// <summary>Each scope gets only its part, numbered in its own sequence and split under the hub's limit by the feed.</summary>
    private void PublishToAll(IReadOnlyList<Scope> scopes, FeedTick tick, bool caseScopesOnly)
    {
        foreach (var scope in scopes)
        {
            if (caseScopesOnly && scope.View != ScopeView.Cases)
            {
                continue;
            }
            if (ScopeDeltas.For(scope, tick) is { } delta)
            {
                _feed.Publish(scope, delta);
            }
        }
    }
}
