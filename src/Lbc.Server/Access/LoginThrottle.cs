using System.Collections.Concurrent;

namespace Lbc.Server.Access;

/// <summary>What the throttle says about one sign-in attempt before the password is checked.</summary>
/// <param name="RetryAfter">Locked out: how long until the lock ends; null when the attempt may go on.</param>
/// <param name="SlowDown">How long to wait before checking the password (a username under attack); zero normally.</param>
public readonly record struct LoginCheck(TimeSpan? RetryAfter, TimeSpan SlowDown)
{
    public bool IsLockedOut => RetryAfter is not null;
}

/// <summary>
/// Failed sign-ins, counted three ways within a 15-minute window:
/// <list type="bullet">
/// <item>per (username, client address): <see cref="SignInOptions.MaxFailures"/> locks that pair only, so
/// someone guessing an officer's password from one machine does not lock the officer out at another;</item>
/// <item>per client address: <see cref="SignInOptions.AddressMaxFailures"/> locks the address for every
/// username (one machine trying many names);</item>
/// <item>per username from all addresses: past <see cref="SignInOptions.UsernameSlowdownFailures"/> every
/// attempt for it waits, but is never refused, so a distributed attack slows down without locking the
/// account's owner out.</item>
/// </list>
/// Counted for unknown usernames too, so the answers say nothing about which accounts exist. Memory is
/// bounded: past <see cref="MaxTracked"/> keys the table is pruned of entries that no longer matter.
/// </summary>
public sealed class LoginThrottle(SignInOptions options, TimeProvider time)
{
    internal const int MaxTracked = 10_000;
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public LoginCheck Check(string username, string address)
    {
        var now = time.GetUtcNow();
        var lockedUntil = Max(LockedUntil(PairKey(username, address), now), LockedUntil(AddressKey(address), now));
        if (lockedUntil > now)
        {
            return new LoginCheck(lockedUntil - now, TimeSpan.Zero);
        }
        var userFailures = _entries.TryGetValue(UserKey(username), out var e) && now - e.FirstFailure <= s_window ? e.Failures : 0;
        return new LoginCheck(null, userFailures >= options.UsernameSlowdownFailures
            ? TimeSpan.FromSeconds(options.UsernameSlowdownSeconds) : TimeSpan.Zero);
    }

    public void Failed(string username, string address)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxTracked)
        {
            Prune(now);
        }
        Count(PairKey(username, address), options.MaxFailures, now);
        Count(AddressKey(address), options.AddressMaxFailures, now);
        Count(UserKey(username), int.MaxValue, now);
    }

    /// <summary>
    /// Clears only the pair: a success must not reset the address (an attacker with one account of their own
    /// would sign in between guesses) nor the username-wide count (the evidence of a distributed attack).
    /// </summary>
    public void Succeeded(string username, string address) => _entries.TryRemove(PairKey(username, address), out _);

    private static string PairKey(string username, string address) => "pair:" + username.ToLowerInvariant() + "\n" + address;

    private static string AddressKey(string address) => "addr:" + address;

    private static string UserKey(string username) => "user:" + username.ToLowerInvariant();

    private DateTimeOffset LockedUntil(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var e) && e.LockedUntil > now ? e.LockedUntil : DateTimeOffset.MinValue;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Counts a failure against <paramref name="key"/>; the <paramref name="maxFailures"/>th within the window locks it.</summary>
    private void Count(string key, int maxFailures, DateTimeOffset now)
    {
        var lockout = TimeSpan.FromMinutes(options.LockoutMinutes);
        _entries.AddOrUpdate(key,
            _ => maxFailures <= 1 ? new Entry(0, now, now + lockout) : new Entry(1, now, DateTimeOffset.MinValue),
            (_, e) =>
            {
                var failures = now - e.FirstFailure > s_window ? 1 : e.Failures + 1;
                var first = failures == 1 ? now : e.FirstFailure;
                return failures >= maxFailures
                    ? new Entry(0, first, now + lockout)
                    : new Entry(failures, first, e.LockedUntil);
            });
    }

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
