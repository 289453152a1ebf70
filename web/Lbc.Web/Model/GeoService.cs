using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>
/// Reference geography from the server: region names by code. (The county boundary GeoJSON never comes
/// through .NET: the map's JS module loads and draws it, see wwwroot/js/ops-map.js.)
/// </summary>
public sealed class GeoService(HttpClient http, EarlyData early)
{
    private Task<IReadOnlyDictionary<string, RegionDto>>? _regions;

    /// <summary>Every region (city, county, township) by code; fetched once (the page requests it before boot).</summary>
    public Task<IReadOnlyDictionary<string, RegionDto>> GetRegionsAsync() => _regions ??= FetchRegionsAsync();

    /// <summary>
    /// The region names once the page has painted (parsing the list holds the browser's only .NET thread for a while,
    /// and the map and figures come first); null when they could not be loaded: names then fall back to codes.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, RegionDto>?> GetRegionsAfterPaintAsync()
    {
        await Task.Delay(1);
        try
        {
            return await GetRegionsAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Regions per parsed piece of the early response; between pieces the browser gets its thread back.</summary>
    internal const int ChunkSize = 100;

    private async Task<IReadOnlyDictionary<string, RegionDto>> FetchRegionsAsync()
    {
        var byCode = new Dictionary<string, RegionDto>(StringComparer.Ordinal);
        // ~1,500 regions take half a second or more to parse in the browser's only .NET thread: in pieces, so
        // the page stays responsive (it has already drawn the map when the names are asked for).
        if (await early.TakeChunksAsync(EarlyData.Regions, ChunkSize).ConfigureAwait(false) is { } chunks)
        {
            foreach (var chunk in chunks)
            {
                Add(JsonSerializer.Deserialize(chunk, ContractsJsonContext.Default.IReadOnlyListRegionDto));
                await Task.Delay(1).ConfigureAwait(false);
            }
            return byCode;
        }
        Add(await http.GetFromJsonAsync(ApiRoutes.Regions, ContractsJsonContext.Default.IReadOnlyListRegionDto).ConfigureAwait(false));
        return byCode;

        void Add(IReadOnlyList<RegionDto>? list)
        {
            foreach (var r in list ?? [])
            {
                byCode[r.Code] = r;
            }
        }
    }
}
