namespace Lbc.Web.Model;

/// <summary>The live link to the hub, as the header shows it.</summary>
public enum ConnectionState
{
    Connecting,
    Connected,
    Reconnecting,
    Disconnected,
}
