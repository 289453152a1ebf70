using System.Security.Claims;
using Lbc.Contracts;
using Lbc.Domain.Regions;

namespace Lbc.Server.Access;

/// <summary>
/// The accounts this server signs in itself: <c>Dashboard:Users</c>, plus the demo accounts when they are on.
/// Entries with an unknown role or a jurisdiction that is not a known Liaoning region are left out: an
/// account that cannot be scoped must not sign in at all.
/// </summary>
public sealed class UserDirectory
{
    private readonly Dictionary<string, UserAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly RegionCatalog _regions;

    public UserDirectory(AccessOptions options, bool demoAccountsEnabled, RegionCatalog regions, ILogger<UserDirectory> logger)
    {
        _regions = regions;
        var skipped = 0;
        var sources = demoAccountsEnabled ? options.DemoAccounts.Users.Concat(options.Users) : options.Users;
        foreach (var (username, account) in sources)
        {
            if (ScopePolicy.IsValid(account.Role, account.Jurisdiction, regions) && !string.IsNullOrEmpty(account.PasswordHash))
            {
                _accounts[username] = account;
            }
            else
            {
                skipped++;
            }
        }
        // Counts only: usernames are staff identities and stay out of the log.
        if (skipped > 0)
        {
            logger.LogWarning("{Skipped} configured accounts were left out: unknown role, unknown jurisdiction or no password hash", skipped);
        }
        if (demoAccountsEnabled)
        {
            logger.LogWarning("Demo accounts are enabled (Dashboard:DemoAccounts:Enabled); turn them off outside a demo");
        }
    }

    public int Count => _accounts.Count;

    /// <summary>The account when the password matches; null otherwise (unknown users cost the same time).</summary>
    public UserAccount? Verify(string username, string password)
    {
        if (!_accounts.TryGetValue(username, out var account))
        {
            PasswordHashing.Verify(password, PasswordHashing.TimingDummy);
            return null;
        }
        return PasswordHashing.Verify(password, account.PasswordHash) ? account : null;
    }

    public bool TryGet(string username, out UserAccount account) => _accounts.TryGetValue(username, out account!);

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
}
