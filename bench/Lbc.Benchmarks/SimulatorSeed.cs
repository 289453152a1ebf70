using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;
using Lbc.Server.Simulator;

namespace Lbc.Benchmarks;

/// <summary>
/// The default province as the dashboard's simulator seeds an empty log (<see cref="RegistrySeeder"/>: institutions of
/// every city and some counties, children with their visits, ledger reports, exits, then 18 hours of case traffic),
/// with the simulator's own seed, applied to a projection in this process.
/// </summary>
internal static class SimulatorSeed
{
    public sealed record Seeded(CommandCenterProjection Projection, IReadOnlyList<string> InstitutionIds, IReadOnlyList<(string ChildId, string Village, DateOnly Birth)> Children, int Events);

    public static Seeded Province(RegionCatalog regions, int children, DateTimeOffset now, int seed = 2016)
    {
        var world = new SimulationWorld(regions, new Random(seed), now);
        var events = new EventFactory(SimulatorService.Source);
        var seeder = new RegistrySeeder(world, events, now);
        var traffic = new LiveTraffic(world, events, seeder);
        var projection = new CommandCenterProjection(regions, RuleSettings.Default, now, expectedChildren: children);
        var parser = new EventParser(regions);
        var institutions = new List<string>();
        var registered = new List<(string, string, DateOnly)>();
        var count = 0;
        foreach (var e in seeder.Seed(children).Concat(traffic.WarmUp(now - RegistrySeeder.WarmUp, now)))
        {
            if (parser.Parse(e, now).Event is not { } evt)
            {
                continue;
            }
            projection.Apply(evt);
            count++;
            switch (evt)
            {
                case InstitutionRegistered i:
                    institutions.Add(i.InstitutionId);
                    break;
                case ChildRegistered c:
                    registered.Add((c.ChildId, c.VillageCode, c.BirthDate));
                    break;
            }
        }
        projection.AdvanceTo(now);
        return new Seeded(projection, institutions, registered, count);
    }
}
