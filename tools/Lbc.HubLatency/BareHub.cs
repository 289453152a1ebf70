using System.Text.Json.Serialization;
using Lbc.Domain.Events;
using Lbc.EventLog;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.HubLatency;

/// <summary>The baseline: a hub with no sign-in, no projection, no scopes; every client gets every event.</summary>
public sealed class BareHub : Hub
{
    public const string Path = "/hubs/bare";
    public const string Method = "events";
}

/// <summary>
/// Follows the same event log as the dashboard's projection and relays each batch of raw events to every
/// bare-hub client at once: log tail to socket with nothing in between, to set the floor.
/// </summary>
public sealed class BareRelay(IEventLog log, IHubContext<BareHub> hub) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var position = await log.GetHeadAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = await log.ReadAfterAsync(position, 500, stoppingToken);
            if (batch.Count == 0)
            {
                await log.WaitForAppendAsync(position, TimeSpan.FromMilliseconds(200), stoppingToken);
                continue;
            }
            position = batch[^1].Position;
            await hub.Clients.All.SendAsync(BareHub.Method, batch.Select(e => e.Event).ToArray(), stoppingToken);
        }
    }
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RawEvent[]))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
