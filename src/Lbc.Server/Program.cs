using Lbc.Server.Access;
using Lbc.Server.Hosting;

if (args is [PasswordTool.Command, ..])
{
    return PasswordTool.Run(Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboard();

var app = builder.Build();
app.MapDashboard();
app.Run();
return 0;

/// <summary>Entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
