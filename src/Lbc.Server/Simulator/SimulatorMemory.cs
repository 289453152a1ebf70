using System.Text.Json;
using Lbc.Domain.Events;
using Lbc.EventLog;

namespace Lbc.Server.Simulator;

/// <summary>
/// Rebuilds what the simulator knows from the log after a restart: its active children, its institutions
/// and its cases still open (which it then winds down: township notified, closed).
/// </summary>
internal static class SimulatorMemory
{
    public static async Task RecallAsync(IEventLog log, SimulationWorld world, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var children = new Dictionary<string, (int Township, bool SchoolAge)>(StringComparer.Ordinal);
        var openCases = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = LogPosition.Start;
        while (true)
        {
            var batch = await log.ReadAfterAsync(position, 10_000, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var logged in batch)
            {
                position = logged.Position;
                Remember(logged.Event, world, children, openCases);
            }
        }
        foreach (var (id, (township, schoolAge)) in children)
        {
            world.Children.Add((id, township, schoolAge));
        }
        world.NextChildNumber = children.Count + 1_000_000;
        world.NextReportNumber = openCases.Count + 50_000;
        foreach (var (reportId, township) in openCases)
        {
            var steps = new Queue<PlannedStep>();
            steps.Enqueue(new(EventTypes.CaseTownshipNotified, TimeSpan.FromMinutes(world.Random.Next(1, 30))));
            steps.Enqueue(new(EventTypes.CaseClosed, TimeSpan.FromMinutes(world.Random.Next(5, 40)),
                w => w.WriteString("outcome", "handled_referred_to_township")));
            world.Cases.Add(new SimCase(reportId, township, now, steps));
        }
    }

    private static void Remember(RawEvent e, SimulationWorld world, Dictionary<string, (int, bool)> children, Dictionary<string, string> openCases)
    {
        if (e.Src != "simulator")
        {
            return;
        }
        try
        {
            using var doc = JsonDocument.Parse(e.Data);
            var data = doc.RootElement;
            string Text(string name) => data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            switch (e.Type)
            {
                case EventTypes.ChildRegistered when world.Regions.TryGetTownshipOfVillage(Text("village_code"), out var t):
                    var schoolAge = DateOnly.TryParse(Text("birth_date"), out var birth)
                        && DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - birth.DayNumber >= 6 * 365;
                    children[Text("child_id")] = (t.Index, schoolAge);
                    break;
                case EventTypes.ChildExited:
                    children.Remove(Text("child_id"));
                    break;
                case EventTypes.InstitutionRegistered:
                    world.Institutions.Add((Text("institution_id"), data.TryGetProperty("capacity", out var c) ? c.GetInt32() : 10));
                    break;
                case EventTypes.ReportFiled:
                    openCases[Text("report_id")] = Text("village_code");
                    break;
                case EventTypes.CaseClosed:
                    openCases.Remove(Text("report_id"));
                    break;
            }
        }
        catch (JsonException)
        {
            // Not ours to judge: the projection dead-letters malformed events.
        }
    }
}
