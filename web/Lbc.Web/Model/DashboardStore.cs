using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Web.Model.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lbc.Web.Model;

/// <summary>
/// The client store: one hub connection and one live feed for the whole app (<see cref="ILiveFeed"/>: case-level or
/// the leading group's aggregates, chosen at sign-in; the server decides what the user sees, the store only follows the
/// user's role to know which model to fill).
/// Subscribes to deltas before fetching the snapshot (so nothing falls between them), buffers
/// until the snapshot arrives, and refetches a snapshot on a sequence gap or after a reconnect.
/// To show data sooner, the snapshot index.html requested before boot (<see cref="EarlyData"/>) is shown while
/// the hub connects, as a bridge only: deltas are not applied to it, the snapshot fetched after subscribing replaces it.
/// For case-level users the bridge leaves out the per-township figures (90% of the snapshot, and of its parse time;
/// shown only in the heat layer, which is off by default); the full snapshot brings them.
/// Without a session it asks for sign-in.
/// </summary>
public sealed class DashboardStore : IAsyncDisposable
{

    // The snapshot's JSON name for its township list (web defaults: camelCase).
    private static readonly string s_townshipsProperty = JsonNamingPolicy.CamelCase.ConvertName(nameof(DashboardSnapshot.Townships));

    private readonly HttpClient _http;
    private readonly EarlyData _early;
    private readonly SessionClient _session;
    private readonly TimeProvider _time;
    private readonly ILogger<DashboardStore> _logger;
    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly CancellationTokenSource _stopping = new();
    private HubConnection? _hub;
    private Task? _startTask;
    private int _resyncRunning;
    private ILiveFeed _feed;
    private readonly Dictionary<string, CaseHandlingNotice> _handling = new(StringComparer.Ordinal);

    private readonly DashboardTimings _timings;

    public DashboardStore(HttpClient http, EarlyData early, SessionClient session, TimeProvider time, ILogger<DashboardStore> logger,
        DashboardTimings? timings = null)
    {
        _timings = timings ?? new DashboardTimings();
        _http = http;
        _early = early;
        _session = session;
        _time = time;
        _logger = logger;
        _feed = CaseFeed();
    }

    public ConnectionState State { get; private set; } = ConnectionState.Connecting;

    /// <summary>When (client clock) the data last changed: a snapshot loaded or a delta applied.</summary>
    public DateTimeOffset? LastUpdated { get; private set; }

    /// <summary>The sequencing state of the user's feed (has data, progress, as of). Read on the UI thread in a change callback.</summary>
    public ISequencedModel Live => _feed.Model;

    /// <summary>The case-level view (police, civil affairs, administrators); do not keep references across renders.</summary>
    public CaseModel Cases { get; } = new();

    /// <summary>The leading group's aggregate view (filled instead of <see cref="Cases"/> for that role).</summary>
    public AggregateModel Aggregates { get; } = new();

    /// <summary>Who said they are handling which case (this session's notices, from every instance).</summary>
    public IReadOnlyDictionary<string, CaseHandlingNotice> Handling => _handling;

    /// <summary>The new-report alarm, fed from the case-level view.</summary>
    public ReportAlarm Alarm { get; } = new();

    /// <summary>The signed-in user, once known.</summary>
    public UserInfo? User => _session.User;

    /// <summary>Set when the server says nobody is signed in (401): the layout goes to the sign-in page.</summary>
    public bool NeedsSignIn { get; private set; }

    /// <summary>Starts once; later calls return the same task.</summary>
    public Task StartAsync()
    {
        lock (_lock)
        {
            return _startTask ??= StartCoreAsync(_stopping.Token);
        }
    }

    /// <summary>Calls <paramref name="onChange"/> (throttled) when data or connection state change. Dispose to stop.</summary>
    public IDisposable Subscribe(Func<Task> onChange)
    {
        var subscription = new Subscription(this, new CallbackThrottler(onChange, _timings.NotifyInterval, _time));
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }
        return subscription;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        // Who is signed in decides which model to fill; nobody means the sign-in page.
        for (var sessionAttempt = 0; !cancellationToken.IsCancellationRequested; sessionAttempt++)
        {
            try
            {
                if (await _session.LoadAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    RequireSignIn();
                    return;
                }
                lock (_lock)
                {
                    _feed = _session.SeesAggregatesOnly ? AggregateFeed() : CaseFeed();
                }
                break;
            }
            catch (HttpRequestException)
            {
                SetState(ConnectionState.Disconnected);
                await Task.Delay(ForeverRetryPolicy.DelayFor(sessionAttempt + 1), _time, cancellationToken).ConfigureAwait(false);
            }
        }

