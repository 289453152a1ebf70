using Lbc.Server.Bulletins;
using Lbc.Server.Bulletins.Composition;

namespace Lbc.Server.Hosting;

/// <summary>The bulletins' wiring: DashboardApplication calls <see cref="AddBulletins"/> and <see cref="BulletinApi.MapBulletinApi"/>.</summary>
public static class BulletinWiring
{
    public static IServiceCollection AddBulletins(this IServiceCollection services)
    {
        services.AddSingleton<BulletinGeometry>();
        services.AddSingleton<BulletinComposer>();
        return services;
    }
}
