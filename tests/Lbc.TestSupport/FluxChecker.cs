using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Lbc.TestSupport;

/// <summary>One diagnostic of InfluxData's Flux language server (line and character 0-based; severity 1 is an error).</summary>
public sealed record FluxDiagnostic(int Line, int Character, int Severity, string Message);

/// <summary>What the checker says of one query, and the decoded values of its plain string literals in source order.</summary>
public sealed record FluxCheckResult(string Query, bool Valid, IReadOnlyList<FluxDiagnostic> Diagnostics, IReadOnlyList<string> Strings)
{
    public bool Ok => Valid && Diagnostics.All(d => d.Severity != 1);

    public override string ToString() =>
        $"{(Valid ? "valid" : "INVALID")}: {Query}\n" + string.Concat(Diagnostics.Select(d => $"    {d.Line + 1}:{d.Character + 1} {d.Message}\n"));
}

/// <summary>
/// Runs tests/flux-check/check.js, InfluxData's own Flux checker (npm <c>@influxdata/flux-lsp-node</c>), as a process:
/// syntax, string escapes, built-in function names, argument names and types. No InfluxDB 2.x server is available
/// here, so this is how a generated query is known to be Flux at all (it cannot say what the query returns).
/// Fails rather than skips when node or the npm package is missing: .ci/run installs it, and a skip would hide that
/// the queries were never checked.
/// </summary>
public static class FluxChecker
{
    public static string PackageDirectory { get; } = Path.Combine(RepositoryRoot(), "tests", "flux-check");

    public static async Task<IReadOnlyList<FluxCheckResult>> CheckAsync(IReadOnlyList<string> queries)
    {
        var package = Path.Combine(PackageDirectory, "node_modules", "@influxdata", "flux-lsp-node", "package.json");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException(
                $"The Flux checker is not installed ({package} is missing): run `npm ci --prefix tests/flux-check` " +
                "from the repository root (.ci/run does this before dotnet test).");
        }

        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = PackageDirectory,
        };
        start.ArgumentList.Add("check.js");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"node (Node.js 20) is needed to run the Flux checker and did not start: {e.Message}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(ToJsonArray(queries));
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw new TimeoutException("the Flux checker did not finish within 2 minutes");
            }
            var stdout = await output;
            var stderr = await error;
            // 0: all valid, 1: some invalid (reported per query); anything else is the checker failing.
            if (process.ExitCode is not (0 or 1))
            {
                throw new InvalidOperationException($"the Flux checker failed (exit {process.ExitCode}): {stderr}");
            }
            var results = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Parse(line, queries)).ToList();
            if (results.Count != queries.Count)
            {
                throw new InvalidOperationException($"the Flux checker answered {results.Count} of {queries.Count} queries: {stderr}");
            }
            return results;
        }
    }

    private static FluxCheckResult Parse(string line, IReadOnlyList<string> queries)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray()
            .Select(d => new FluxDiagnostic(
                d.GetProperty("line").GetInt32(), d.GetProperty("character").GetInt32(),
                d.GetProperty("severity").GetInt32(), d.GetProperty("message").GetString()!))
            .ToList();
        var strings = root.GetProperty("strings").EnumerateArray().Select(s => s.GetString()!).ToList();
        return new FluxCheckResult(queries[root.GetProperty("index").GetInt32()], root.GetProperty("valid").GetBoolean(), diagnostics, strings);
    }

    private static string ToJsonArray(IReadOnlyList<string> queries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var query in queries)
            {
                writer.WriteStringValue(query);
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
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
