using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using RustIrc.Sdk.Ui;

namespace RustIrc.Host;

/// <summary>
/// The log on stderr, one line per entry (<c>HH:mm:ss warn: Category[0] message</c>), made safe for a
/// terminal: a log line may quote a script's error message or its <c>irc.log</c> text, which must not
/// control the terminal any more than its <c>print</c> may.
/// </summary>
internal sealed class SafeConsoleLog() : ConsoleFormatter(Name)
{
    private new const string Name = "rustirc-safe";

    /// <summary>Logs to stderr through this formatter.</summary>
    public static void Add(ILoggingBuilder logging)
    {
        logging.AddConsole(console =>
        {
            console.FormatterName = Name;
            console.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<SafeConsoleLog, ConsoleFormatterOptions>();
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = TerminalText.Clean(logEntry.Formatter(logEntry.State, logEntry.Exception));
        if (logEntry.Exception is { } exception)
        {
            // The client's own stack trace keeps its lines; each is cleaned, since its message may quote a script.
            message += Environment.NewLine + string.Join(Environment.NewLine, exception.ToString().Split('\n').Select(line => TerminalText.Clean(line.TrimEnd('\r'))));
        }
        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        textWriter.WriteLine($"{DateTime.Now:HH:mm:ss} {level}: {logEntry.Category}[{logEntry.EventId.Id}] {message}");
    }
}
