using System.Globalization;
using System.Resources;
using System.Text.Json;

namespace Lbc.Web.Tests.Model;

/// <summary>
/// The labels wwwroot/js/early.js shows before the runtime has booted are the app's own (Resources/Strings*.resx), in
/// both languages, so the Blazor page that takes over reads the same.
/// </summary>
public sealed class EarlyPaintStringsTests
{
    private static readonly ResourceManager s_resources = new("Lbc.Web.Resources.Strings", typeof(Lbc.Web.Resources.Strings).Assembly);

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void EarlyStrings_AreTheResources(string culture)
    {
        var table = EarlyStrings();
        var strings = table.GetProperty(culture);
        var checkedKeys = 0;
        foreach (var entry in strings.EnumerateObject())
        {
            var expected = s_resources.GetString(entry.Name, CultureInfo.GetCultureInfo(culture));
            Assert.True(expected is not null, $"{entry.Name} is no resource");
            Assert.Equal(expected, entry.Value.GetString());
            checkedKeys++;
        }
        Assert.True(checkedKeys >= 15);
        // Both languages name the same keys.
        Assert.Equal(
            table.GetProperty("zh-CN").EnumerateObject().Select(p => p.Name).Order(),
            strings.EnumerateObject().Select(p => p.Name).Order());
    }

    private static JsonElement EarlyStrings()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "web", "Lbc.Web", "wwwroot", "js", "early.js"));
        const string Start = "/* strings: */";
        const string End = "/* :strings */";
        var from = script.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        var to = script.IndexOf(End, from, StringComparison.Ordinal);
        Assert.True(from > Start.Length && to > from, "early.js has no strings table between its markers");
        return JsonDocument.Parse(script[from..to]).RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Dashboard.sln above {AppContext.BaseDirectory}.");
    }
}
