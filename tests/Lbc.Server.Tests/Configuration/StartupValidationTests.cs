using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lbc.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Lbc.Server.Tests.Configuration;

/// <summary>
/// A bad setting stops the start with one line naming the key (options validated at start, Program.cs), as an operator
/// sees it: the real server process, its exit code and its standard error. The same settings on the server's wiring in
/// process show the validation failures themselves.
/// </summary>
public sealed class StartupValidationTests
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string, string> BadSettings => new()
    {
        { "Dashboard:Simulator:Children", "-5" },
        { "Dashboard:EventLog", "Mongo" },
        { "Dashboard:Map:TileUrl", "not-a-url" },
        { "Dashboard:Feed:Interval", "00:00:00" },
        { "Dashboard:Rules:SearchCapKm", "1" },
        // A value that does not even convert is refused the same way, not with a stack trace.
        { "Dashboard:Rules:Acknowledge", "soon" },
        { "Dashboard:Alerts:EscalateAfter", "00:00:00" },
        // National scale without its generated catalog: the line says how to generate it.
        { "Dashboard:Geography", "national" },
        { "Dashboard:Geography", "world" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task ServerProcess_BadSetting_DoesNotStart_AndStderrIsOneLineNamingTheKey(string key, string value)
    {
        var run = await RunServerAsync($"--{key}={value}");

        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; stderr: {run.Stderr}");
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(key, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_UserWithJurisdiction99x_DoesNotStart_AndNamesThatUsersJurisdiction()
    {
        const string prefix = "--Dashboard:Users:officer-99x:";

        var run = await RunServerAsync(
            prefix + "DisplayName=值班民警",
            prefix + "Role=police_duty_officer",
            prefix + "Jurisdiction=99x",
            prefix + "PasswordHash=" + PasswordHashFor());

        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; stderr: {run.Stderr}");
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Users:officer-99x:Jurisdiction", line, StringComparison.Ordinal);
        Assert.Contains("'99x'", line, StringComparison.Ordinal);
        // Only what is wrong: the role and the password hash of that account are fine.
        Assert.DoesNotContain(":Role", line, StringComparison.Ordinal);
        Assert.DoesNotContain(":PasswordHash", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_SameCommandLineWithGoodSettings_Starts()
    {
        // The control for the tests above: their base command line starts a server, so each refusal is the bad key's.
        var run = await RunServerAsync(waitForExit: TimeSpan.FromSeconds(60), "--Dashboard:Rules:Acknowledge=00:03:00");

        Assert.True(run.Listened, $"the server did not answer /healthz; exit code {run.ExitCode}; stderr: {run.Stderr}");
        Assert.Empty(run.StderrLines);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task InProcess_BadSetting_StartFailsWithAFailureNamingTheKey(string key, string value)
    {
        var failure = await StartInProcessAsync(key, value);

        Assert.Contains(failure.Failures, f => f.StartsWith(key, StringComparison.Ordinal) || f.Contains($"'{key}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InProcess_SearchCapBelowTheBaseRadius_FailureSaysWhy()
    {
        var failure = await StartInProcessAsync("Dashboard:Rules:SearchCapKm", "1");

        Assert.Equal("Dashboard:Rules:SearchCapKm: must be at least SearchBaseKm 2 (is 1)", Assert.Single(failure.Failures));
    }

    [Fact]
    public async Task InProcess_AlertRiseThresholdNegative_FailureSaysWhy()
    {
        var failure = await StartInProcessAsync("Dashboard:Alerts:OverdueRisePoints", "-1");

        Assert.Equal("Dashboard:Alerts:OverdueRisePoints: must be from 0 to less than 100 percentage points (is -1)", Assert.Single(failure.Failures));
    }

    /// <summary>
    /// The server's own wiring (what Program.cs runs, without its catch) with one setting; the validation failure its
    /// start ends with. WebApplicationFactory cannot show it: Program.cs catches it first and the factory sees a disposed host.
    /// </summary>
    private static async Task<OptionsValidationException> StartInProcessAsync(string key, string value)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-startup-" + Guid.NewGuid().ToString("n"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls=http://127.0.0.1:0", "--Dashboard:Simulator:Enabled=false", $"--Dashboard:DataDirectory={dataDirectory}", $"--{key}={value}"],
            EnvironmentName = "Development",
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = Path.GetDirectoryName(typeof(Program).Assembly.Location),
        });
        builder.AddDashboard();
        try
        {
            await using var app = builder.Build();
            app.MapDashboard();
            return await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static string PasswordHashFor() => Lbc.Server.Access.PasswordHashing.Hash(TestUsers.Password, 100_000);

    private sealed record Run(int? ExitCode, string Stderr, bool Listened)
    {
        public IReadOnlyList<string> StderrLines =>
            Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static Task<Run> RunServerAsync(params string[] settings) => RunServerAsync(null, settings);

    /// <summary>
    /// <c>dotnet Lbc.Server.dll</c> with the settings on the command line, as an operator starts it. Without
    /// <paramref name="waitForExit"/> it must exit (a refusal); with it, it is stopped once it answers /healthz.
    /// </summary>
    private static async Task<Run> RunServerAsync(TimeSpan? waitForExit, params string[] settings)
    {
        var dll = typeof(Program).Assembly.Location;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-startup-" + Guid.NewGuid().ToString("n"));
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}",
            "--Dashboard:Simulator:Enabled=false", $"--Dashboard:DataDirectory={dataDirectory}",
        }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var listened = false;
            if (waitForExit is { } limit)
            {
                listened = await AnswersHealthAsync(process, port, limit);
            }
            else
            {
                using var timeout = new CancellationTokenSource(s_exitTimeout);
                await process.WaitForExitAsync(timeout.Token);
            }
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            lock (stderr)
            {
                return new Run(listened ? null : process.ExitCode, stderr.ToString(), listened);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Refused before it made its data folder.
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static async Task<bool> AnswersHealthAsync(Process process, int port, TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
