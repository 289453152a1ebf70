using Microsoft.JSInterop;

namespace Lbc.Web.Model;

/// <summary>The console's browser side (wwwroot/js/console.js): alarm tones, full screen, focus. Failures are ignored: none of it is essential.</summary>
public static class ConsoleModule
{
    internal const string Path = "./js/console.js";

    public static Task EnterFullScreenAsync(IJSRuntime js) => CallAsync(js, "enterFullScreen");

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
