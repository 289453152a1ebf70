using Lbc.Domain.Regions;
using Microsoft.AspNetCore.SignalR;

namespace Lbc.Server.Hubs;

/// <summary>
/// The single live feed of the dashboard (<c>/hubs/ops</c>). Clients only listen; the server puts each
/// connection into its groups. Until sign-in lands every connection gets the province group; the
/// groups are per jurisdiction so that scoping by the user's claims slots in here.
/// </summary>
public sealed class OperationsHub : Hub
{
    public static string GroupOf(string jurisdiction) => "region:" + jurisdiction;

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(RegionCodes.Liaoning));
        await base.OnConnectedAsync();
    }
}
