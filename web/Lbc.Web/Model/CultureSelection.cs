using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Lbc.Web.Model;

/// <summary>
/// The UI language: zh-CN by default, English on request. The choice is kept only as a culture
/// name, in the URL (<c>?lang=en</c>, which wins) or in the <c>lbc.culture</c> cookie.
/// </summary>
public static class CultureSelection
{
    public const string Default = "zh-CN";
    public const string English = "en";
    public const string QueryParameter = "lang";
    internal const string ModulePath = "./js/culture.js";

    public static IReadOnlyList<string> Supported { get; } = [Default, English];

    /// <summary>Maps what the URL or cookie said to a supported culture name, or null.</summary>
    public static string? Normalize(string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return null;
        }
        requested = requested.Trim();
        if (requested.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
        {
            return Default;
        }
        return requested.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : null;
    }

    /// <summary>Sets the thread cultures before the app renders, and the document's lang attribute.</summary>
    public static async Task ApplyAsync(IServiceProvider services)
    {
        var navigation = services.GetRequiredService<NavigationManager>();
        var js = services.GetRequiredService<IJSRuntime>();
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);

        var fromQuery = Normalize(QueryValue(new Uri(navigation.Uri).Query, QueryParameter));
        var name = fromQuery ?? Normalize(await module.InvokeAsync<string?>("getCookieCulture")) ?? Default;

        var culture = CultureInfo.GetCultureInfo(name);
        CultureInfo.DefaultThreadCurrentCulture = culture;
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        await module.InvokeVoidAsync("setDocumentLang", name);
    }

    /// <summary>Stores the choice and reloads the page in that language.</summary>
    public static async Task SwitchAsync(IJSRuntime js, NavigationManager navigation, string name)
    {
        name = Normalize(name) ?? Default;
        await using (var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath))
        {
            await module.InvokeVoidAsync("setCookieCulture", name);
        }
        navigation.NavigateTo(navigation.GetUriWithQueryParameter(QueryParameter, name), forceLoad: true);
    }

    internal static string? QueryValue(string query, string key)
    {
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var k = eq < 0 ? part : part[..eq];
            if (string.Equals(Uri.UnescapeDataString(k), key, StringComparison.OrdinalIgnoreCase))
            {
                return eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }
        return null;
    }
}
