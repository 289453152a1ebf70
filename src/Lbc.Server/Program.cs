using Lbc.Server.Access;
using Lbc.Server.Hosting;
using Microsoft.Extensions.Options;

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
try
{
    app.Run();
}
catch (OptionsValidationException ex)
{
    // A bad setting: one line per problem, naming the key, instead of a stack trace.
    Console.Error.WriteLine($"Configuration error: {string.Join("; ", ex.Failures)}");
    return 2;
}
return 0;

/// <summary>Entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
