using System.Globalization;
using System.Net.Http.Json;
using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>GET /api/history for the trend charts: one series of one region (the server checks the jurisdiction and suppresses).</summary>
public sealed class HistoryClient(HttpClient http)
{
    public async Task<IReadOnlyList<HistoryPointDto>> GetAsync(string metric, string region, DateTimeOffset from, DateTimeOffset to,
        string step, string fn, string? stage, CancellationToken cancellationToken)
    {
        var series = await http.GetFromJsonAsync(Url(metric, region, from, to, step, fn, stage), HistoryJsonContext.Default.HistorySeriesDto,
            cancellationToken).ConfigureAwait(false);
        return series?.Points ?? [];
    }

    /// <summary>The request's path and query; times in UTC with a "Z" (the server requires an offset).</summary>
    public static string Url(string metric, string region, DateTimeOffset from, DateTimeOffset to, string step, string fn, string? stage) =>
        $"{HistoryRoutes.History}?metric={Uri.EscapeDataString(metric)}&region={Uri.EscapeDataString(region)}" +
        $"&from={Time(from)}&to={Time(to)}&step={Uri.EscapeDataString(step)}&fn={Uri.EscapeDataString(fn)}" +
        (stage is null ? "" : $"&stage={Uri.EscapeDataString(stage)}");

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
