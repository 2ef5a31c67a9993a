using System.CommandLine;
using RustIrc.Host;

// rustirc: the client. Everything it does comes from the modules of the chosen composition.
var composition = new Option<string?>("--composition", "-c")
{
    Description = "Composition to run: a name from the compositions folder (default, minimal, bare, …) or a path to a JSON file.",
};
var modules = new Option<string[]>("--modules", "-m")
{
    Description = "Adds a folder of modules (or one module folder); its modules are loaded too. Repeatable.",
    Arity = ArgumentArity.OneOrMore,
    AllowMultipleArgumentsPerToken = false,
};
var json = new Option<bool>("--json") { Description = "Print lines and events on stdout as JSON lines." };
var tui = new Option<bool>("--tui") { Description = "Run the full-screen terminal UI (the default on a terminal)." };
var shell = new Option<bool>("--shell") { Description = "Run the line shell even on a terminal: lines in, [buffer] lines out." };
var color = new Option<ColorMode>("--color")
{
    Description = "IRC colours and bold on stdout: auto (when it is a terminal and NO_COLOR is not set), always, or never (taken out).",
    DefaultValueFactory = _ => ColorMode.Auto,
};
var configDir = new Option<string?>("--config-dir") { Description = "Configuration folder (default: $XDG_CONFIG_HOME/rustirc or ~/.config/rustirc)." };
var dataDir = new Option<string?>("--data-dir") { Description = "Data folder for module states and module data (default: $XDG_DATA_HOME/rustirc or ~/.local/share/rustirc)." };
var noHotReload = new Option<bool>("--no-hot-reload") { Description = "Do not reload modules whose files change on disk." };
var verbose = new Option<bool>("--verbose", "-v") { Description = "Log what the kernel does (to stderr)." };
var connect = new Option<string[]>("--connect")
{
    Description = "Connects at start to [NAME=]irc://host[:port]/#chan,#chan or ircs://… (repeatable; NAME= names the network, else it is named after its host, with the port added when that name is taken). The client then runs as a bot: it stays up after input ends.",
    Arity = ArgumentArity.OneOrMore,
    AllowMultipleArgumentsPerToken = false,
};
var script = new Option<string[]>("--script")
{
    Description = "Loads a script file at start (repeatable), e.g. a bot's autogreet.lua.",
    Arity = ArgumentArity.OneOrMore,
    AllowMultipleArgumentsPerToken = false,
};
var nick = new Option<string?>("--nick") { Description = "The nick to use on IRC (default: the config's modules.irc.nick, else your user name)." };

var root = new RootCommand("RustIrc: a plugin-first IRC client. Every feature is a module; type /help once it runs.")
{
    composition, modules, json, tui, shell, color, configDir, dataDir, noHotReload, verbose, connect, nick, script,
    IrcInspector.CreateCommand(),
    ScriptRunner.CreateCommand(),
};
root.SetAction((parse, cancellationToken) => ClientRunner.RunAsync(new ClientOptions
{
    Composition = parse.GetValue(composition),
    ExtraModuleDirectories = parse.GetValue(modules) ?? [],
    Json = parse.GetValue(json),
    Frontend = parse.GetValue(tui) ? Frontend.Tui : parse.GetValue(shell) || parse.GetValue(json) ? Frontend.Shell : Frontend.Auto,
    Color = parse.GetValue(color),
    ConfigDirectory = parse.GetValue(configDir),
    DataDirectory = parse.GetValue(dataDir),
    HotReload = !parse.GetValue(noHotReload),
    Verbose = parse.GetValue(verbose),
    Connect = parse.GetValue(connect) ?? [],
    Nick = parse.GetValue(nick),
    Scripts = parse.GetValue(script) ?? [],
}));

return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
