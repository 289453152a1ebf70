using System.Diagnostics;
using Lbc.Contracts;
using Lbc.Server.Access;

namespace Lbc.Server.Hosting;

/// <summary>
/// Pushes the projection's changes to hub clients: coalesced on a steady <see cref="Interval"/> cadence, but a new
/// report at once (a duty officer must see it the moment it is filed). When much else changed beside the report
/// (heavy background traffic), the immediate push carries only the cases, in a message of their own (a few hundred
/// bytes instead of a tick's worth of township counters), and everything else drained with it is held back and
/// goes out, merged, with the next regular tick; when little did, it all goes in one message.
/// </summary>
public sealed class DeltaPublisher(ProjectionHost host, ScopedFeed feed,
    ILogger<DeltaPublisher> logger) : BackgroundService
{
    internal static TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Up to this many townships and institutions (a few KB) ride with the cases of an immediate push; beyond it the
    /// cases go alone and the rest waits for the regular tick.
    /// </summary>
    internal static int UrgentInlineItems { get; set; } = 24;

    private readonly SemaphoreSlim _urgent = new(0, 1);
    private bool _progressSent;
    private bool _wasReady;
    /// <summary>What immediate pushes drained but did not send (all but the cases), for the next regular tick.</summary>
    private ChangeSet? _heldBack;

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
        // Regular ticks keep their cadence whatever the immediate pushes in between: a report every 200 ms must not
        // postpone the counters forever.
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
                nextTick = Stopwatch.GetTimestamp() + (long)(Interval.TotalSeconds * Stopwatch.Frequency);
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
                        feed.Publish(scope, ScopePolicy.ProgressOnly(scope, asOf, progress));
                    }
                    _wasReady = false;
                    _heldBack = null;
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
                            feed.Publish(scope, ScopePolicy.ProgressOnly(scope, changes.AsOf, p));
                        }
                    }
                    _wasReady = true;
                    continue;
                }
                if (urgent)
                {
                    if (BesideCases(changes) + (_heldBack is { } pending ? BesideCases(pending) : 0) > UrgentInlineItems)
                    {
                        // Heavy traffic beside the report: the cases go now, alone; the rest with the next tick.
                        PublishCasesNow(scopes, changes);
                        continue;
                    }
                    // Little beside it: everything in one message now (fewer messages, each written to every
                    // connection), and the next tick an interval from now.
                    nextTick = Stopwatch.GetTimestamp() + (long)(Interval.TotalSeconds * Stopwatch.Frequency);
                }
                if (_heldBack is { } held)
                {
                    changes = Merge(held, changes);
                    _heldBack = null;
                }
                // Each scope gets only its part, numbered in its own sequence and split under the hub's message limit
                // by the feed; queueing never waits for a client (ScopedFeed sends per connection).
                foreach (var scope in scopes)
                {
                    object? part = scope.View == ScopeView.Cases ? ScopePolicy.ForCases(scope, changes) : ScopePolicy.ForAggregates(scope, changes);
                    if (part is not null)
                    {
                        feed.Publish(scope, part);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Publishing deltas failed; clients will resynchronise on the next gap");
            }
        }
    }

    /// <summary>
    /// An immediate push: the changed and closed cases go to the case-level scopes now, alone; the rest (counters,
    /// institutions, indicators, the leading group's case counts) is held back for the next regular tick.
    /// </summary>
    private void PublishCasesNow(IReadOnlyList<Scope> scopes, ChangeSet changes)
    {
        if (changes.Cases.Count > 0 || changes.Removed.Count > 0)
        {
            var casesOnly = changes with
            {
                Institutions = [],
                Townships = [],
                Indicators = new Dictionary<string, IndicatorsDto>(),
                CaseCounts = new Dictionary<string, IReadOnlyList<CaseCountDto>>(),
                Progress = null,
            };
            foreach (var scope in scopes)
            {
                if (scope.View == ScopeView.Cases && ScopePolicy.ForCases(scope, casesOnly) is { } part)
                {
                    feed.Publish(scope, part);
                }
            }
        }
        var rest = changes with { Cases = [], Removed = [] };
        _heldBack = _heldBack is { } held ? Merge(held, rest) : rest;
    }

    /// <summary>How much of a change set is not cases: what would make an immediate push heavy.</summary>
    private static int BesideCases(ChangeSet changes) => changes.Townships.Count + changes.Institutions.Count;

    /// <summary>Two consecutive change sets as one: what <paramref name="later"/> says about an item wins.</summary>
    internal static ChangeSet Merge(ChangeSet earlier, ChangeSet later)
    {
        var removedLater = later.Removed.Select(r => r.CaseId).ToHashSet(StringComparer.Ordinal);
        var cases = earlier.Cases.Where(c => !removedLater.Contains(c.CaseId)).ToDictionary(c => c.CaseId, StringComparer.Ordinal);
        foreach (var c in later.Cases)
        {
            cases[c.CaseId] = c;
        }
        var removed = earlier.Removed.Where(r => !cases.ContainsKey(r.CaseId)).ToDictionary(r => r.CaseId, StringComparer.Ordinal);
        foreach (var r in later.Removed)
        {
            removed[r.CaseId] = r;
        }
        return new ChangeSet(later.AsOf, [.. cases.Values], [.. removed.Values],
            Upsert(earlier.Institutions, later.Institutions, i => i.InstitutionId),
            Upsert(earlier.Townships, later.Townships, t => t.Code),
            Overlay(earlier.Indicators, later.Indicators),
            Overlay(earlier.CaseCounts, later.CaseCounts),
            later.Progress ?? earlier.Progress);
    }

    private static List<T> Upsert<T>(IReadOnlyList<T> earlier, IReadOnlyList<T> later, Func<T, string> key)
    {
        if (earlier.Count == 0)
        {
            return [.. later];
        }
        var merged = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in earlier.Concat(later))
        {
            merged[key(item)] = item;
        }
        return [.. merged.Values];
    }

    private static Dictionary<string, T> Overlay<T>(IReadOnlyDictionary<string, T> earlier, IReadOnlyDictionary<string, T> later)
    {
        var merged = new Dictionary<string, T>(earlier, StringComparer.Ordinal);
        foreach (var (k, v) in later)
        {
            merged[k] = v;
        }
        return merged;
    }
}
