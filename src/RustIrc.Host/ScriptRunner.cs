// `rustirc script run FILE`: one script, once, headless, in the same sandbox and limits as in the client.
using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Loading;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Host;

internal static class ScriptRunner
{
    /// <summary>The <c>script</c> command with its <c>run</c> subcommand.</summary>
    public static Command CreateCommand()
    {
        var file = new Argument<string>("FILE") { Description = "The script to run (a file of any script engine module: .lua, .py)." };
        var run = new Command(
            "run",
            "Run one script once, like `lua FILE`, but in the client's sandbox with the default permissions and limits: "
            + "what it prints goes to stdout, errors (including a limit it hit) to stderr with exit code 1. No network "
            + "is connected and no other script is loaded.")
        {
            file,
        };
        run.SetAction((parse, _) => RunAsync(parse.GetValue(file)!));
        return new Command("script", "Work with scripts outside the client.") { run };
    }

    private static async Task<int> RunAsync(string file)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"rustirc: no such script: {path}");
            return 2;
        }
        var moduleDirectories = ClientPaths.Resolve(new ClientOptions()).ModuleDirectories;
        var engines = ScriptEngines.Find(moduleDirectories);
        if (engines.For(path) is not { } engine)
        {
            Console.Error.WriteLine(TerminalText.Clean($"rustirc: no script engine module runs {Path.GetExtension(path)} files (known: {engines.Known})"));
            return 2;
        }

        var scratch = Directory.CreateTempSubdirectory("rustirc-script-run-");
        var failed = true;
        try
        {
            // Problems reach the user as error lines below; the log only carries what nothing else reports.
            using var loggerFactory = LoggerFactory.Create(logging => SafeConsoleLog.Add(logging.SetMinimumLevel(LogLevel.Error)));
            await using var kernel = new RustIrcKernel(new KernelOptions
            {
                ModuleDirectories = moduleDirectories,
                Composition = [engine],
                Grants = new Dictionary<string, IReadOnlyList<string>> { [engine] = ["ui_modification", "irc.send", "irc.read"] },
                DataDirectory = Path.Combine(scratch.FullName, "data"),
                Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"modules:{engine}:directory"] = Path.Combine(scratch.FullName, "scripts"),
                    [$"modules:{engine}:scripts:0"] = path,
                    [$"modules:{engine}:runOnce"] = "true",
                }).Build(),
                LoggerFactory = loggerFactory,
                HotReload = false,
            });
            var output = new PlainOutput();
            kernel.ProvideHostService<IUiModel>(output);
            await kernel.StartAsync();
            await kernel.StopAsync();
            failed = output.Failed;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
        await Console.Out.FlushAsync();
        return failed ? 1 : 0;
    }

    /// <summary>
    /// The UI for one headless run: the script's lines to stdout, error lines to stderr (and the exit code),
    /// both made safe for a terminal. There are no buffers to switch between.
    /// </summary>
    private sealed class PlainOutput : IUiModel
    {
        public bool Failed { get; private set; }

        /// <summary>Whether stdout is a terminal that gets IRC formatting as colours (else it is taken out).</summary>
        public bool Ansi { get; } = ColorMode.Auto.UseAnsi();

        public string CurrentBuffer => IUiModel.StatusBuffer;

        public IReadOnlyList<BufferInfo> Buffers() => [new BufferInfo(IUiModel.StatusBuffer, null, Activity.None, 0)];

        public IReadOnlyList<BufferLine> Lines(string buffer, int count) => [];

        public void Print(string buffer, string text, LineKind kind = LineKind.Info)
        {
            if (kind != LineKind.Error && text.StartsWith("RustIrc ready", StringComparison.Ordinal)) return; // the kernel's greeting is not the script's output
            Failed |= kind == LineKind.Error;
            foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
            {
                if (kind == LineKind.Error) Console.Error.WriteLine(TerminalText.Clean(line));
                else Console.Out.WriteLine(Ansi ? TerminalText.ToAnsi(line) : TerminalText.Clean(line));
            }
        }

        public void Open(string buffer, string? network = null)
        {
        }

        public void Close(string buffer)
        {
        }

        public void SwitchTo(string buffer)
        {
        }
    }
}
