using System.Resources;
using Lbc.Web;
using Lbc.Web.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

[assembly: NeutralResourcesLanguage("zh-CN")]

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.AddDashboardClient();

await builder.Build().RunDashboardAsync();
