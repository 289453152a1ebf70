using Lbc.Server.Access;
using Lbc.Server.Hosting;

if (args is [PasswordTool.Command, ..])
{
    return PasswordTool.Run(Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

if (SimulatorRole.IsRequested(args))
{
    return SimulatorRole.Run(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboard();

var app = builder.Build();
app.MapDashboard();
app.Run();
return 0;

/// <summary>Entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
