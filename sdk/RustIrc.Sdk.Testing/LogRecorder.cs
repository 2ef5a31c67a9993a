using Microsoft.Extensions.Logging;

namespace RustIrc.Sdk.Testing;

/// <summary>
/// Keeps what the kernel and modules log: errors fail the test, permission refusals are listed. An
/// exception is kept as text: the object would hold its thrower's load context alive.
/// </summary>
internal sealed class LogRecorder : ILoggerProvider
{
    public Recording<(LogLevel Level, string Category, string Text, string? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) recorder.Entries.Add((logLevel, category, formatter(state, exception), exception?.ToString()));
        }
    }
}
