namespace Lbc.Contracts;

/// <summary>The roles of the command center (claim values; names are contract with the province SSO mapping).</summary>
public static class Roles
{
    public const string PoliceDutyOfficer = "police_duty_officer";
    public const string CivilAffairs = "civil_affairs";
    public const string LeadingGroup = "leading_group";
    public const string Administrator = "administrator";

    /// <summary>
    /// Township staff (乡镇) keep the quarterly ledger: they import it, see their township's children and its overdue list.
    /// Their jurisdiction is always one township.
    /// </summary>
    public const string TownshipStaff = "township_staff";

    public static IReadOnlyList<string> All { get; } = [PoliceDutyOfficer, CivilAffairs, LeadingGroup, Administrator, TownshipStaff];

    /// <summary>
    /// Who may import a township ledger (/ledger): township staff for their township, civil affairs for the townships of
    /// their county (or township); the region level is checked by the server.
    /// </summary>
    public static bool MayImportLedger(string role) => role is TownshipStaff or CivilAffairs;

    /// <summary>Who records the steps of an emergency case (acknowledge, dispatch, on scene...): the police, and administrators.</summary>
    public static bool MayRecordCaseSteps(string role) => role is PoliceDutyOfficer or Administrator;

    /// <summary>The leading group sees aggregates only: no case, child or village identity.</summary>
    public static bool SeesAggregatesOnly(string role) => role == LeadingGroup;
}

/// <summary>Body of <c>POST /api/auth/login</c>.</summary>
public sealed record LoginRequest(string? Username, string? Password);

/// <summary>The signed-in user as the dashboard shows them (<c>GET /api/auth/me</c>).</summary>
public sealed record UserInfo(string Username, string DisplayName, string Role, string Jurisdiction, string JurisdictionName);

/// <summary>Sign-in routes and the header every state-changing call must carry.</summary>
public static class AuthRoutes
{
    public const string Login = "/api/auth/login";
    public const string Logout = "/api/auth/logout";
    public const string Me = "/api/auth/me";

    /// <summary>
    /// Required on cookie-authenticated POSTs. A cross-site form cannot set a custom header, and a cross-site
    /// script can only with a CORS preflight this server never grants; together with SameSite=Strict that is
    /// the antiforgery defence for a JSON API used by a same-origin SPA.
    /// </summary>
    public const string RequestedWithHeader = "X-Requested-With";
    public const string RequestedWithValue = "lbc-dashboard";
}
