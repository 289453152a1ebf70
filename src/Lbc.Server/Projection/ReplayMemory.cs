using System.Diagnostics;

namespace Lbc.Server.Projection;

/// <summary>
/// Gives the replay's garbage back to the operating system once, when the server turns ready. A replay of millions of
/// events leaves the server GC's heaps grown to their peak (4 GiB resident after 10 million national events, where the
/// projection itself needs about 2): the runtime keeps that memory for reuse, and on a shared host it is memory nothing
/// else can have. One blocking, compacting collection that decommits the free space costs a pause of about a second at
/// national scale, once, at the moment the projection has just become live.
/// </summary>
public static class ReplayMemory
{
    /// <summary>Below this many replayed events the heap never grew enough to be worth a pause.</summary>
    public const long Threshold = 500_000;

    /// <param name="replayed">Events replayed since the process started.</param>
    /// <param name="restored">Whether the projection was loaded from a snapshot first (its read buffers are garbage now too).</param>
    public static void Release(long replayed, bool restored, ILogger logger)
    {
        if (replayed < Threshold && !restored)
        {
            return;
        }
        var before = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Released the replay's memory: resident {Before:0} MiB before, {After:0} MiB after, in {Seconds:0.00} s",
            before / 1048576.0, Environment.WorkingSet / 1048576.0, clock.Elapsed.TotalSeconds);
    }
}
