using System.Text;
using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Reference;

namespace Lbc.TestSupport;

/// <summary>
/// A national catalog as <c>tools/Lbc.GeoGen --national</c> writes it, small enough for a test: Liaoning's committed
/// regions plus one township of Jilin (no county outlines: only the two files GeoGen writes), and the settings that start a
/// server on it with the country's leading group among the test accounts (<c>leading_group@00</c>).
/// </summary>
public sealed class NationalCatalog : IDisposable
{
    public const string JilinVillage = "220102001001";

    public NationalCatalog()
    {
        Folder = Directory.CreateTempSubdirectory("lbc-national-").FullName;
        var regions = File.ReadAllText(Path.Combine(ReferenceData.DefaultDirectory, ReferenceData.RegionsFile), Encoding.UTF8);
        File.WriteAllText(Path.Combine(Folder, ReferenceData.RegionsFile), regions.TrimEnd('\n') + "\n"
            + "province\t22\t吉林省\t\t\t\t\n"
            + "city\t2201\t长春市\t22\t\t\t\n"
            + "county\t220102\t南关区\t2201\t125.35\t43.86\t\n"
            + "township\t220102001\t永吉街道\t220102\t125.33\t43.87\t1\n", Encoding.UTF8);
        var villages = File.ReadAllText(Path.Combine(ReferenceData.DefaultDirectory, ReferenceData.VillagesFile), Encoding.UTF8);
        File.WriteAllText(Path.Combine(Folder, ReferenceData.VillagesFile), villages.TrimEnd('\n') + $"\n{JilinVillage}\t永吉社区\n", Encoding.UTF8);
    }

    public string Folder { get; }

    /// <summary><c>--Dashboard:Geography=national</c> on this catalog, plus the country's leading group's test account.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dashboard:Geography"] = "national",
            ["Dashboard:Geography:NationalDirectory"] = Folder,
        };
        foreach (var (key, value) in TestUsers.Account(Roles.LeadingGroup, RegionCodes.Country))
        {
            settings[key] = value;
        }
        return settings;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