        // Runs while the hub connects (building and starting it takes a second or more in the browser).
        _ = ShowEarlySnapshotAsync();

        var hubUri = new Uri(_http.BaseAddress!, OpsHub.Path.TrimStart('/'));
        _hub = new HubConnectionBuilder()
            // The sign-in cookie goes with the hub's requests (same origin); no token in the URL.
            .WithUrl(hubUri)
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            // Short drops are bridged: the server replays what the connection missed, no resync needed.
            .WithStatefulReconnect()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default))
            .Build();

        // Subscribe first: every delta from the moment we connect is either buffered or applied.
        _feed.Subscribe(_hub, OnDelta);
        _hub.On<CaseHandlingNotice>(OpsHub.HandlingMethod, notice =>
        {
            lock (_lock)
            {
                _handling[notice.CaseId] = notice;
            }
            NotifyChanged();
        });
        _hub.Reconnecting += _ =>
        {
            SetState(ConnectionState.Reconnecting);
            return Task.CompletedTask;
        };
        _hub.Reconnected += _ =>
        {
            SetState(ConnectionState.Connected);
            // Deltas sent while we were away are lost: start again from a fresh snapshot.
            lock (_lock)
            {
                _feed.Model.BeginResync();
            }
            return ResyncAsync();
        };
        _hub.Closed += async _ =>
        {
            SetState(ConnectionState.Disconnected);
            // The server closes the hub when the sign-in expires: find out whether that is why.
            try
            {
                if (await _session.LoadAsync(_stopping.Token).ConfigureAwait(false) is null)
                {
                    RequireSignIn();
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
            }
        };

        // The automatic reconnect only covers a connection that was once up: retry the first start here.
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _hub.StartAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                RequireSignIn();
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    _logger.LogWarning(ex, "Hub connection failed (attempt {Attempt}); retrying", attempt + 1);
                }
                SetState(ConnectionState.Disconnected);
                if (attempt == 0)
                {
                    // Show the last known state while the hub is down; the resync after connecting replaces it.
                    _ = ResyncAsync();
                }
                await Task.Delay(ForeverRetryPolicy.DelayFor(++attempt), _time, cancellationToken).ConfigureAwait(false);
                SetState(ConnectionState.Connecting);
            }
        }
        SetState(ConnectionState.Connected);
        lock (_lock)
        {
            // Any snapshot fetched while the hub was down may be older than the first delta we get now.
            _feed.Model.BeginResync();
        }
        await ResyncAsync().ConfigureAwait(false);
    }

    /// <summary>"I am handling this case": told to every officer who sees the case, on every instance.</summary>
    public async Task MarkHandlingAsync(string caseId)
    {
        if (_hub is { State: HubConnectionState.Connected } hub)
        {
            await hub.InvokeAsync(OpsHub.MarkHandlingMethod, caseId).ConfigureAwait(false);
        }
    }

    private LiveFeed<DashboardSnapshot, DeltaBatch> CaseFeed() =>
        new(OpsHub.DeltaMethod, ContractsJsonContext.Default.DashboardSnapshot, Cases, _lock, earlyEmptied: s_townshipsProperty);

    private LiveFeed<AggregateSnapshot, AggregateDelta> AggregateFeed() =>
        new(OpsHub.AggregateMethod, ContractsJsonContext.Default.AggregateSnapshot, Aggregates, _lock);

    private void OnDelta(DeltaOutcome outcome, long fromSequence)
    {
        switch (outcome)
        {
            case DeltaOutcome.Applied:
                LastUpdated = _time.GetUtcNow();
                ObserveCases();
                NotifyChanged();
                break;
            case DeltaOutcome.Gap:
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    _logger.LogInformation("Delta gap at {FromSequence}; fetching a fresh snapshot", fromSequence);
                }
                _ = ResyncAsync();
                break;
        }
    }

    /// <summary>The alarm learns of new cases whenever the case-level view changed (not from the early bridge: it is not news).</summary>
    private void ObserveCases()
    {
        if (!_session.SeesAggregatesOnly)
        {
            lock (_lock)
            {
                Alarm.Observe(Cases.OpenCases);
            }
        }
    }

    private void RequireSignIn()
    {
        NeedsSignIn = true;
        NotifyChanged();
    }

    /// <summary>Loads the snapshot of the user's scope; false when buffered deltas showed a gap.</summary>
    private async Task<bool> LoadSnapshotAsync()
    {
        var loaded = await _feed.LoadSnapshotAsync(_http, _stopping.Token).ConfigureAwait(false);
        LastUpdated = _time.GetUtcNow();
        ObserveCases();
        return loaded;
    }

    /// <summary>
    /// Shows the snapshot requested before boot, if nothing newer is there yet (<see cref="ILiveFeed.ShowEarly"/>): a bridge
    /// while the hub connects; the snapshot fetched after subscribing replaces it and replays the buffered deltas.
    /// </summary>
    private async Task ShowEarlySnapshotAsync()
    {
        try
        {
            var json = await _early.TakeAsync(EarlyData.Snapshot, emptied: _feed.EarlyEmptied).ConfigureAwait(false);
            if (json is not null && _feed.ShowEarly(json))
            {
                LastUpdated = _time.GetUtcNow();
                NotifyChanged();
            }
        }
        catch (JsonException ex)
        {
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                _logger.LogWarning(ex, "The early snapshot could not be read; waiting for the regular one");
            }
        }
    }

    /// <summary>Fetches snapshots until one loads without a gap. Only one resync runs at a time.</summary>
    private async Task ResyncAsync()
    {
        if (Interlocked.Exchange(ref _resyncRunning, 1) == 1)
        {
            return;
        }
        try
        {
            var attempt = 0;
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    var loaded = await LoadSnapshotAsync().ConfigureAwait(false);
                    NotifyChanged();
                    if (loaded)
                    {
                        return;
                    }
                }
                catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    RequireSignIn();
                    return;
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested)
                {
                    if (_logger.IsEnabled(LogLevel.Warning))
                    {
                        _logger.LogWarning(ex, "Snapshot fetch failed; retrying");
                    }
                }
                await Task.Delay(ForeverRetryPolicy.DelayFor(++attempt), _time, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref _resyncRunning, 0);
        }
        // A gap reported while this resync was finishing would have been dropped by the guard above.
        bool again;
        lock (_lock)
        {
            again = _feed.Model.AwaitingSnapshot && !NeedsSignIn && !_stopping.IsCancellationRequested;
        }
        if (again)
        {
            await ResyncAsync().ConfigureAwait(false);
        }
    }

    private void SetState(ConnectionState state)
    {
        if (State == state)
        {
            return;
        }
        State = state;
        NotifyChanged();
    }

    private void NotifyChanged()
    {
        Subscription[] subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
        }
        foreach (var s in subscriptions)
        {
            _ = s.Throttler.Invoke();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_hub is not null)
        {
            await _hub.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private sealed class Subscription(DashboardStore store, CallbackThrottler throttler) : IDisposable
    {
        public CallbackThrottler Throttler { get; } = throttler;

        public void Dispose()
        {
            lock (store._lock)
            {
                store._subscriptions.Remove(this);
            }
        }
    }

    /// <summary>Keeps trying for as long as the page is open: 0, 2, 5, 10 s, then every 30 s.</summary>
    private sealed class ForeverRetryPolicy : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => DelayFor((int)Math.Min(retryContext.PreviousRetryCount, int.MaxValue));

        public static TimeSpan DelayFor(int attempt) => attempt switch
        {
            0 => TimeSpan.Zero,
            1 => TimeSpan.FromSeconds(2),
            2 => TimeSpan.FromSeconds(5),
            3 => TimeSpan.FromSeconds(10),
            _ => TimeSpan.FromSeconds(30),
        };
    }
}
