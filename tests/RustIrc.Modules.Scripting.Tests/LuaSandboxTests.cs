using System.Runtime.CompilerServices;
using System.Text;
using RustIrc.Modules.Scripting.Tests.Infrastructure;
using static RustIrc.Modules.Scripting.Tests.Infrastructure.LuaSource;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// Attempts to get out of the Lua sandbox, one technique per test. Each script prints <c>ESCAPED</c> if it
/// reaches its goal; where the goal leaves a trace (a file, a secret in the output) that is checked too.
/// Every attempt must end in an error that says what was refused, and the client must go on.
/// </summary>
/// <remarks>
/// Threat: a script downloaded from a repository reads or writes files, runs programs, loads native code
/// or bytecode, reaches the debug library (and through it the host's own functions), or keeps the client
/// busy forever. This file covers attempts that leave a trace to check (a file, a secret); the attempts
/// that only need to be refused are rows of LuaSandboxTests.Refusals.cs; CPU and memory are in
/// LuaSandboxTests.Limits.cs.
/// </remarks>
public sealed partial class LuaSandboxTests(SandboxLuaClient shared) : IClassFixture<SandboxLuaClient>, IDisposable
{
    private readonly OutsideFolder _folder = new();

    private Task<ScriptAttempt> AttemptAsync(string source, [CallerMemberName] string name = "") => shared.AttemptAsync(name, source);

    private (string Path, string Secret) Secret() => _folder.Secret();

    // ---- files and programs ----

    [Fact]
    public async Task IoOpen_FileOutsideTheGrants_ReadIsRefused()
    {
        var (path, secret) = Secret();

        var attempt = await AttemptAsync($"""
            local f, err = io.open({Quote(path)})
            if f then print("ESCAPED: " .. tostring(f:read("a"))) end
            error(err, 0)
            """);

        attempt.AssertRefused($"lua '{attempt.Name}' needs permission file_read:{path}", $"/lua grant {attempt.Name} file_read:{path}");
        Assert.DoesNotContain(secret, attempt.Transcript);
    }

    [Fact]
    public async Task IoOpen_WriteOutsideTheGrants_IsRefusedAndNoFileAppears()
    {
        var target = Path.Combine(_folder.Path, "planted.txt");

        var attempt = await AttemptAsync($"""
            local f = assert(io.open({Quote(target)}, "w"))
            f:write("planted")
            f:close()
            print("ESCAPED: wrote the file")
            """);

        attempt.AssertRefused("needs permission file_write");
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task OsExecute_RunningAShellCommand_IsNotThere()
    {
        var marker = Path.Combine(_folder.Path, "executed");

        var attempt = await AttemptAsync($"""os.execute("touch " .. {Quote(marker)}) print("ESCAPED: executed")""");

        attempt.AssertRefused("execute");
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task OsRemove_DeletingAFile_IsNotThere()
    {
        var (path, _) = Secret();

        var attempt = await AttemptAsync($"""os.remove({Quote(path)}) print("ESCAPED: removed")""");

        attempt.AssertRefused("remove");
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task OsRename_MovingAFile_IsNotThere()
    {
        var (path, _) = Secret();

        var attempt = await AttemptAsync($"""os.rename({Quote(path)}, {Quote(path + ".moved")}) print("ESCAPED: renamed")""");

        attempt.AssertRefused("rename");
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task OsGetenv_ReadingTheEnvironment_IsNotThere()
    {
        var secret = "env-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable("RUSTIRC_SANDBOX_SECRET", secret);

        var attempt = await AttemptAsync("""print("ESCAPED: " .. tostring(os.getenv("RUSTIRC_SANDBOX_SECRET")))""");

        attempt.AssertRefused("getenv");
        Assert.DoesNotContain(secret, attempt.Transcript);
    }

    // ---- loading code from files, native code and bytecode ----

    [Theory]
    [InlineData("loadfile", "()")]
    [InlineData("dofile", "")]
    public async Task RunningAnotherFile_WithLoadfileOrDofile_IsNotThere(string function, string call)
    {
        var other = Path.Combine(_folder.Path, "other.lua");
        File.WriteAllText(other, "print('ESCAPED: ran another file')");

        var attempt = await shared.AttemptAsync("run_file_with_" + function, $"{function}({Quote(other)}){call}");

        attempt.AssertRefused(function);
    }

    [Fact]
    public async Task Require_Os_GivesTheReducedOs()
    {
        var marker = Path.Combine(_folder.Path, "required");

        var attempt = await AttemptAsync($"""require("os").execute("touch " .. {Quote(marker)}) print("ESCAPED: executed")""");

        attempt.AssertRefused("execute");
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task PackageSearchers_AddingAFileSearcher_CannotReadTheModuleFile()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "planted.lua"), "print('ESCAPED: planted module ran') return {}");

        var attempt = await AttemptAsync($$"""
            table.insert(package.searchers, function(name)
              local path = {{Quote(_folder.Path + "/")}} .. name .. ".lua"
              local f = package.searchpath and package.searchpath(name, {{Quote(_folder.Path + "/?.lua")}})
              local loader = loadfile and loadfile(path)
              if loader then return loader end
              local h, err = io.open(path)
              if not h then return "\n\tno way to read " .. path .. ": " .. tostring(err) end
              return load(h:read("a"), "=" .. path)
            end)
            require("planted")
            """);

        attempt.AssertRefused("module 'planted' not found", "needs permission file_read");
    }

    // ---- resources ----

    [Fact]
    public async Task HugeSource_TwentyMegabytesOfCode_StoppedByTheMemoryLimit()
    {
        var source = new StringBuilder(21 << 20);
        while (source.Length < 20 << 20) source.Append("x = x and x + 1 or 1\n");
        source.Append("print('ESCAPED: a 20 MB chunk compiled')");

        var attempt = await AttemptAsync(source.ToString());

        attempt.AssertRefused($"memory limit of {ScriptingClient.MemoryMb} MB");
    }

    [Fact]
    public async Task OtherScripts_GlobalsAndStringMetatable_AreNotShared()
    {
        var poison = await AttemptAsync("""
            getmetatable("").__index.upper = function() return "poisoned" end
            getmetatable("").__add = function() return "poisoned" end
            shared_secret = "from the poisoner"
            """, "OtherScripts_Poisoner");
        var victim = await AttemptAsync("""print("victim: " .. ("abc"):upper() .. " " .. tostring(rawget(_G, "shared_secret")) .. " " .. tostring(pcall(function() return "a" + {} end)))""", "OtherScripts_Victim");

        Assert.Null(poison.StopReason);
        Assert.Contains("victim: ABC nil false", victim.Printed);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("RUSTIRC_SANDBOX_SECRET", null);
        _folder.Dispose();
    }
}
