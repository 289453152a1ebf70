namespace Lbc.TestSupport;

/// <summary>Waits for the server to reach a state it reaches on its own time (a projection applying, a feed ticking).</summary>
public static class Eventually
{
    /// <summary>
    /// Calls <paramref name="attempt"/> until it gives a value (not null), every 50 ms, for at most <paramref name="timeout"/>;
    /// then throws <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await attempt() is { } result)
            {
                return result;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The server never reached the expected state");
    }
}
