using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RustIrc.Kernel.Tests.Infrastructure;

/// <summary>
/// Keeps every log message. The kernel logs each notice it shows the user (warnings for errors), so
/// tests read what the user was told here, without running a UI.
/// </summary>
internal sealed class RecordingLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();
    private readonly ConcurrentQueue<string> _exceptions = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => _entries.ToArray();

    /// <summary>Messages at warning level or above.</summary>
    public IEnumerable<string> Warnings => Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message);

    /// <summary>
    /// The exceptions logged with a message, as text (type, message, stack trace), in order. Text, not the
    /// exceptions: one thrown by a module would keep the module's load context alive.
    /// </summary>
    public IReadOnlyList<string> Exceptions => _exceptions.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            log._entries.Enqueue((logLevel, category, formatter(state, exception)));
            if (exception is not null) log._exceptions.Enqueue(exception.ToString());
        }
    }
}
