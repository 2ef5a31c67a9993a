using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Permissions;
using RustIrc.Sdk;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Ui;

namespace RustIrc.Benchmarks;

/// <summary>
/// One call through the permission guard, as a module makes it for every line it prints (the shell's
/// <c>ITerminal.WriteLine</c>, the irc module's <c>IUiModel.Print</c>): the proxy, the check and the call.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GuardBenchmarks
{
    private readonly Extension _kernel = new(ExtensionId.Kernel, PermissionSet.Unrestricted);
    private readonly Extension _module = new(ExtensionId.Module("shell"), new PermissionSet([new Permission(WellKnownPermissions.UiModification)]));
    private ITerminal _terminal = null!;
    private NullTerminal _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        var broker = new ServiceBroker(NullLogger.Instance);
        _target = new NullTerminal();
        broker.Provide<ITerminal>(_kernel, _target);
        _terminal = broker.Get<ITerminal>(_module);
    }

    [Benchmark]
    public void GuardedWriteLine() => _terminal.WriteLine("[#bench] <alice> hello, world");

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_target.Lines == 0) throw new InvalidOperationException("Nothing reached the terminal.");
    }

    private sealed class NullTerminal : ITerminal
    {
        public long Lines { get; private set; }

        public bool Json => false;

        public void WriteLine(string line) => Lines++;

        public IDisposable Attach(Func<string, Task> onLine) => throw new NotSupportedException();
    }
}
