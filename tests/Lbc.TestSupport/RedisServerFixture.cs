using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lbc.TestSupport;

/// <summary>
/// A real redis-server for one test class, shared by every test project: loopback only, a free random port (never 6379: other
/// processes on the machine use it), AOF with fsync always in its own temp dir, as production runs it.
/// Fails, rather than skips, when redis-server is missing: CI installs it, so a silent skip would hide
/// that the Redis tests never ran.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private Process? _process;

    public int Port { get; private set; }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "lbc-redis-" + Guid.NewGuid().ToString("N"));

    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        // A port found free can be taken before redis binds it; try a few.
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Starts redis-server on <see cref="Port"/> and <see cref="DataDirectory"/>; it loads its AOF.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }
        var start = new ProcessStartInfo(FindRedisServer())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataDirectory,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", DataDirectory,
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--save", "",
            "--daemonize", "no",
            "--logfile", Path.Combine(DataDirectory, "redis.log"),
        })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        // Drain the pipes so a chatty server can never block on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} on port {Port}: {LogTail()}");
            }
            if (await PingAsync())
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {StartTimeout}: {LogTail()}");
    }

    /// <summary>SIGKILL: no shutdown, no final fsync, like a power cut of the Redis process.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Kills the server and starts it again on the same port and directory, so it reloads its AOF.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp dir is harmless; failing the run over it would not be.
        }
    }

    private static string FindRedisServer()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("REDIS_SERVER");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            "redis-server is not installed, so the Redis tests cannot run. Install it with " +
            "`apt-get install -y redis-server` (Redis 7.0 from Debian) or set REDIS_SERVER to its path.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            // "-LOADING" while the AOF is replayed: not ready yet.
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private string LogTail()
    {
        var log = Path.Combine(DataDirectory, "redis.log");
        return File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(5)) : "(no log)";
    }
}
