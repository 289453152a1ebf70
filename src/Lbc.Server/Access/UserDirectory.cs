using System.Security.Claims;
using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.Configuration;
using Microsoft.Extensions.Primitives;

namespace Lbc.Server.Access;

/// <summary>
/// The accounts this server signs in itself: <c>Dashboard:Users</c>, plus the demo accounts when they are on.
/// Entries with an unknown role or a jurisdiction that is not a known Liaoning region are left out: an
/// account that cannot be scoped must not sign in at all; so are disabled ones. Re-read when the
/// configuration reloads (an edited appsettings.json), so a disabled or changed account loses its sessions
/// without a restart (<see cref="Changed"/>).
/// </summary>
public sealed class UserDirectory
{
    private readonly IConfiguration _configuration;
    private readonly bool _demoAccountsEnabled;
    private readonly RegionCatalog _regions;
    private readonly ILogger<UserDirectory> _logger;
    private volatile Accounts _current;

    public UserDirectory(IConfiguration configuration, bool demoAccountsEnabled, RegionCatalog regions, ILogger<UserDirectory> logger)
    {
        _configuration = configuration;
        _demoAccountsEnabled = demoAccountsEnabled;
        _regions = regions;
        _logger = logger;
        _current = Load();
        if (demoAccountsEnabled)
        {
            logger.LogWarning("Demo accounts are enabled (Dashboard:DemoAccounts:Enabled); turn them off outside a demo");
        }
        ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            _current = Load();
            Changed?.Invoke();
        });
    }

    /// <summary>Raised after the accounts were re-read from a reloaded configuration.</summary>
    public event Action? Changed;

    public int Count => _current.ByName.Count;

    /// <summary>The account when the password matches; null otherwise (unknown users cost the same time).</summary>
    public UserAccount? Verify(string username, string password)
    {
        var accounts = _current;
        if (!accounts.ByName.TryGetValue(username, out var account))
        {
            PasswordHashing.Verify(password, accounts.TimingDummy);
            return null;
        }
        return PasswordHashing.Verify(password, account.PasswordHash) ? account : null;
    }

    public bool TryGet(string username, out UserAccount account) => _current.ByName.TryGetValue(username, out account!);

    /// <summary>
    /// Whether a locally signed-in principal still matches its account: not removed, not disabled, same role
    /// and region. SSO principals are the identity provider's business and always match here.
    /// </summary>
    public bool StillMatches(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(AccessSetup.SourceClaim) != AccessSetup.LocalSource)
        {
            return true;
        }
        return principal.Identity?.Name is { } name && TryGet(name, out var account)
            && account.Role == principal.FindFirstValue(ClaimTypes.Role)
            && account.Jurisdiction == ScopePolicy.JurisdictionOf(principal);
    }

    public static ClaimsPrincipal PrincipalOf(string username, UserAccount account, string scheme)
    {
        var principal = ScopePolicy.Principal(username, account.DisplayName, account.Role, account.Jurisdiction, scheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AccessSetup.SourceClaim, AccessSetup.LocalSource));
        return principal;
    }

    public UserInfo InfoOf(ClaimsPrincipal user)
    {
        var jurisdiction = ScopePolicy.JurisdictionOf(user) ?? "";
        return new UserInfo(user.Identity?.Name ?? "", user.FindFirstValue(ScopePolicy.DisplayNameClaim) ?? "",
            user.FindFirstValue(ClaimTypes.Role) ?? "", jurisdiction, _regions.NameOf(jurisdiction) ?? jurisdiction);
    }

    private Accounts Load()
    {
        var options = _configuration.GetSection(DashboardOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        var byName = new Dictionary<string, UserAccount>(StringComparer.OrdinalIgnoreCase);
        var skipped = 0;
        // The demo account of the national leading group holds the country, which only the national catalog has: on the
        // province's catalog it is not a mistake to warn about, just not this geography's.
        var demo = _demoAccountsEnabled
            ? options.DemoAccounts.Users.Where(a => _regions.IsNational || a.Value.Jurisdiction != RegionCodes.Country)
            : [];
        foreach (var (username, account) in demo.Concat(options.Users))
        {
            if (!account.Disabled && ScopePolicy.IsValid(account.Role, account.Jurisdiction, _regions) && !string.IsNullOrEmpty(account.PasswordHash))
            {
                byName[username] = account;
            }
            else
            {
                byName.Remove(username);
                skipped++;
            }
        }
        // Counts only: usernames are staff identities and stay out of the log.
        if (skipped > 0)
        {
            _logger.LogWarning("{Skipped} configured accounts were left out: disabled, unknown role, unknown jurisdiction or no password hash", skipped);
        }
        var costs = byName.Values.Select(a => PasswordHashing.CostOf(a.PasswordHash)).Distinct().Count();
        if (costs > 1)
        {
            // Unknown usernames are timed like the most common cost; an account of another cost answers faster or
            // slower than an unknown name would, which tells an attacker it exists.
            _logger.LogWarning("Configured password hashes use {Costs} different formats or iteration counts; rehash them with one (hash-password)", costs);
        }
        return new Accounts(byName, PasswordHashing.DummyLike(byName.Values.Select(a => a.PasswordHash)));
    }

    private sealed record Accounts(Dictionary<string, UserAccount> ByName, string TimingDummy);
}
