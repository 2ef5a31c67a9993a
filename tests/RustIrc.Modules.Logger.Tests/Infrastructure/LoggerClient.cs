using RustIrc.Modules.Irc.Tests.Infrastructure;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;
using RustIrc.Sdk.Testing;

namespace RustIrc.Modules.Logger.Tests.Infrastructure;

/// <summary>
/// The logger as a user runs it: a <see cref="RustIrcKernel"/> with the built ui, irc and logger modules
/// from <c>artifacts/&lt;Configuration&gt;/modules/</c>, its logs in a folder of the test's own. Disposing
/// it stops the kernel and deletes its folders.
/// </summary>
internal sealed class LoggerClient : IAsyncDisposable
{
    public const string Network = "fake";

    private static readonly string ModulesDirectory = Path.Combine(
        typeof(LoggerClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RustIrcArtifacts").Value!,
        "modules");

    private readonly TempFolder _folder = new();
    private readonly Recording<RustIrcEvent> _events = new();

    private LoggerClient(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new Dictionary<string, string?>(settings) { ["modules:logger:path"] = Logs };
        Kernel = new RustIrcKernel(new KernelOptions
        {
            ModuleDirectories = [ModulesDirectory],
            DataDirectory = _folder.Combine("data"),
            Composition = ["ui", "irc", "logger"],
            Grants = new Dictionary<string, IReadOnlyList<string>>
            {
                ["irc"] = [WellKnownPermissions.NetworkAccess, WellKnownPermissions.IrcSend, WellKnownPermissions.IrcRead, WellKnownPermissions.UiModification],
                ["logger"] = [WellKnownPermissions.UiModification, WellKnownPermissions.IrcRead],
            },
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(),
        });
    }

    public RustIrcKernel Kernel { get; }

    /// <summary>The logs folder (<c>modules.logger.path</c>).</summary>
    public string Logs => _folder.Combine("logs");

    /// <summary>Starts the kernel with <paramref name="settings"/> (<c>modules:logger:…</c> keys and others); fails when the logger did not start.</summary>
    public static async Task<LoggerClient> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var client = new LoggerClient(settings ?? new Dictionary<string, string?>());
        await client.Kernel.ClientLoop.InvokeAsync(() => client.Kernel.Events.Observe(client._events.Add));
        await client.Kernel.StartAsync();
        var logger = await client.Kernel.ClientLoop.InvokeAsync(() => client.Kernel.Manager.List().Single(m => m.Id == "logger"));
        if (logger.State != ModuleState.Enabled)
        {
            await client.DisposeAsync();
            Assert.Fail($"The logger module did not start from {ModulesDirectory}: {logger.State} {logger.Reason}");
        }
        return client;
    }

    /// <summary>Connects network <see cref="Network"/> to <paramref name="server"/> as <c>tester</c> and waits until registered.</summary>
    public async Task ConnectAsync(FakeIrcServer server)
    {
        var from = _events.Count;
        await Kernel.ClientLoop.InvokeAsync(() => Kernel.Services.Get<IIrcService>().Connect(
            new IrcNetworkOptions { Name = Network, Host = "127.0.0.1", Port = server.Port, Nick = "tester", Reconnect = false }));
        await WaitForEventAsync<ConnectedEvent>(_ => true, from);
    }

    /// <summary>Sends a private message through <paramref name="server"/> and waits until the client has handled it and every line before it.</summary>
    public async Task SyncAsync(FakeIrcServer server)
    {
        var token = "sync-" + Guid.NewGuid().ToString("N")[..8];
        var from = _events.Count;
        await server.SendAsync($":sync!s@sync.host PRIVMSG {server.Nick} :{token}");
        await WaitForEventAsync<MessageEvent>(e => e.Text == token, from);
    }

    /// <summary>Runs a command line as typed in <paramref name="buffer"/>; returns how it ended and its answers as <c>Kind: text</c>.</summary>
    public async Task<(CommandOutcome Outcome, IReadOnlyList<string> Replies)> ExecuteAsync(string line, string buffer)
    {
        await Kernel.ClientLoop.InvokeAsync(() => Kernel.Services.Get<IUiModel>().SwitchTo(buffer));
        var output = new Output(this);
        var outcome = await Kernel.ExecuteAsync(line, output);
        return (outcome, output.Lines);
    }

    /// <summary>Prints a line into a buffer, as any module would.</summary>
    public Task PrintAsync(string buffer, string text) => Kernel.ClientLoop.InvokeAsync(() => Kernel.Services.Get<IUiModel>().Print(buffer, text, LineKind.Message));

    /// <summary>The lines of a UI buffer.</summary>
    public Task<IReadOnlyList<string>> BufferLinesAsync(string buffer) =>
        Kernel.ClientLoop.InvokeAsync<IReadOnlyList<string>>(() => Kernel.Services.Get<IUiModel>().Lines(buffer, 10_000).Select(l => l.Text).ToArray());

    /// <summary>The lines of a log file (none when it does not exist yet), read as another program would while the client writes.</summary>
    public IReadOnlyList<string> FileLines(params string[] parts)
    {
        var path = Path.Combine([Logs, .. parts]);
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task WaitForEventAsync<T>(Func<T, bool> match, int from) where T : RustIrcEvent
    {
        if (!(await _events.WaitForAsync(e => e is T t && match(t), from, TimeSpan.FromSeconds(10))).Found)
        {
            Assert.Fail($"No {typeof(T).Name} came within 10 s. The last events:\n  " + string.Join("\n  ", _events.Items.TakeLast(20)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Kernel.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Answers go where the shell puts them, the current buffer, so they meet the logger as they would in the client.</summary>
    private sealed class Output(LoggerClient client) : ICommandOutput
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return _lines.ToArray(); }
        }

        public void Write(string text, LineKind kind = LineKind.Info)
        {
            lock (_lines) _lines.Add($"{kind}: {text}");
            var ui = client.Kernel.Services.Get<IUiModel>();
            ui.Print(ui.CurrentBuffer, text, kind);
        }
    }
}
