using Lbc.Contracts;
using Lbc.Domain.Events;
using Xunit.Abstractions;

namespace Lbc.Server.Tests.Simulator;

public sealed class SimulatorMixProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = SimulationRun.Play(children: 3_000, hours: 48, seed: int.Parse(Environment.GetEnvironmentVariable("SIM_SEED") ?? "2016"));
        output.WriteLine($"elapsed {watch.Elapsed}, events {run.Events.Count}, rejected {run.Rejected.Count}, refusals {run.PolicyRefusals.Count}, sim refused {run.World.Refused.Sum(r => r.Value)}");
        foreach (var r in run.Rejected.Take(10)) output.WriteLine("REJ " + r);
        foreach (var r in run.PolicyRefusals.Take(10)) output.WriteLine("POL " + r);
        foreach (var r in run.World.Refused) output.WriteLine($"SIM {r.Key} x{r.Value}");
        string[] stages = ["received", "acknowledged", "dispatched", "on_scene", "parents_contacted", "child_escorted", "township_notified", "search_started", "child_found"];
        var n = run.Samples.Count;
        foreach (var s in stages)
        {
            var present = run.Samples.Count(x => x.Open.Any(c => c.Stage == s));
            var mean = run.Samples.Average(x => x.Open.Count(c => c.Stage == s));
            output.WriteLine($"{s,-20} present {present * 100.0 / n,5:F1}%  mean {mean:F2}");
        }
        output.WriteLine($"all 7 present {run.Samples.Count(x => stages.Take(7).All(s => x.Open.Any(c => c.Stage == s))) * 100.0 / n:F1}%");
        output.WriteLine($"open min {run.Samples.Min(x => x.Open.Count)} mean {run.Samples.Average(x => x.Open.Count):F1} max {run.Samples.Max(x => x.Open.Count)}");
        output.WriteLine($"search running {run.Samples.Count(x => x.Searching > 0) * 100.0 / n:F1}% mean {run.Samples.Average(x => x.Searching):F2}");
        output.WriteLine($"breached present {run.Samples.Count(x => x.Open.Any(c => c.SlaState == SlaStates.Breached)) * 100.0 / n:F1}% mean {run.Samples.Average(x => x.Open.Count(c => c.SlaState == SlaStates.Breached)):F2}");
        output.WriteLine($"waiting present {run.Samples.Count(x => x.Waiting > 0) * 100.0 / n:F1}% mean {run.Samples.Average(x => x.Waiting):F2}; late present {run.Samples.Count(x => x.WaitingLate > 0) * 100.0 / n:F1}%");
        output.WriteLine($"assigned mean {run.Samples.Average(x => x.Assigned):F2} present {run.Samples.Count(x => x.Assigned > 0) * 100.0 / n:F1}%; admitted mean {run.Samples.Average(x => x.Admitted):F2}");
        output.WriteLine($"stale present {run.Samples.Count(x => x.StaleInstitutions > 0) * 100.0 / n:F1}% mean {run.Samples.Average(x => x.StaleInstitutions):F2}; not accepting mean {run.Samples.Average(x => x.NotAccepting):F2}; full mean {run.Samples.Average(x => x.Full):F2}");
        output.WriteLine($"waited past target {run.WaitedPastTarget.Count}; institutions {run.World.Institutions.Count}");
        // lateness of police stage clocks over all cases still in the projection
        int done = 0, late = 0;
        foreach (var f in run.Parsed(EventTypes.ReportFiled).Cast<ReportFiled>())
        {
            if (!run.Projection.TryGetCase(f.ReportId, out var c)) continue;
            foreach (var k in Lbc.Domain.Cases.StageClocks.EvaluateAll(c, run.Projection.Rules, run.Projection.Now))
            {
                if (k.Stage is Lbc.Domain.Cases.CaseStage.AssessmentOpened or Lbc.Domain.Cases.CaseStage.AssessmentCompleted) continue;
                if (k.State == Lbc.Domain.Cases.ClockState.Done) done++;
                if (k.State == Lbc.Domain.Cases.ClockState.DoneLate) late++;
            }
        }
        output.WriteLine($"police clocks done {done} late {late} ({late * 100.0 / (done + late):F1}%)");
        foreach (var t in new[] { EventTypes.ReportFiled, EventTypes.CaseClosed, EventTypes.PlacementRequested, EventTypes.PlacementAssigned, EventTypes.PlacementAdmitted, EventTypes.PlacementEnded, EventTypes.InstitutionStatus, EventTypes.AssessmentOpened, EventTypes.AssessmentCompleted, EventTypes.ServiceArranged, EventTypes.InterventionRecorded })
        {
            output.WriteLine($"{t,-24} {run.Events.Count(e => e.Type == t)}");
        }
        var measures = run.Parsed(EventTypes.InterventionRecorded).Cast<InterventionRecorded>().GroupBy(i => i.Measure).Select(g => $"{g.Key}={g.Count()}");
        output.WriteLine(string.Join(", ", measures));
        var last = run.Samples[^1];
        output.WriteLine("last sample: " + string.Join(", ", last.Open.GroupBy(c => c.Stage).Select(g => $"{g.Key}={g.Count()}")) + $"; searching {last.Searching}; waiting {last.Waiting} (late {last.WaitingLate}), assigned {last.Assigned}, admitted {last.Admitted}; stale {last.StaleInstitutions}, not accepting {last.NotAccepting}, full {last.Full}");
    }
}
