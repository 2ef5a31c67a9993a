using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Tests.Shared;

namespace RustIrc.Benchmarks;

/// <summary>
/// Channel messages from the socket to the UI model's scrollback, through the real ui and irc modules in a
/// kernel, with no handler but the irc module's own printer: the flood path the hot-path goal is about
/// (at most 400 bytes allocated per message). One operation is one message of a 1,000-message burst.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class FloodPathBenchmarks
{
    private const int Burst = 1_000;
    private const string Channel = "#bench";

    private LoopbackIrcServer _server = null!;
    private RustIrcKernel _kernel = null!;
    private string _data = null!;
    private byte[] _burst = null!;
    private TaskCompletionSource _handled = new();
    private IDisposable? _marker;

    [GlobalSetup]
    public void Setup()
    {
        RepoPaths.Require(Path.Combine(RepoPaths.Modules, "irc"));
        _data = RepoPaths.NewTempDirectory("flood");
        _server = new LoopbackIrcServer();
        _kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [RepoPaths.Modules],
            Composition = ["ui", "irc"],
            Grants = new Dictionary<string, IReadOnlyList<string>> { ["irc"] = ["ui_modification", "irc.read", "irc.send", "network_access"] },
            DataDirectory = _data,
            Configuration = new ConfigurationBuilder().Build(),
        });
        _kernel.StartAsync().GetAwaiter().GetResult();
        if (_kernel.Manager.List().Single(m => m.Id == "irc").State != ModuleState.Enabled) throw new InvalidOperationException("the irc module did not start");
        OnLoop(() => _kernel.Services.Get<IIrcService>().Connect(new IrcNetworkOptions
        {
            Name = "bench", Host = "127.0.0.1", Port = _server.Port, Nick = "bencher", Reconnect = false,
        }));
        _server.Registered.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        _server.Send(System.Text.Encoding.ASCII.GetBytes($":bencher!b@bench.host JOIN {Channel}\r\n"));
        _server.Send(PrivmsgFlood.Joins(300, Channel));
        _burst = PrivmsgFlood.Lines(Burst, 300, Channel, $":bench.server NOTICE {Channel} :end of burst");
        OnLoop(() => _marker = _kernel.Events.Subscribe<NoticeEvent>(e =>
        {
            if (e.Text == "end of burst") _handled.TrySetResult();
            return EventResult.Continue;
        }));
        ReceiveBurst(); // and the JOINs before it
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        OnLoop(() => _marker?.Dispose());
        _kernel.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.Dispose();
        RepoPaths.DeleteQuietly(_data);
    }

    /// <summary>A burst of channel messages sent, and the client done with its last line.</summary>
    [Benchmark(OperationsPerInvoke = Burst)]
    public void ReceiveBurst()
    {
        _handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Send(_burst);
        if (!_handled.Task.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the client did not handle the burst within 30 s");
    }

    private void OnLoop(Action work) => _kernel.ClientLoop.InvokeAsync(() =>
    {
        work();
        return Task.CompletedTask;
    }).GetAwaiter().GetResult();
}
