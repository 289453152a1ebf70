using Lbc.Contracts;
using Lbc.Domain.Regions;
using Microsoft.Extensions.Options;

namespace Lbc.Server.Access;

/// <summary>
/// Configured accounts must name a known role and a well-formed Liaoning region code: a typo in a jurisdiction would
/// otherwise silently lock an officer out (or, worse, in elsewhere), so it stops the start naming the key.
/// </summary>
public sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var problems = new List<string>();
        foreach (var (username, account) in options.Users)
        {
            var key = $"Dashboard:Users:{username}";
            if (!Roles.All.Contains(account.Role))
            {
                problems.Add($"{key}:Role: '{account.Role}' is not one of {string.Join(", ", Roles.All)}");
            }
            if (account.Jurisdiction == RegionCodes.Country)
            {
                if (!Roles.SeesAggregatesOnly(account.Role))
                {
                    problems.Add($"{key}:Jurisdiction: only the leading group may hold the country ('{RegionCodes.Country}'); case-level roles hold Liaoning regions");
                }
            }
            else if (RegionCodes.LevelOf(account.Jurisdiction) is null or RegionLevel.Village
                || !RegionCodes.Contains(RegionCodes.Liaoning, account.Jurisdiction))
            {
                problems.Add($"{key}:Jurisdiction: '{account.Jurisdiction}' is not a Liaoning region code (21, a city, county or township code)");
            }
            else if (!ScopePolicy.FitsRole(account.Role, account.Jurisdiction))
            {
                problems.Add($"{key}:Jurisdiction: township_staff work for one township (a 9-digit code)");
            }
            if (string.IsNullOrWhiteSpace(account.PasswordHash))
            {
                problems.Add($"{key}:PasswordHash: required (see README, hash-password)");
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
