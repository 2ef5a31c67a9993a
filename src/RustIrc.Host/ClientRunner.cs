using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using RustIrc.Kernel.Hosting;
using RustIrc.Kernel.Loading;

namespace RustIrc.Host;

/// <summary>Starts the kernel with the chosen composition, wires stdin/stdout and signals, and shuts down cleanly.</summary>
internal static class ClientRunner
{
    public static async Task<int> RunAsync(ClientOptions options)
    {
        var paths = ClientPaths.Resolve(options);
        var problems = new List<string>();
        var settings = ClientSettings.Load(paths.ConfigFile, problems);
        // A terminal that cannot move its cursor (TERM=dumb, an editor's shell buffer) gets the line shell.
        var interactive = !options.Json && Terminal.IsProcessInteractive() && Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && term != "dumb";
        var composition = Composition.Resolve(options.Composition ?? settings.Composition, paths, problems)?.WithFrontend(options.Frontend, interactive, problems);
        if (composition is null)
        {
            foreach (var problem in problems) Console.Error.WriteLine(Sdk.Ui.TerminalText.Clean($"rustirc: {problem}"));
            return 2;
        }

        var scriptProblems = new List<string>();
        var configuration = WithCommandLine(settings.Configuration, options, paths, scriptProblems);
        if (scriptProblems.Count > 0)
        {
            foreach (var problem in scriptProblems) Console.Error.WriteLine(Sdk.Ui.TerminalText.Clean($"rustirc: {problem}"));
            return 2;
        }

        Terminal? terminal = null; // log lines written while a full-screen frontend holds the terminal go to it instead
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning);
            SafeConsoleLog.Add(logging, line => terminal?.DivertWhileHeld(line) == true);
        });

        var grants = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, list) in composition.Grants) grants[id] = list;
        foreach (var (id, list) in settings.Grants) grants[id] = grants.TryGetValue(id, out var existing) ? [.. existing, .. list] : list;

        var kernelOptions = new KernelOptions
        {
            ModuleDirectories = [.. paths.ModuleDirectories, .. options.ExtraModuleDirectories.Select(Path.GetFullPath)],
            AutoloadDirectories = options.ExtraModuleDirectories.Select(Path.GetFullPath).ToArray(),
            Composition = composition.Modules,
            Grants = grants,
            DataDirectory = paths.DataDirectory,
            Configuration = configuration,
            LoggerFactory = loggerFactory,
            HotReload = options.HotReload && settings.HotReload,
        };

        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        // On a terminal, plain reads of descriptor 0: .NET's console stream would edit and echo lines itself
        // and change the terminal's settings under a full-screen frontend. Elsewhere the console stream: with
        // a FileStream on descriptor 0 instead, the flood ran about 18 % slower (docs/performance.md, section 15).
        Stream stdin = interactive ? new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0) : Console.OpenStandardInput();
        terminal = new Terminal(stdin, stdout, options.Json, options.Color.UseAnsi(), interactive);

        await using var kernel = new RustIrcKernel(kernelOptions);
        kernel.UseTerminal(terminal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var stopInput = new CancellationTokenSource();

        foreach (var problem in problems) terminal.WriteLine(options.Json ? Sdk.Ui.TerminalJson.Line("status", Sdk.Events.LineKind.Error, problem, DateTimeOffset.UtcNow) : "error: " + problem);
        await kernel.StartAsync();
        _ = kernel.RunTerminalAsync(terminal, stopInput.Token);
        var exitCode = await kernel.ExitRequested;
        stopInput.Cancel();
        await kernel.StopAsync();
        terminal.Flush();
        return exitCode;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // shut down cleanly instead of dying
            kernel.Lifetime.RequestExit(0);
        }
    }

    /// <summary>
    /// Command-line settings for modules (<c>--connect</c>, <c>--nick</c>, <c>--script</c>) laid over the
    /// config file's, and every script engine's folder (<c>scripts/</c>, or what its manifest says, beside config.json) unless the file
    /// names one. A script goes to the engine whose manifest claims its file extension.
    /// </summary>
    private static IConfiguration WithCommandLine(IConfiguration file, ClientOptions options, ClientPaths paths, List<string> problems)
    {
        var overrides = new Dictionary<string, string?>();
        var engines = ScriptEngines.Find(paths.ModuleDirectories.Concat(options.ExtraModuleDirectories.Select(Path.GetFullPath)));
        foreach (var engine in engines.Modules)
        {
            if (file[$"modules:{engine}:directory"] is null) overrides[$"modules:{engine}:directory"] = Path.Combine(paths.ConfigDirectory, engines.FolderOf(engine));
        }
        foreach (var script in options.Scripts.Select(Path.GetFullPath))
        {
            if (engines.For(script) is not { } engine)
            {
                problems.Add($"--script {script}: no script engine module runs {Path.GetExtension(script)} files (known: {engines.Known})");
                continue;
            }
            // Appended after the scripts config.json lists for the engine, never over them.
            var index = file.GetSection($"modules:{engine}:scripts").GetChildren().Count() + overrides.Keys.Count(k => k.StartsWith($"modules:{engine}:scripts:", StringComparison.Ordinal));
            overrides[$"modules:{engine}:scripts:{index}"] = script;
        }
        for (var i = 0; i < options.Connect.Count; i++) overrides[$"modules:irc:connect:{i}"] = options.Connect[i];
        if (options.Nick is { } nick) overrides["modules:irc:nick"] = nick;
        return new ConfigurationBuilder().AddConfiguration(file).AddInMemoryCollection(overrides).Build();
    }
}
