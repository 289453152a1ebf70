using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.TestSupport;

/// <summary>
/// The real server as a separate process (the built Lbc.Server.dll next to this test assembly), so a
/// test can SIGKILL it: no shutdown hooks, no final snapshot, like a power cut. It knows the test accounts, and
/// reads /healthz as an administrator (only they get the figures).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private bool _signedIn;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public HttpClient Client { get; }

    public static ServerProcess Start(IEnumerable<string> arguments)
    {
        var dll = typeof(Program).Assembly.Location;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in TestUsers.Settings().Where(s => s.Key.Contains(Roles.Administrator + "@21:", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, port);
    }

    /// <summary>The projection part of /healthz once it satisfies <paramref name="condition"/>.</summary>
    public async Task<JsonElement> WaitForHealthAsync(Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {_process.ExitCode}");
            }
            try
            {
                await SignInOnceAsync();
                var health = await Client.GetFromJsonAsync<JsonElement>("/healthz");
                last = health.GetProperty("projection");
                if (condition(last.Value))
                {
                    return last.Value;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the server never reached the expected state; last /healthz projection: {last}");
    }

    private async Task SignInOnceAsync()
    {
        if (_signedIn)
        {
            return;
        }
        using var login = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest(TestUsers.UsernameOf(Roles.Administrator, "21"), TestUsers.Password),
                ContractsJsonContext.Default.LoginRequest),
        };
        login.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        using var response = await Client.SendAsync(login);
        response.EnsureSuccessStatusCode();
        // HttpClient keeps the cookie in its own container (same origin, loopback).
        _signedIn = true;
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Client.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
