using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Lbc.Web.Model;

/// <summary>The console's browser side (wwwroot/js/console.js): alarm tones, full screen, focus. Failures are ignored: none of it is essential.</summary>
public static class ConsoleModule
{
    internal const string Path = "./js/console.js";

    public static Task EnterFullScreenAsync(IJSRuntime js) => CallAsync(js, "enterFullScreen");

    /// <summary>Wall mode (<c>?wall=1</c>) on the current page, full screen when the browser allows it.</summary>
    public static Task EnterWallAsync(NavigationManager navigation, IJSRuntime js)
    {
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("wall", "1"));
        return EnterFullScreenAsync(js);
    }

    public static Task LeaveWallAsync(NavigationManager navigation, IJSRuntime js)
    {
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("wall", (string?)null));
        return ExitFullScreenAsync(js);
    }

    public static Task ExitFullScreenAsync(IJSRuntime js) => CallAsync(js, "exitFullScreen");

    public static async Task<bool> BeepAsync(IJSRuntime js, AlarmSound sound)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", Path);
            return await module.InvokeAsync<bool>("beep", sound == AlarmSound.Urgent ? "urgent" : "new");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException)
        {
            return false;
        }
    }

    public static async Task<string> AudioStateAsync(IJSRuntime js)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", Path);
            return await module.InvokeAsync<string>("audioState");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException)
        {
            return "unavailable";
        }
    }

    private static async Task CallAsync(IJSRuntime js, string function)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", Path);
            await module.InvokeVoidAsync(function);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException)
        {
        }
    }
}
