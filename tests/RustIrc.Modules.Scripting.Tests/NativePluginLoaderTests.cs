using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Events;
using RustIrc.Tests.Shared;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// The native plugin loader (module <c>plugin</c>) with plugins really built by gcc: Native/probe.c in its
/// shapes reports what the host gives it; bad files are refused with what is wrong; late calls are refused.
/// </summary>
public sealed class NativePluginLoaderTests
{
    private const string Probe = "tests/RustIrc.Modules.Scripting.Tests/Native/probe.c";

    internal static Task<ScriptingClient> StartAsync(bool withIrc = false) =>
        ScriptingClient.StartAsync(new ScriptingSetup { Engine = "plugin", WithIrc = withIrc });

    internal static Task<string> BuildAsync(ScriptingClient client, string file, params string[] flags) =>
        NativeCompiler.CompileAsync(Probe, Path.Combine(client.Folders.Elsewhere, file), flags);

    private static async Task<string> LoadProbeAsync(ScriptingClient client, params string[] flags)
    {
        var path = await BuildAsync(client, "probe.so", flags);
        var loaded = await client.RunAsync($"/plugin load {path}");
        Assert.True(loaded.Text.Contains("loaded probe"), $"The probe did not load:\n{loaded.Text}");
        return path;
    }

    [Fact]
    public async Task Load_Probe_InitGetsAWholeTableAndACallFromAnotherThreadIsRefused()
    {
        await using var client = await StartAsync();
        var from = client.PrintedCount;

        await LoadProbeAsync(client);

        var init = await client.WaitForLineAsync("init: ", from);
        Assert.Matches(@"^init: struct \d+, api 1, call from a thread -3$", init.Text);
        Assert.Equal(0, client.CountLines("from another thread", from));
        var line = await client.ListLineAsync("probe", "plugin");
        Assert.Matches(@"^probe 2\.0\.1 by Test Author \(Reports what the host gives it\): running, CPU \d+ ms, plugin API 1; permissions .+ \(asks for irc\.read, irc\.send\)$", line);
        Assert.DoesNotContain("KiB", line);
    }

    public static TheoryData<string, string[], string> WrongBuilds => new()
    {
        { "another API version", ["-DPROBE_API=2"], "was built for plugin API version 2, and this client speaks version 1: rebuild it against" },
        { "no version symbol", ["-DPROBE_NO_VERSION"], "does not export rustirc_plugin_api_version: it was not built against rustirc-plugin.h" },
        { "no plugin_init", ["-DPROBE_NO_INIT", "-Wno-unused-function"], "does not export plugin_init" },
        { "plugin_init refuses", ["-DPROBE_REFUSE"], "plugin_init returned NULL, so the plugin refused to load" },
    };

    [Theory]
    [MemberData(nameof(WrongBuilds))]
    public async Task Load_WrongBuild_RefusedWithWhatIsWrongAndTheClientGoesOn(string what, string[] flags, string expected)
    {
        await using var client = await StartAsync();
        var path = await BuildAsync(client, "probe.so", flags);

        var result = await client.RunAsync($"/plugin load {path}");

        Assert.True(result.Text.Contains(expected), $"Loading a plugin with {what} did not say so:\n{result.Text}");
        Assert.Null(client.Kernel.Commands.Find("probe"));
        await AssertStillWorksAsync(client);
    }

    [Fact]
    public async Task Load_RandomBytesNamedSo_RefusedAsNotASharedLibrary()
    {
        await using var client = await StartAsync();
        var path = Path.Combine(client.Folders.Elsewhere, "random.so");
        await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);

        var result = await client.RunAsync($"/plugin load {path}");

