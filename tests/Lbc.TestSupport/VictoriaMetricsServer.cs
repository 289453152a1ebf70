using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Lbc.TestSupport;

/// <summary>
/// A real victoria-metrics (Debian package) speaking InfluxDB's /api/v2/write, on a random loopback port
/// with its own temp storage; stoppable and restartable on the same port and storage for outage tests.
/// Fails rather than skips when the binary is missing: CI installs it, and a skip would hide that the
/// InfluxDB writes were never exercised.
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private readonly string _storage = Path.Combine(Path.GetTempPath(), "lbc-vm-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _process;

    private VictoriaMetricsServer(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<VictoriaMetricsServer> StartNewAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var server = new VictoriaMetricsServer(FreePort());
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
        }
    }

    public async Task StartAsync()
    {
        var binary = new[] { "/usr/bin/victoria-metrics", "/usr/local/bin/victoria-metrics" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("victoria-metrics is not installed (apt-get install -y victoria-metrics)");
        Directory.CreateDirectory(_storage);
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"-httpListenAddr=127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add($"-storageDataPath={_storage}");
        start.ArgumentList.Add("-retentionPeriod=100y");
        // Points stamped far in the past or future (fixed test minutes) must be accepted as they are.
        start.ArgumentList.Add("-search.disableCache");
        _process = Process.Start(start) ?? throw new InvalidOperationException("victoria-metrics did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"victoria-metrics exited with {_process.ExitCode}");
            }
            try
            {
                using var response = await _http.GetAsync($"{Url}/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("victoria-metrics did not become healthy");
    }

    /// <summary>Stops the server (SIGTERM makes it flush what it holds to storage); the storage stays.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill();
                await p.WaitForExitAsync();
            }
        }
        _process = null;
    }

    /// <summary>Every sample of series whose name matches <paramref name="namePattern"/>, as exported.</summary>
    public async Task<IReadOnlyList<ExportedSeries>> ExportAsync(string namePattern)
    {
        // Freshly written samples become searchable after an in-memory flush; force it.
        using (await _http.GetAsync($"{Url}/internal/force_flush"))
        {
        }
        var match = Uri.EscapeDataString($"{{__name__=~\"{namePattern}\"}}");
        var text = await _http.GetStringAsync($"{Url}/api/v1/export?match[]={match}");
        var result = new List<ExportedSeries>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var metric = doc.RootElement.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
            var timestamps = doc.RootElement.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToList();
            result.Add(new ExportedSeries(metric["__name__"], metric, values, timestamps));
        }
        return result;
    }

    /// <summary>Exports until <paramref name="done"/> holds (ingestion is asynchronous) or the timeout passes.</summary>
    public async Task<IReadOnlyList<ExportedSeries>> ExportUntilAsync(string namePattern, Func<IReadOnlyList<ExportedSeries>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var series = await ExportAsync(namePattern);
            if (done(series) || DateTime.UtcNow > deadline)
            {
                return series;
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(_storage, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record ExportedSeries(string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<double> Values, IReadOnlyList<long> Timestamps);
