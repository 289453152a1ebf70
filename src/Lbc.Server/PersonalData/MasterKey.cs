using System.Security.Cryptography;

namespace Lbc.Server.PersonalData;

/// <summary>
/// The key that wraps every data key (AES-256). From <c>Dashboard:PersonalData:MasterKey</c>; on the embedded default,
/// generated once into the data folder (owner read/write only) so <c>dotnet run</c> works on a bare machine. Losing it
/// loses every sealed record; leaking it with a copy of the key store undoes the protection: keep it in a secret store.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;
    public const string FileName = "personal-master.key";

    private readonly byte[] _key;

    private MasterKey(byte[] key) => _key = key;

    internal ReadOnlySpan<byte> Bytes => _key;

    public static bool TryParse(string base64, out MasterKey? key)
    {
        key = null;
        var buffer = new byte[Length + 3];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written) || written != Length)
        {
            return false;
        }
        key = new MasterKey(buffer[..Length]);
        CryptographicOperations.ZeroMemory(buffer);
        return true;
    }

    /// <summary>
    /// The configured key, or (embedded default only) the one in <paramref name="dataDirectory"/>, made on first start. With
    /// Redis and no key configured: none (a generated key would differ between instances), and personal data is refused.
    /// </summary>
    public static MasterKey? Load(string configured, string dataDirectory, bool embedded, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return TryParse(configured, out var key) ? key! : throw new InvalidOperationException("Dashboard:PersonalData:MasterKey is not 32 bytes of base64");
        }
        if (!embedded)
        {
            logger.LogWarning("Dashboard:PersonalData:MasterKey is not set: reports with personal data are refused (503) until it is (the same key on every instance)");
            return null;
        }
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return TryParse(File.ReadAllText(path), out var stored) ? stored!
                : throw new InvalidOperationException($"{path} does not hold a 32-byte base64 key");
        }
        Directory.CreateDirectory(dataDirectory);
        var fresh = RandomNumberGenerator.GetBytes(Length);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            file.Write(Convert.ToBase64String(fresh));
        }
        logger.LogWarning("Generated a personal-data master key in {Path}; back it up apart from the data, or set Dashboard:PersonalData:MasterKey", path);
        return new MasterKey(fresh);
    }
}
