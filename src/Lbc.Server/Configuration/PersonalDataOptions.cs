namespace Lbc.Server.Configuration;

/// <summary><c>Dashboard:PersonalData</c>: the master key that wraps every data key, how long keys outlive a case, and the surname mask.</summary>
public sealed class PersonalDataOptions
{
    public const string Section = "Dashboard:PersonalData";

    /// <summary>
    /// 32 random bytes, base64, the same on every instance. With the Redis log and no key, personal data is refused (503);
    /// the embedded default generates one into <c>DataDirectory/personal-master.key</c> on first start. Never committed, never logged.
    /// </summary>
    public string MasterKey { get; set; } = "";

    /// <summary>Days a key is kept after its case closes (a case without a known child) or its child exits; then it is shredded.</summary>
    public double RetentionDays { get; set; } = 365;

    /// <summary>How often expired keys are looked for.</summary>
    public TimeSpan ShredInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Write the child's surname with a mask (<c>王＊</c>) in plain beside the sealed data, for lists and maps. Off by default:
    /// a plain surname stays on the log after the key is shredded (docs/security.md, "Personal data").
    /// </summary>
    public bool SurnameMask { get; set; }
}
