using Lbc.Web.Model;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

namespace Lbc.Web;

/// <summary>The one place the dashboard client is wired: services, then culture before the first render.</summary>
public static class DashboardClient
{
    public static WebAssemblyHostBuilder AddDashboardClient(this WebAssemblyHostBuilder builder)
    {
        // Same origin, with the sign-in cookie (HttpOnly: the app never reads it) and the antiforgery header.
        builder.Services.AddScoped(_ => new HttpClient(new SameOriginHandler { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = new Uri(builder.HostEnvironment.BaseAddress),
        });
        builder.Services.AddScoped<SessionClient>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new DashboardTimings());
        builder.Services.AddLocalization();
        builder.Services.AddScoped<DashboardStore>();
        builder.Services.AddScoped<CommandClient>();
        builder.Services.AddScoped<LedgerClient>();
        builder.Services.AddScoped<GeoService>();
        builder.Services.AddScoped<EarlyData>();
        return builder;
    }

    public static async Task RunDashboardAsync(this WebAssemblyHost host)
    {
        await CultureSelection.ApplyAsync(host.Services);
        await host.RunAsync();
    }
}
