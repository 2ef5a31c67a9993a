using System.Runtime.CompilerServices;

namespace RustIrc.Modules.Irc.Tests.Infrastructure;

/// <summary>
/// Gives the thread pool enough threads from the start. The kernel blocks a pool thread in a few places
/// (<c>IModuleManager.List</c> waits for the client loop, disposing joins the loop's thread); with two
/// test classes doing that at once on a two-core machine, the pool's slow thread injection stalled
/// single tests by up to a second.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void Widen()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(completionPorts, 16));
    }
}
