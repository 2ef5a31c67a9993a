using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Ui;

namespace RustIrc.Host;

/// <summary>
/// The log on stderr, one line per entry (<c>HH:mm:ss warn: Category[0] message</c>), made safe for a
/// terminal: a log line may quote a script's error message or its <c>irc.log</c> text, which must not
/// control the terminal any more than its <c>print</c> may. A small provider of our own rather than the
/// console logger with a custom formatter, whose options binding loads the configuration binder.
/// </summary>
internal sealed class SafeConsoleLog(Func<string, bool>? divert) : ILoggerProvider
{
    private readonly object _gate = new();

    /// <summary>Logs to stderr through this provider.</summary>
    public static void Add(ILoggingBuilder logging, Func<string, bool>? divert = null) => logging.AddProvider(new SafeConsoleLog(divert));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        var text = TerminalText.Clean(message);
        if (exception is not null)
        {
            // The client's own stack trace keeps its lines; each is cleaned, since its message may quote a script.
            text += Environment.NewLine + string.Join(Environment.NewLine, exception.ToString().Split('\n').Select(line => TerminalText.Clean(line.TrimEnd('\r'))));
        }
        var name = level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        var line = $"{DateTime.Now:HH:mm:ss} {name}: {category}[{eventId.Id}] {text}";
        if (divert?.Invoke(line) == true) return; // a full-screen frontend shows it; stderr would be written over its screen
        lock (_gate) Console.Error.WriteLine(line);
    }

    private sealed class Logger(SafeConsoleLog provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) provider.Write(category, logLevel, eventId, formatter(state, exception), exception);
        }
    }
}
