namespace Lbc.Contracts;

/// <summary>GET /api/bulletins?region=CODE&amp;period=2026Q4|2026-11&amp;format=pdf|xlsx: the periodic bulletin (定期通报) as a file.</summary>
public static class BulletinRoutes
{
    public const string Bulletins = "/api/bulletins";

    public static IReadOnlyList<string> Formats { get; } = ["pdf", "xlsx"];

    public static string Of(string region, string period, string format) =>
        $"{Bulletins}?region={Uri.EscapeDataString(region)}&period={Uri.EscapeDataString(period)}&format={Uri.EscapeDataString(format)}";
}
