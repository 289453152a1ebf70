using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Lbc.Server.Access;

/// <summary>
/// Password hashes in configuration: <c>pbkdf2$iterations$salt$hash</c> (PBKDF2-HMAC-SHA256, base64 salt and
/// hash), or ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> format so accounts can be moved over
/// from an Identity store unchanged.
/// </summary>
public static class PasswordHashing
{
    public const string Prefix = "pbkdf2";
    public const int DefaultIterations = 210_000;
    private const int MinIterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private static readonly PasswordHasher<object> s_identity = new();

    /// <summary>
    /// A hash to verify against for unknown users, of the same format and cost as the configured accounts'
    /// (the most common one), so a wrong username takes as long as a wrong password: a dummy cheaper than
    /// the real hashes would tell an attacker which usernames exist.
    /// </summary>
    internal static string DummyLike(IEnumerable<string> configuredHashes)
    {
        (string Format, int Iterations) typical = configuredHashes
            .GroupBy(CostOf)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault((Prefix, DefaultIterations));
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        return typical.Format == Prefix ? Hash(password, typical.Iterations) : s_identity.HashPassword(new object(), password);
    }

    /// <summary>The format and PBKDF2 iteration count of a stored hash (Identity hashes count as one group).</summary>
    internal static (string Format, int Iterations) CostOf(string stored)
    {
        var parts = stored.Split('$');
        return parts.Length == 4 && parts[0] == Prefix
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations >= MinIterations
            ? (Prefix, iterations)
            : ("identity", 0);
    }

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Prefix, iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return false;
        }
        if (stored.StartsWith(Prefix + "$", StringComparison.Ordinal))
        {
            var parts = stored.Split('$');
            if (parts.Length != 4
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
                || iterations < MinIterations)
            {
                return false;
            }
            try
            {
                var salt = Convert.FromBase64String(parts[2]);
                var expected = Convert.FromBase64String(parts[3]);
                var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
                return CryptographicOperations.FixedTimeEquals(actual, expected);
            }
            catch (FormatException)
            {
                return false;
            }
        }
        try
        {
            return s_identity.VerifyHashedPassword(new object(), stored, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
