namespace RustIrc.Host;

/// <summary>What the command line asked for.</summary>
internal sealed record ClientOptions
{
    public string? Composition { get; init; }
    public IReadOnlyList<string> ExtraModuleDirectories { get; init; } = [];
    public bool Json { get; init; }
    public Frontend Frontend { get; init; } = Frontend.Auto;
    public ColorMode Color { get; init; } = ColorMode.Auto;
    public string? ConfigDirectory { get; init; }
    public string? DataDirectory { get; init; }
    public bool HotReload { get; init; } = true;
    public bool Verbose { get; init; }

    /// <summary>irc:// URLs to connect to at start (<c>--connect</c>), passed to the irc module's settings.</summary>
    public IReadOnlyList<string> Connect { get; init; } = [];

    /// <summary>Script files to load at start (<c>--script</c>), passed to the engine of their language.</summary>
    public IReadOnlyList<string> Scripts { get; init; } = [];

    /// <summary>The IRC nick (<c>--nick</c>), passed to the irc module's settings.</summary>
    public string? Nick { get; init; }
}

/// <summary>Which frontend reads the terminal (<c>--tui</c>, <c>--shell</c>).</summary>
internal enum Frontend
{
    /// <summary>The full-screen tui on a terminal, the line shell in a pipe, when the composition has both.</summary>
    Auto,
    Tui,
    Shell,
}

/// <summary>Whether IRC formatting reaches stdout as ANSI colours (<c>--color</c>).</summary>
internal enum ColorMode
{
    /// <summary>When stdout is a terminal, <c>TERM</c> is not <c>dumb</c> and <c>NO_COLOR</c> is not set.</summary>
    Auto,
    /// <summary>Always, even into a pipe.</summary>
    Always,
    /// <summary>Never: formatting is taken out.</summary>
    Never,
}

internal static class ColorModeExtensions
{
    /// <summary>Whether this process's stdout gets ANSI colours.</summary>
    public static bool UseAnsi(this ColorMode mode) => mode switch
    {
        ColorMode.Always => true,
        ColorMode.Never => false,
        _ => !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb",
    };
}
