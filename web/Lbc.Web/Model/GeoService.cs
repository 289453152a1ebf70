using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>Reference geography from the server: region names by code, and the county boundary GeoJSON.</summary>
public sealed class GeoService(HttpClient http)
{
    private Task<IReadOnlyDictionary<string, RegionDto>>? _regions;
    private Task<JsonElement>? _counties;

    /// <summary>Every region (city, county, township) by code; fetched once.</summary>
    public Task<IReadOnlyDictionary<string, RegionDto>> GetRegionsAsync() => _regions ??= FetchRegionsAsync();

    /// <summary>The county FeatureCollection (properties code, name, city); fetched once, passed to the map as is.</summary>
    public Task<JsonElement> GetCountiesAsync() => _counties ??= FetchCountiesAsync();

    private async Task<IReadOnlyDictionary<string, RegionDto>> FetchRegionsAsync()
    {
        var list = await http.GetFromJsonAsync(ApiRoutes.Regions, ContractsJsonContext.Default.IReadOnlyListRegionDto).ConfigureAwait(false) ?? [];
        var byCode = new Dictionary<string, RegionDto>(list.Count, StringComparer.Ordinal);
        foreach (var r in list)
        {
            byCode[r.Code] = r;
        }
        return byCode;
    }

    private async Task<JsonElement> FetchCountiesAsync()
    {
        await using var stream = await http.GetStreamAsync(ApiRoutes.CountyBoundaries).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(stream).ConfigureAwait(false);
        return doc.RootElement.Clone();
    }
}