        Assert.Contains("it is not a shared library (no ELF header)", result.Text);
        await AssertStillWorksAsync(client);
    }

    [Fact]
    public async Task Load_ObjectFileAndProgram_RefusedAsNotSharedLibraries()
    {
        await using var client = await StartAsync();
        var source = Path.Combine(client.Folders.Elsewhere, "main.c");
        await File.WriteAllTextAsync(source, "int main(void) { return 0; }\n");
        var objectFile = Path.Combine(client.Folders.Elsewhere, "object.so");
        var program = Path.Combine(client.Folders.Elsewhere, "program.so");
        Assert.Equal(0, (await NativeCompiler.RunAsync("gcc", ["-c", "-o", objectFile, source])).ExitCode);
        Assert.Equal(0, (await NativeCompiler.RunAsync("gcc", ["-no-pie", "-o", program, source])).ExitCode);

        Assert.Contains("it is an object file (.o), not a shared library", (await client.RunAsync($"/plugin load {objectFile}")).Text);
        Assert.Contains("it is a program, not a shared library", (await client.RunAsync($"/plugin load {program}")).Text);
        await AssertStillWorksAsync(client);
    }

    [Fact]
    public async Task Load_BuiltForAnotherMachine_RefusedNamingBothMachines()
    {
        await using var client = await StartAsync();
        var path = await BuildAsync(client, "foreign.so");
        var bytes = await File.ReadAllBytesAsync(path);
        // e_machine: this machine's code claimed to be RISC-V's, as a cross-compiled plugin would be.
        bytes[18] = 243;
        bytes[19] = 0;
        await File.WriteAllBytesAsync(path, bytes);

        var result = await client.RunAsync($"/plugin load {path}");

        Assert.Matches(@"it was built for riscv64, and this client runs on [^:]+: build it for this machine", result.Text);
        await AssertStillWorksAsync(client);
    }

    /// <summary>The client answers commands, and a good plugin loads and runs after whatever went wrong.</summary>
    private static async Task AssertStillWorksAsync(ScriptingClient client)
    {
        var from = client.PrintedCount;
        await LoadProbeAsync(client);
        await client.RunAsync("/probe");
        await client.WaitForLineAsync("probe one", from);
    }

    [Fact]
    public async Task Unload_CommandAfterwardsIsUnknownAndDeinitsOwnCallIsRefused()
    {
        await using var client = await StartAsync();
        var report = Path.Combine(client.Folders.Root, "deinit-report.txt");
        var settings = Directory.CreateDirectory(Path.Combine(client.Folders.Data, "modules", "plugin", "probe")).FullName;
        await File.WriteAllTextAsync(Path.Combine(settings, "config.json"), $$"""{ "report": "{{report}}" }""");
        await LoadProbeAsync(client);
        var from = client.PrintedCount;
        await client.RunAsync("/probe");
        await client.WaitForLineAsync("probe one", from);

        Assert.Contains("unloaded probe", (await client.RunAsync("/plugin unload probe")).Text);
        var after = await client.RunAsync("/probe");

        Assert.Contains("Unknown command /probe", after.Text);
        Assert.Equal(0, client.CountLines("printed while unloading", from));
        Assert.Equal("deinit print -3: the plugin is being unloaded, or called the host from a thread other than the client loop", await File.ReadAllTextAsync(report));
    }

    [Fact]
    public async Task Reload_AfterTheFileWasRebuiltInPlace_RunsTheNewBuild()
    {
        await using var client = await StartAsync();
        var path = await LoadProbeAsync(client);
        var from = client.PrintedCount;
        await client.RunAsync("/probe");
        await client.WaitForLineAsync("probe one", from);

        await NativeCompiler.CompileAsync(Probe, path, "-DPROBE_SAYS=\"probe two\"");
        Assert.Contains("reloaded probe", (await client.RunAsync("/plugin reload probe")).Text);
        from = client.PrintedCount;
        await client.RunAsync("/probe");

        await client.WaitForLineAsync("probe two", from);
        Assert.Equal(0, client.CountLines("probe one", from));
    }

    [Fact]
    public async Task HookEvent_Message_HandlerSeesEveryFieldAndCanEatIt()
    {
        await using var client = await StartAsync();
        await LoadProbeAsync(client);
        var from = client.PrintedCount;
        await client.RunAsync("/probe-hook message");
        await client.WaitForLineAsync("hook message: 1 ", from);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

        var passed = await client.PublishAsync(new MessageEvent { Network = "net", Nick = "ada", User = "ada", Host = "example.org", Target = "#rustirc", Text = "héllo", Time = time });
        var eaten = await client.PublishAsync(new MessageEvent { Network = "net", Nick = "ada", Target = "#rustirc", Text = "eat me", Time = time });

        var seen = await client.WaitForLineAsync("event message server=net nick=ada user=ada", from);
        Assert.Equal("event message server=net nick=ada user=ada host=example.org target=#rustirc channel=#rustirc text=héllo own=0 time=1700000000123 data=hooked", seen.Text);
        Assert.Equal(EventResult.Continue, passed);
        Assert.Equal(EventResult.Eat, eaten);
    }

    [Fact]
    public async Task HookEvent_WithoutIrcRead_IsDeniedAndARevocationStopsAHookAtOnce()
    {
        await using var client = await StartAsync();
        await LoadProbeAsync(client);
        await client.RunAsync("/probe-hook join");
        var from = client.PrintedCount;

        Assert.Contains("now holds", (await client.RunAsync("/plugin revoke probe irc.read")).Text);
        await client.RunAsync("/probe-hook message");
        await client.PublishAsync(new JoinEvent { Network = "net", Nick = "ada", Channel = "#rustirc" });

        var denied = await client.WaitForLineAsync("hook message: -2", from);
        Assert.Contains("needs permission irc.read", denied.Text);
        Assert.Contains("/plugin grant probe irc.read", denied.Text);
        Assert.DoesNotContain(client.PrintedSince(from), line => line.StartsWith("event join", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendMessage_WithoutIrcSend_IsDeniedAtTheServiceBoundary()
    {
        await using var client = await StartAsync(withIrc: true);
        await LoadProbeAsync(client);
        await client.RunAsync("/plugin revoke probe irc.send");
        var from = client.PrintedCount;

        await client.RunAsync("/probe-send net #rustirc hello");

        var denied = await client.WaitForLineAsync("send: -2 send_message: ", from);
        Assert.Contains("needs permission irc.send", denied.Text);
        Assert.Contains("/plugin grant probe irc.send", denied.Text);
    }

    [Fact]
    public async Task CurrentNick_WithoutIrcRead_IsDeniedAndGivesNoText()
    {
        await using var client = await StartAsync(withIrc: true);
        await LoadProbeAsync(client);
        await client.RunAsync("/plugin revoke probe irc.read");
        var from = client.PrintedCount;

        await client.RunAsync("/probe-nick net");

        var denied = await client.WaitForLineAsync("nick: 0 '' current_nick: ", from);
        Assert.Contains("needs permission irc.read", denied.Text);
        Assert.Contains("/plugin grant probe irc.read", denied.Text);
    }

    [Fact]
    public async Task Timer_FiresOnceAndACancelledOneNever()
    {
        await using var client = await StartAsync();
        await LoadProbeAsync(client);
        var from = client.PrintedCount;

        await client.RunAsync("/probe-timer");
        await client.WaitForLineAsync("timer fired once", from);
        await client.RunAsync("/probe-timer cancel");
        await client.WaitForLineAsync("cancelled 0, again -1", from);
        await Task.Delay(200);

        Assert.Equal(1, client.CountLines("timer fired once", from));
    }

    [Fact]
    public async Task Storage_KeptAcrossAReloadAndCutAtACharacterBoundaryWhenTheBufferIsSmall()
    {
        await using var client = await StartAsync();
        await LoadProbeAsync(client);
        var from = client.PrintedCount;

        await client.RunAsync("/probe-store greeting héllo wörld");
        await client.WaitForLineAsync("stored greeting: 0", from);
        await client.RunAsync("/plugin reload probe");
        await client.RunAsync("/probe-load greeting");

        // The probe's buffer holds 8 bytes: 7 and the NUL; "héllo wörld" needs 13, "héllo " is the 7.
        await client.WaitForLineAsync("loaded greeting: needs 13, got 'héllo '", from);
    }

    [Fact]
    public async Task ModuleUnload_WithPluginsLoaded_DeinitsThemAndTheModuleIsCollected()
    {
        await using var client = await StartAsync();
        await LoadProbeAsync(client);

        var reports = await client.Kernel.Manager.UnloadAsync("plugin");

        var report = Assert.Single(reports, r => r.Id == "plugin");
        Assert.True(report.Collected, $"The plugin module's load context was not collected: {report}");
        Assert.Null(client.Kernel.Commands.Find("probe"));
        Assert.Equal(0, File.ReadLines("/proc/self/maps").Count(line => line.Contains("/rustirc-plugin-", StringComparison.Ordinal)));
    }
}
