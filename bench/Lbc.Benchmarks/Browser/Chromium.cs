using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lbc.Benchmarks.Browser;

/// <summary>
/// Debian's headless Chromium with its DevTools endpoint on a free loopback port. Flags as this
/// machine needs them (no sandbox as root; no background networking: the network is closed).
/// </summary>
internal sealed partial class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;

    private Chromium(Process process, string profile, Uri devTools)
    {
        _process = process;
        _profile = profile;
        DevTools = devTools;
    }

    public Uri DevTools { get; }

    public static async Task<Chromium> StartAsync(string executable = "/usr/bin/chromium")
    {
        var profile = Directory.CreateTempSubdirectory("lbc-chromium-").FullName;
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-extensions", "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1", "--window-size=1600,1000", $"--user-data-dir={profile}", "about:blank",
        })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start");
        var found = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && DevToolsLine().Match(e.Data) is { Success: true } m)
            {
                found.TrySetResult(new Uri(m.Groups[1].Value));
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var uri = await found.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new Chromium(process, profile, uri);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    [GeneratedRegex("DevTools listening on (ws://\\S+)")]
    private static partial Regex DevToolsLine();
}
