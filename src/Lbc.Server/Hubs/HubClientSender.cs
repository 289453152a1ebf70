using Lbc.Server.Feed;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.Server.Hubs;

/// <summary>The feed's way out: one message to one connection of this instance's hub.</summary>
public sealed class HubClientSender(IHubContext<OperationsHub> hub) : IClientSender
{
    public Task SendAsync(string connectionId, string method, object payload, CancellationToken cancellationToken) =>
        hub.Clients.Client(connectionId).SendAsync(method, payload, cancellationToken);
}
