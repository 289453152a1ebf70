namespace Lbc.Web.Model;

/// <summary>
/// Calls a callback at most once per <see cref="MinInterval"/>. A call while one is already queued is
/// dropped: the queued one will see the latest state anyway (after Aspire's CallbackThrottler).
/// </summary>
public sealed class CallbackThrottler(Func<Task> callback, TimeSpan minInterval, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private bool _queued;
    private long _lastInvokeTimestamp;
    private bool _invokedOnce;

    public TimeSpan MinInterval { get; } = minInterval;

    /// <summary>Queues a call unless one is already queued. Never throws; returns the call's task for tests.</summary>
    public Task Invoke()
    {
        lock (_lock)
        {
            if (_queued)
            {
                return Task.CompletedTask;
            }
            _queued = true;
        }
        return RunAsync();
    }

    /// <summary>
    /// Records a call made outside the throttler (e.g. a full load because the subject changed), so that the next
    /// <see cref="Invoke"/> waits its interval instead of repeating that work at once.
    /// </summary>
    public void MarkInvoked()
    {
        lock (_lock)
        {
            _invokedOnce = true;
            _lastInvokeTimestamp = timeProvider.GetTimestamp();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            TimeSpan wait;
            lock (_lock)
            {
                wait = _invokedOnce ? MinInterval - timeProvider.GetElapsedTime(_lastInvokeTimestamp) : TimeSpan.Zero;
            }
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider).ConfigureAwait(false);
            }
            lock (_lock)
            {
                _queued = false;
                _invokedOnce = true;
                _lastInvokeTimestamp = timeProvider.GetTimestamp();
            }
            await callback().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A subscriber's failure (e.g. a component already disposed) must not break the store.
        }
    }
}
