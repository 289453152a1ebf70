using System.Security.Claims;
using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.Access;

namespace Lbc.Server.Tests.Access;

/// <summary>
/// The country ("00") as a jurisdiction: only the leading group may hold it (aggregates, never cases), and only on a catalog
/// that has more than one province; a case-level account holding it stops the start naming the key.
/// </summary>
public sealed class CountryJurisdictionTests
{
    private static readonly RegionCatalog s_liaoning = Catalog(national: false);
    private static readonly RegionCatalog s_national = Catalog(national: true);

    [Theory]
    [InlineData(Roles.LeadingGroup, true)]
    [InlineData(Roles.PoliceDutyOfficer, false)]
    [InlineData(Roles.CivilAffairs, false)]
    [InlineData(Roles.Administrator, false)]
    [InlineData(Roles.TownshipStaff, false)]
    public void Country_OnANationalCatalog_IsTheLeadingGroupsOnly(string role, bool valid)
    {
        Assert.Equal(valid, ScopePolicy.IsValid(role, RegionCodes.Country, s_national));
        // Never on the province's catalog, whoever asks.
        Assert.False(ScopePolicy.IsValid(role, RegionCodes.Country, s_liaoning));
    }

    [Fact]
    public void National_ProvincialRolesStayInLiaoning()
    {
        Assert.True(ScopePolicy.IsValid(Roles.PoliceDutyOfficer, "21", s_national));
        Assert.False(ScopePolicy.IsValid(Roles.PoliceDutyOfficer, "22", s_national));
        Assert.False(ScopePolicy.IsValid(Roles.LeadingGroup, "22", s_national));
    }

    [Fact]
    public void ScopeOf_CountryClaims_AggregatesForTheLeadingGroup_NothingForPolice()
    {
        Assert.Equal(new Scope(ScopeView.Aggregates, RegionCodes.Country), ScopePolicy.ScopeOf(Principal(Roles.LeadingGroup)));
        Assert.Null(ScopePolicy.ScopeOf(Principal(Roles.PoliceDutyOfficer)));
        Assert.Null(ScopePolicy.ScopeOf(Principal(Roles.CivilAffairs)));
    }

    [Fact]
    public void Validator_PoliceAccountHoldingTheCountry_IsNamed_LeadingGroupsIsNot()
    {
        var options = new AccessOptions();
        options.Users["officer-cn"] = new UserAccount { Role = Roles.PoliceDutyOfficer, Jurisdiction = "00", PasswordHash = "x", DisplayName = "x" };
        options.Users["leader-cn"] = new UserAccount { Role = Roles.LeadingGroup, Jurisdiction = "00", PasswordHash = "x", DisplayName = "x" };

        var result = new AccessOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Dashboard:Users:officer-cn:Jurisdiction: only the leading group may hold the country", failure, StringComparison.Ordinal);
    }

    private static ClaimsPrincipal Principal(string role) => ScopePolicy.Principal("u", "U", role, RegionCodes.Country, "test");

    private static RegionCatalog Catalog(bool national)
    {
        List<Province> provinces = [new("21", "辽宁省")];
        List<City> cities = [new("2101", "沈阳市", false)];
        List<County> counties = [new("210106", "铁西区", "2101", new GeoPoint(123.3, 41.8))];
        List<Township> townships = [new(0, "210106001", "A", "210106", new GeoPoint(123.3, 41.8), true)];
        if (national)
        {
            provinces.Add(new("22", "吉林省"));
            cities.Add(new("2201", "长春市", false));
            counties.Add(new("220102", "南关区", "2201", new GeoPoint(125.3, 43.8)));
            townships.Add(new(1, "220102001", "D", "220102", new GeoPoint(125.3, 43.8), true));
        }
        return new RegionCatalog(provinces, cities, counties, townships, []);
    }
}
