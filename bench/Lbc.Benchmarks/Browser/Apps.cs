using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Lbc.Benchmarks.Browser;

/// <summary>Publishes and starts the two apps the browser benchmark compares.</summary>
internal static class Apps
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task RunAsync(string file, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed:\n{await output}\n{await error}");
        }
    }

    /// <summary>The dashboard's published build, on the embedded default with the simulator seeding the province.</summary>
    public static async Task<Process> StartDashboardAsync(string repoRoot, string workDirectory, int port, int children)
    {
        var publish = Path.Combine(workDirectory, "dashboard");
        await RunAsync("dotnet", repoRoot, "publish", "src/Lbc.Server", "-c", "Release", "-o", publish, "--nologo");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = publish, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            Path.Combine(publish, "Lbc.Server.dll"), "--urls", $"http://127.0.0.1:{port}",
            "--Dashboard:DataDirectory", Path.Combine(workDirectory, "data"),
            "--Dashboard:Simulator:Children", children.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Dashboard:DemoAccounts:Enabled", "true",
        })
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                var health = await http.GetStringAsync("/healthz");
                if (health.Contains("\"ready\":true", StringComparison.Ordinal))
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The dashboard did not become ready");
    }

    /// <summary>The blank Blazor WebAssembly template, published and served by Kestrel as static files.</summary>
    public static async Task<WebApplication> StartBlankTemplateAsync(string workDirectory, int port)
    {
        var source = Path.Combine(workDirectory, "blank");
        var publish = Path.Combine(workDirectory, "blank-publish");
        await RunAsync("dotnet", workDirectory, "new", "blazorwasm", "--empty", "-o", source, "-f", "net10.0", "--force");
        await RunAsync("dotnet", source, "publish", "-c", "Release", "-o", publish, "--nologo");
        var root = Path.Combine(publish, "wwwroot");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        // ICU data (.dat) and other runtime files have no registered MIME type; serve them like the dashboard does.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = true, DefaultContentType = "application/octet-stream" });
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
        await app.StartAsync();
        return app;
    }
}
