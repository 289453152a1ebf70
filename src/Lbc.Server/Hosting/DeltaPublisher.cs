using Lbc.Server.Access;

namespace Lbc.Server.Hosting;

/// <summary>
/// Pushes the projection's changes to hub clients: coalesced every <see cref="Interval"/>, but at once
/// when a new report arrives (a duty officer must see it the moment it is filed).
/// </summary>
public sealed class DeltaPublisher(ProjectionHost host, ScopedFeed feed,
    ILogger<DeltaPublisher> logger) : BackgroundService
{
    internal static TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _urgent = new(0, 1);
    private bool _progressSent;
    private bool _wasReady;

    /// <summary>Asks for an immediate push (a report was filed).</summary>
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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _urgent.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                host.Tick();
                // Progress rides along until the replay is done, and once more when it is.
                var progress = host.Progress;
                var includeProgress = !progress.Ready || !_progressSent;
                _progressSent = progress.Ready;
                var scopes = feed.ActiveScopes();
                if (!progress.Ready)
                {
                    // While the log replays the UI shows only progress; the changes are dropped, not drained: building
                    // deltas of a million-event replay cost more than applying it. Going live forces a resync below.
                    var asOf = host.DiscardChanges();
                    foreach (var scope in scopes)
                    {
                        feed.Publish(scope, [ScopePolicy.ProgressOnly(scope, asOf, progress)]);
                    }
                    _wasReady = false;
                    continue;
                }
                var changes = host.DrainChanges(includeProgress, scopes);
                if (!_wasReady)
                {
                    // Just went live: one skipped number makes every client fetch a full snapshot, which holds
                    // everything the replay changed.
                    foreach (var scope in scopes)
                    {
                        feed.ForceResync(scope);
                        if (changes.Progress is { } p)
                        {
                            feed.Publish(scope, [ScopePolicy.ProgressOnly(scope, changes.AsOf, p)]);
                        }
                    }
                    _wasReady = true;
                    continue;
                }
                // Each scope gets only its part, split under the hub's message limit, numbered in its own sequence;
                // queueing never waits for a client (ScopedFeed sends per connection).
                foreach (var scope in scopes)
                {
                    object? part = scope.View == ScopeView.Cases ? ScopePolicy.ForCases(scope, changes) : ScopePolicy.ForAggregates(scope, changes);
                    if (part is not null)
                    {
                        feed.Publish(scope, HubMessageSplitter.Split(part));
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Publishing deltas failed; clients will resynchronise on the next gap");
            }
        }
    }
}
