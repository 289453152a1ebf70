using System.Collections.Concurrent;

namespace Lbc.Server.Access;

/// <summary>
/// Locks out a username, and a client address, after repeated failed sign-ins. Counted for unknown usernames
/// too, so the lockout says nothing about which accounts exist. Memory is bounded: past
/// <see cref="MaxTracked"/> keys the table is pruned of entries that no longer matter.
/// </summary>
public sealed class LoginThrottle(SignInOptions options, TimeProvider time)
{
    internal const int MaxTracked = 10_000;
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool IsLockedOut(params ReadOnlySpan<string> keys)
    {
        var now = time.GetUtcNow();
        foreach (var key in keys)
        {
            if (_entries.TryGetValue(key, out var e) && e.LockedUntil > now)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Counts a failure against <paramref name="key"/>; the <paramref name="maxFailures"/>th within 15 minutes locks it.</summary>
    public void Failed(string key, int maxFailures)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxTracked)
        {
            Prune(now);
        }
        _entries.AddOrUpdate(key,
            _ => maxFailures <= 1 ? new Entry(0, now, now.AddMinutes(options.LockoutMinutes)) : new Entry(1, now, DateTimeOffset.MinValue),
            (_, e) =>
            {
                var failures = now - e.FirstFailure > s_window ? 1 : e.Failures + 1;
                var first = failures == 1 ? now : e.FirstFailure;
                return failures >= maxFailures
                    ? new Entry(0, first, now.AddMinutes(options.LockoutMinutes))
                    : new Entry(failures, first, e.LockedUntil);
            });
    }

    public void Succeeded(string key) => _entries.TryRemove(key, out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, e) in _entries)
        {
            if (e.LockedUntil <= now && now - e.FirstFailure > s_window)
            {
                _entries.TryRemove(key, out _);
            }
        }
        // Still full (an attack from many addresses): forget the oldest half rather than grow.
        if (_entries.Count >= MaxTracked)
        {
            foreach (var key in _entries.OrderBy(p => p.Value.FirstFailure).Take(_entries.Count / 2).Select(p => p.Key).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(int Failures, DateTimeOffset FirstFailure, DateTimeOffset LockedUntil);
}
