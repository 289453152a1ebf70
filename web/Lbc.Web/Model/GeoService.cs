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

    private async Task<IReadOnlyDictionary<string, RegionDto>> FetchRegionsAsync()
    {
        var json = await early.TakeAsync(EarlyData.Regions).ConfigureAwait(false);
        var list = (json is not null
            ? JsonSerializer.Deserialize(json, ContractsJsonContext.Default.IReadOnlyListRegionDto)
            : await http.GetFromJsonAsync(ApiRoutes.Regions, ContractsJsonContext.Default.IReadOnlyListRegionDto).ConfigureAwait(false)) ?? [];
        var byCode = new Dictionary<string, RegionDto>(list.Count, StringComparer.Ordinal);
        foreach (var r in list)
        {
            byCode[r.Code] = r;
        }
        return byCode;
    }
}
