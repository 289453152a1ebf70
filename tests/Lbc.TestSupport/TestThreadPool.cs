using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Lbc.TestSupport;

/// <summary>
/// Test classes run in parallel, and each in-memory server starts synchronously (WebApplicationFactory blocks a
/// thread-pool thread until the host has started). On a two-core CI machine the pool begins with two threads and adds
/// about one a second, so a start waiting for Redis' answer could wait for a thread instead; CI once saw a SUBSCRIBE
/// time out that way with eight threads busy. The servers themselves keep the runtime's defaults.
/// </summary>
internal static class TestThreadPool
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Test support: must run before any test class starts a server, whichever runs first.")]
    internal static void RaiseMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
    }
}
