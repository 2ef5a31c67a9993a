using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>Keeps what the kernel and its modules logged, to explain a failed wait.</summary>
internal sealed class KernelLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(KernelLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var error = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            log._entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{error}");
        }
    }
}
