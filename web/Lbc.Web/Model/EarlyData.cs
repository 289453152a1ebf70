using Microsoft.JSInterop;

namespace Lbc.Web.Model;

/// <summary>
/// Responses index.html requested before the runtime booted (wwwroot/js/early.js): the signed-in user, the first
/// snapshot and the region names would otherwise only be requested seconds later, after boot. Each is handed over once; after
/// that (or when there is none) callers go to the server as usual. Nothing is kept in browser storage.
/// </summary>
public sealed class EarlyData(IJSRuntime js)
{
    public const string Me = "me";
    public const string Snapshot = "snapshot";
    public const string Regions = "regions";

    /// <summary>The response body, or null when it failed, was taken already, or the page did not request it.</summary>
    /// <param name="emptied">A top-level array of the JSON object to receive as <c>[]</c>: the browser drops it, so it is not parsed here.</param>
    public async Task<string?> TakeAsync(string name, string? emptied = null)
    {
        try
        {
            return await js.InvokeAsync<string?>("lbcEarly.take", name, emptied).ConfigureAwait(false);
        }
        catch (JSException)
        {
            // No early.js on this page: the caller fetches.
            return null;
        }
    }

    /// <summary>A JSON array response in pieces of at most <paramref name="size"/> elements, each a JSON array text; null as for <see cref="TakeAsync"/>.</summary>
    public async Task<string[]?> TakeChunksAsync(string name, int size)
    {
        try
        {
            return await js.InvokeAsync<string[]?>("lbcEarly.takeChunks", name, size).ConfigureAwait(false);
        }
        catch (JSException)
        {
            return null;
        }
    }
}
