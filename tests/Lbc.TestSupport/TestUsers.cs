using Lbc.Contracts;
using Lbc.Server.Access;

namespace Lbc.TestSupport;

/// <summary>
/// Accounts every test server knows: each role in each region the tests use, all with one password (hashed
/// once per test run: a PBKDF2 hash costs tens of milliseconds). Username: <c>role@jurisdiction</c>.
/// </summary>
public static class TestUsers
{
    public const string Password = "test-password-2016";

    private static readonly Lazy<string> s_hash = new(() => PasswordHashing.Hash(Password, 100_000));

    /// <summary>Province, two cities, and counties and a township of each (沈阳 2101, 朝阳 2113).</summary>
    public static IReadOnlyList<string> Jurisdictions { get; } =
    [
        "21", "2101", "2113", "210123", TestEvents.KangpingTownship,
        TestEvents.ShenyangTownship[..6], TestEvents.ChaoyangTownship[..6], TestEvents.ShenyangTownship,
    ];

    public static string UsernameOf(string role, string jurisdiction) => role + "@" + jurisdiction;

    /// <summary>The name screens show for the test account (what a timeline or a "handled by" names).</summary>
    public static string DisplayNameOf(string role, string jurisdiction) => $"{role} {jurisdiction}";

    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        foreach (var role in Roles.All)
        {
            foreach (var jurisdiction in Jurisdictions.Distinct())
            {
                if (!ScopePolicy.FitsRole(role, jurisdiction))
                {
                    continue; // township staff exist only for townships
                }
                foreach (var setting in Account(role, jurisdiction))
                {
                    yield return setting;
                }
            }
        }
    }

    /// <summary>The settings of one more test account (the national leading group's, <c>leading_group@00</c>, on a national catalog).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Account(string role, string jurisdiction)
    {
        var prefix = $"Dashboard:Users:{UsernameOf(role, jurisdiction)}:";
        yield return new(prefix + "DisplayName", DisplayNameOf(role, jurisdiction));
        yield return new(prefix + "Role", role);
        yield return new(prefix + "Jurisdiction", jurisdiction);
        yield return new(prefix + "PasswordHash", s_hash.Value);
    }
}
