using System.Diagnostics;
using System.Reflection;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// The sandbox's prelude (modules/RustIrc.Modules.Scripting.Lua/LuaSandbox.lua) is a Lua program of its
/// own: run here in Debian's plain lua5.4, with stand-ins for what the host and the native helper give it,
/// to check what it takes away and what its pattern policy decides, apart from the engine.
/// </summary>
public sealed class LuaPreludeTests
{
    private static readonly string Prelude = Path.GetFullPath(Path.Combine(
        typeof(LuaPreludeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RustIrcArtifacts").Value!,
        "..", "..", "modules", "RustIrc.Modules.Scripting.Lua", "LuaSandbox.lua"));

    private const string Harness = """
        local installed, write = {}, io.write
        __host = { print = function(text) write(text, "\n") return true end }
        __tick = function() return nil end
        __over = function() return nil end
        __install = function(what, f) installed[what] = f end
        dofile(PRELUDE)
        local policy = installed.patterns
        print("gone", dofile, loadfile, io.popen, debug, string.dump, os.execute, package.loadlib)
        print("kept", type(os.time), type(io.open), type(load), type(irc.print))
        print("installed", type(installed.limit), type(installed.wrap), type(policy))
        print("exponential", policy("string.find", ("a"):rep(40), ("a*."):rep(42), false) ~= nil)
        print("trim", policy("string.find", (" x "):rep(100), "^%s*(.-)%s*$", false))
        print("fields", policy("string.gmatch", ("ab\t"):rep(10000), "([^\t]*)\t", false))
        print("plain", policy("string.find", ("a"):rep(40), ("a*."):rep(42), true))
        print("nested", policy("string.find", ("a"):rep(400), "a*a*a*b", false))
        print("binary", load(string.char(27) .. "Lua", "c", "b"))
        print("text", load("return 1", "c", "b"))
        print("noenv", pcall(load("return x", "c", "t", nil)))
        print("pcall", pcall(pcall))
        print("xpcall", pcall(xpcall, print))
        print("gc", pcall(collectgarbage, "stop"))
        """;

    [Fact]
    public async Task Prelude_InPlainLua_TakesAwayWhatItShouldAndItsPolicyJudgesPatterns()
    {
        var output = await RunLuaAsync(Harness.Replace("PRELUDE", "\"" + Prelude + "\""));

        Assert.Equal(
        [
            "gone\tnil\tnil\tnil\tnil\tnil\tnil\tnil",
            "kept\tfunction\tfunction\tfunction\tfunction",
            "installed\tfunction\tfunction\tfunction",
            "exponential\ttrue",
            "trim\tnil",
            "fields\tnil",
            "plain\tnil",
            "nested\tstring.find: pattern too complex (4 backtracking repetitions) for a 400-byte subject; match in steps with simpler patterns",
            "binary\tnil\tattempt to load a binary chunk (precompiled Lua is not accepted in scripts)",
            "text\tnil\tattempt to load a text chunk (mode is 'b')",
            "noenv\tfalse\t[string \"c\"]:1: attempt to index a nil value (upvalue '_ENV')",
            "pcall\tfalse\tbad argument #1 to 'pcall' (value expected)",
            "xpcall\tfalse\tbad argument #2 to 'xpcall' (function expected, got no value)",
            "gc\tfalse\tcollectgarbage('stop') is not allowed in scripts",
        ], output);
    }

    private static async Task<string[]> RunLuaAsync(string source)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rustirc-prelude-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(file, source);
        try
        {
            var start = new ProcessStartInfo("lua5.4", [file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new InvalidOperationException("lua5.4 is needed for this test: apt-get install lua5.4 (./run-tests installs it when run as root).");
            }
            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
                Assert.True(process.ExitCode == 0, $"lua5.4 failed: {await error}");
                return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
