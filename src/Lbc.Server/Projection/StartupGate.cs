using Lbc.Server.Configuration;

namespace Lbc.Server.Projection;

/// <summary>
/// Holds the "ready" state back while the simulator seeds an empty log, so the UI shows "seeding" with
/// progress instead of a half-filled picture that claims to be live.
/// </summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StartupGate(DashboardOptions options)
    {
        if (!options.Simulator.Enabled)
        {
            _seeded.TrySetResult();
        }
    }

    public bool Seeding => !_seeded.Task.IsCompleted;

    public long Seeded { get; set; }

    public long SeedTotal { get; set; }

    public void SeedingDone() => _seeded.TrySetResult();
}
