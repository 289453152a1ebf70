using System.Security.Claims;
using Lbc.Contracts;
using Lbc.Domain.Regions;

namespace Lbc.Server.Access;

/// <summary>What a scope shows: case-level data, or the leading group's aggregates.</summary>
public enum ScopeView
{
    Cases,
    Aggregates,
}

/// <summary>
/// One feed: a view of one jurisdiction. Police, civil affairs and administrators of the same region see the
/// same bytes, so they share a scope (one sequence, one filtering per tick); the leading group has its own.
/// </summary>
public readonly record struct Scope(ScopeView View, string Jurisdiction)
{
    /// <summary>The hub group of this scope (assigned by the server from claims, never by the client).</summary>
    public string Group => (View == ScopeView.Cases ? "cases:" : "aggregates:") + Jurisdiction;
}

/// <summary>
/// The one place that decides who sees what: from a user's claims to a <see cref="Scope"/>, and from the
/// province-wide projection to what one scope may receive. HTTP and the hub both go through here.
/// </summary>
public static class ScopePolicy
{
    public const string JurisdictionClaim = "lbc:jurisdiction";
    public const string DisplayNameClaim = "lbc:display_name";

    /// <summary>
    /// A role the dashboard knows and a known Liaoning region above village level, or the country for a leading group on the
    /// national catalog.
    /// </summary>
    public static bool IsValid(string? role, string? jurisdiction, RegionCatalog regions) =>
        role is not null && Roles.All.Contains(role)
        && jurisdiction is not null
        && IsJurisdictionOf(role, jurisdiction)
        && regions.IsKnown(jurisdiction);

    /// <summary>
    /// The jurisdiction rule without the catalog: a Liaoning region above village level (township staff exactly one township),
    /// or the country (<see cref="RegionCodes.Country"/>) for the leading group, who sees aggregates only: no case-level user
    /// holds more than the province.
    /// </summary>
    public static bool IsJurisdictionOf(string role, string jurisdiction) =>
        jurisdiction == RegionCodes.Country
            ? Roles.SeesAggregatesOnly(role)
            : RegionCodes.LevelOf(jurisdiction) is RegionLevel.Province or RegionLevel.City or RegionLevel.County or RegionLevel.Township
              && RegionCodes.Contains(RegionCodes.Liaoning, jurisdiction)
              && FitsRole(role, jurisdiction);

    /// <summary>Township staff work for exactly one township; every other role for any region above village level.</summary>
    public static bool FitsRole(string role, string jurisdiction) =>
        role != Roles.TownshipStaff || RegionCodes.LevelOf(jurisdiction) == RegionLevel.Township;

    /// <summary>
    /// The region a user may import ledgers for, or null: township staff their township, civil affairs a county or a township
    /// (a city or province office sends no township's quarterly file: the counties collect them).
    /// </summary>
    public static string? LedgerJurisdictionOf(ClaimsPrincipal user) =>
        ScopeOf(user) is { View: ScopeView.Cases } scope && user.FindFirstValue(ClaimTypes.Role) is { } role && Roles.MayImportLedger(role)
        && RegionCodes.LevelOf(scope.Jurisdiction) is RegionLevel.Township or RegionLevel.County
            ? scope.Jurisdiction
            : null;

    public static ClaimsPrincipal Principal(string username, string displayName, string role, string jurisdiction, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, username),
                new Claim(DisplayNameClaim, displayName),
                new Claim(ClaimTypes.Role, role),
                new Claim(JurisdictionClaim, jurisdiction),
            ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static string? JurisdictionOf(ClaimsPrincipal user) => user.FindFirstValue(JurisdictionClaim);

    /// <summary>The user's scope, or null when the claims do not name a valid role and region (then: no data at all).</summary>
    public static Scope? ScopeOf(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var role = user.FindFirstValue(ClaimTypes.Role);
        var jurisdiction = JurisdictionOf(user);
        if (role is null || !Roles.All.Contains(role) || jurisdiction is null || !IsJurisdictionOf(role, jurisdiction))
        {
            return null;
        }
        return new Scope(Roles.SeesAggregatesOnly(role) ? ScopeView.Aggregates : ScopeView.Cases, jurisdiction);
    }

    /// <summary>The case-level groups that must hear about a case in <paramref name="townshipCode"/>: every region containing it.</summary>
    public static IReadOnlyList<string> CaseGroupsFor(string townshipCode)
    {
        var groups = new List<string>(4);
        for (var code = townshipCode; code is not null; code = RegionCodes.ParentOf(code))
        {
            groups.Add(new Scope(ScopeView.Cases, code).Group);
        }
        return groups;
    }

    public static bool Sees(Scope scope, string townshipCode) =>
        scope.View == ScopeView.Cases && RegionCodes.Contains(scope.Jurisdiction, townshipCode);

    /// <summary>Whether a region's figures belong to the scope's jurisdiction (any view).</summary>
    public static bool SeesRegion(Scope scope, string regionCode) => RegionCodes.Contains(scope.Jurisdiction, regionCode);

    /// <summary>An alert reaches the case-level scopes whose officers own it (<see cref="Lbc.Domain.Alerts.AlertOwnership"/>); never the leading group.</summary>
    public static bool OwnsAlert(Scope scope, AlertDto alert) =>
        scope.View == ScopeView.Cases
        && Lbc.Domain.Alerts.AlertOwnership.IsOwnedBy(scope.Jurisdiction, alert.OwnerRegion, alert.RegionCode, alert.InstitutionId is not null,
            Lbc.Domain.Alerts.AlertVocabulary.Escalates(alert.Rule));

    /// <summary>Whether a case-level scope may hold an alert about <paramref name="regionCode"/> (where its removal goes).</summary>
    public static bool MayHoldAlert(Scope scope, string regionCode) =>
        scope.View == ScopeView.Cases && Lbc.Domain.Alerts.AlertOwnership.MayHold(scope.Jurisdiction, regionCode);

    /// <summary>
    /// An institution serves the regions around it: a county user sees a city's relief station, a city user
    /// the stations of its counties (the same rule as the projection's snapshot). Case-level scopes only.
    /// </summary>
    public static bool SeesInstitution(Scope scope, string regionCode) =>
        scope.View == ScopeView.Cases
        && (RegionCodes.Contains(scope.Jurisdiction, regionCode) || RegionCodes.Contains(regionCode, scope.Jurisdiction));
}
