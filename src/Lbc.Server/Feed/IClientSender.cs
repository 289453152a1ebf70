namespace Lbc.Server.Feed;

/// <summary>
/// Sends one message to one connection. The hub implements it (Hubs/HubClientSender.cs), so the feed needs no
/// reference to the hub and the hub can depend on the feed.
/// </summary>
public interface IClientSender
{
    Task SendAsync(string connectionId, string method, object payload, CancellationToken cancellationToken);
}
