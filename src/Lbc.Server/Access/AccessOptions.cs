namespace Lbc.Server.Access;

/// <summary>
/// Sign-in configuration, bound from the <c>Dashboard</c> section: <c>Dashboard:Users:&lt;username&gt;</c>,
/// <c>Dashboard:DemoAccounts</c>, <c>Dashboard:Oidc</c>, <c>Dashboard:SignIn</c>.
/// </summary>
public sealed class AccessOptions
{
    /// <summary>Production accounts keyed by username; passwords only as hashes (see <see cref="PasswordHashing"/>).</summary>
    public Dictionary<string, UserAccount> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public DemoAccountsOptions DemoAccounts { get; set; } = new();

    public OidcOptions Oidc { get; set; } = new();

    public SignInOptions SignIn { get; set; } = new();
}

/// <summary>One configured account.</summary>
public sealed class UserAccount
{
    public string DisplayName { get; set; } = "";

    /// <summary>One of <see cref="Lbc.Contracts.Roles"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>A region code: province "21", a city (4 digits), a county (6) or a township (9).</summary>
    public string Jurisdiction { get; set; } = "";

    /// <summary><c>pbkdf2$iterations$salt$hash</c> or an ASP.NET Core Identity password hash.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>A disabled account cannot sign in, and its open sessions end when the configuration reloads.</summary>
    public bool Disabled { get; set; }
}

/// <summary>
/// The demo accounts of the embedded default. <see cref="Enabled"/> unset means "on only in the embedded
/// mode" (SQLite event log): a production deployment on Redis never lets them in by accident.
/// </summary>
public sealed class DemoAccountsOptions
{
    public bool? Enabled { get; set; }

    public Dictionary<string, UserAccount> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The province's single sign-on. Wired only when <see cref="Authority"/> and <see cref="ClientId"/> are set.</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Claim that carries one of the four role names (map the SSO's values to them there).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Claim that carries the user's region code.</summary>
    public string JurisdictionClaim { get; set; } = "jurisdiction";

    public string NameClaim { get; set; } = "preferred_username";
    public string DisplayNameClaim { get; set; } = "name";

    /// <summary>Only for a development SSO over plain HTTP on loopback.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

public sealed class SignInOptions
{
    /// <summary>How long the sign-in cookie lasts (sliding: renewed while it is used); one duty shift.</summary>
    public double SessionHours { get; set; } = 12;

    /// <summary>
    /// A session with no request and no open live connection for this long ends on the server (a tab closed
    /// without signing out, a cookie replayed later). An open dashboard keeps its session alive.
    /// </summary>
    public double IdleMinutes { get; set; } = 30;

    /// <summary>Failed attempts for one username from one client address before that pair is locked out.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>Failed attempts from one client address (any usernames) before the address is locked out.</summary>
    public int AddressMaxFailures { get; set; } = 20;

    public double LockoutMinutes { get; set; } = 5;

    /// <summary>
    /// Failed attempts for one username from all addresses after which every attempt for it waits
    /// <see cref="UsernameSlowdownSeconds"/>: slowed, never locked, so nobody can lock an officer out.
    /// </summary>
    public int UsernameSlowdownFailures { get; set; } = 50;

    public double UsernameSlowdownSeconds { get; set; } = 2;

    /// <summary>Login requests per client address per minute, whatever their outcome.</summary>
    public int RequestsPerMinute { get; set; } = 30;

    /// <summary>Stops the start naming the key: a zero idle timeout or lockout would silently disable a defence.</summary>
    public void Validate()
    {
        Positive(SessionHours, nameof(SessionHours));
        Positive(IdleMinutes, nameof(IdleMinutes));
        Positive(MaxFailures, nameof(MaxFailures));
        Positive(AddressMaxFailures, nameof(AddressMaxFailures));
        Positive(LockoutMinutes, nameof(LockoutMinutes));
        Positive(UsernameSlowdownFailures, nameof(UsernameSlowdownFailures));
        Positive(RequestsPerMinute, nameof(RequestsPerMinute));
        if (UsernameSlowdownSeconds < 0 || UsernameSlowdownSeconds > 30)
        {
            throw new InvalidOperationException("Dashboard:SignIn:UsernameSlowdownSeconds must be between 0 and 30.");
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0))
        {
            throw new InvalidOperationException($"Dashboard:SignIn:{name} must be greater than 0.");
        }
    }
}
