namespace Lbc.Domain.Tests.Regions;

/// <summary>Finds the repository's committed data/reference by walking up to the folder holding Dashboard.sln.</summary>
internal static class ReferencePaths
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
                return Path.Combine(dir.FullName, "data", "reference");
        }
        throw new InvalidOperationException($"No Dashboard.sln above {AppContext.BaseDirectory}.");
    }
}
