
namespace RustIrc.Modules.Scripting.Lua;

/// <summary>
/// The Lua code run in every new state before the script (LuaSandbox.lua, embedded in this assembly): it
/// builds the <c>irc</c> table from the host functions, then takes away what a script must not have and
/// installs the limits.
/// </summary>
internal static class LuaSandbox
{
    /// <summary>The prelude's source text.</summary>
    public static string Prelude { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(LuaSandbox).Assembly.GetManifestResourceStream("RustIrc.Modules.Scripting.Lua.LuaSandbox.lua")
            ?? throw new InvalidOperationException("LuaSandbox.lua is not embedded in the lua module's assembly; rebuild it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
