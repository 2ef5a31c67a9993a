using RustIrc.Kernel.Loading;
using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Tests;

/// <summary>What state each fixture module ends in at start, and what the user is told about it.</summary>
public sealed class ModuleStateTests
{
    [Fact]
    public async Task StartAsync_GoodModule_EnabledInItsOwnLoadContextAndAnswers()
    {
        await using var k = await TestKernel.StartAsync("Good");

        var good = k.Status("good");
        Assert.Equal(ModuleState.Enabled, good.State);
        Assert.Null(good.Reason);
        Assert.StartsWith("good#", good.LoadContext);
        var (outcome, output) = await k.RunAsync("/good-ping");
        Assert.Equal(CommandOutcome.Ran, outcome);
        Assert.Equal("pong", output.Text);
    }

    [Fact]
    public async Task StartAsync_ModuleThrowsInStart_FaultedWhileTheClientKeepsRunning()
    {
        await using var k = await TestKernel.StartAsync("ThrowsInStart", "Good");

        var faulted = k.Status("throws-in-start");
        Assert.Equal(ModuleState.Faulted, faulted.State);
        Assert.Contains("it threw at start: InvalidOperationException: ThrowsInStart fails at start on purpose", faulted.Reason);
        Assert.Contains("/module load throws-in-start", faulted.Reason);
        Assert.Null(faulted.LoadContext);
        Assert.Contains(k.Log.Warnings, w => w.Contains("module throws-in-start is Faulted"));
        // The module was loaded from memory with its symbols: its stack trace names its source file and line.
        Assert.Contains(k.Log.Exceptions, e => e.Contains("ThrowsInStartModule.cs:line", StringComparison.Ordinal));

        // The client goes on: the other module runs, and what the faulted one registered before throwing is gone.
        Assert.Equal(ModuleState.Enabled, k.Status("good").State);
        Assert.Equal("pong", (await k.RunAsync("/good-ping")).Output.Text);
        var (outcome, output) = await k.RunAsync("/throws-in-start");
        Assert.Equal(CommandOutcome.Unknown, outcome);
        Assert.Contains("Unknown command /throws-in-start", output.Text);
    }

    [Fact]
    public async Task StartAsync_ManifestTargetsNewerSdk_IncompatibleAndNeverLoaded()
    {
        await using var k = await TestKernel.StartAsync("WrongSdkVersion");

        var status = k.Status("wrong-sdk-version");
        Assert.Equal(ModuleState.Incompatible, status.State);
        Assert.Contains($"it targets SDK 99.0 but this client has SDK {SdkInfo.Version}", status.Reason);
        Assert.Contains($"rebuild it against RustIrc.Sdk {SdkInfo.Version}", status.Reason);
        Assert.Null(status.LoadContext);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => k.Kernel.Manager.LoadAsync("wrong-sdk-version"));
        Assert.Contains("module wrong-sdk-version cannot be loaded: it targets SDK 99.0", refused.Message);
    }

    [Fact]
    public async Task StartAsync_AssemblyBuiltAgainstNewerSdkMinor_IncompatibleAlthoughManifestSaysOtherwise()
    {
        await using var k = await TestKernel.StartAsync("NewerSdk");

        var status = k.Status("newer-sdk");
        Assert.Equal(ModuleState.Incompatible, status.State);
        Assert.Equal($"it was built against RustIrc.Sdk 1.99 but this client has SDK {SdkInfo.Version}; rebuild it against RustIrc.Sdk {SdkInfo.Version}", status.Reason);
        Assert.Null(status.LoadContext);
    }

    [Fact]
    public async Task StartAsync_DependencyMissing_IncompatibleNamingTheMissingModule()
    {
        await using var k = await TestKernel.StartAsync("MissingDependency");

        var status = k.Status("missing-dependency");
        Assert.Equal(ModuleState.Incompatible, status.State);
        Assert.Equal("it needs module 'no-such-module', which was not found in any module directory", status.Reason);
        Assert.Null(status.LoadContext);
    }

    [Fact]
    public async Task StartAsync_TwoModulesNeedEachOther_BothIncompatibleAndTheCycleIsNamed()
    {
        await using var k = await TestKernel.StartAsync("DependencyCycle/cycle-a", "DependencyCycle/cycle-b");

        var a = k.Status("cycle-a");
        var b = k.Status("cycle-b");
        Assert.Equal(ModuleState.Incompatible, a.State);
        Assert.Equal(ModuleState.Incompatible, b.State);
        Assert.Contains("cycle-b", a.Reason);
        Assert.Contains("dependency cycle: cycle-a → cycle-b → cycle-a; remove one of these dependencies", b.Reason);
    }

    [Fact]
    public async Task StartAsync_SameIdInTwoFolders_HigherVersionRunsAndLowerIsSuperseded()
    {
        await using var k = await TestKernel.StartAsync("DuplicateId/duplicate-1.0", "DuplicateId/duplicate-2.0");

        var copies = k.Kernel.Manager.List().Where(m => m.Id == "duplicate").ToList();
        Assert.Equal(2, copies.Count);
        var running = Assert.Single(copies, c => c.State == ModuleState.Enabled);
        var superseded = Assert.Single(copies, c => c.State == ModuleState.Superseded);
        Assert.Equal("2.0.0", running.Version);
        Assert.EndsWith("duplicate-2.0", running.Directory);
        Assert.Equal("1.0.0", superseded.Version);
        Assert.EndsWith("duplicate-1.0", superseded.Directory);
        Assert.Equal($"superseded by duplicate 2.0.0 in {running.Directory}", superseded.Reason);
        Assert.Equal("2.0.0", (await k.RunAsync("/duplicate")).Output.Text);
    }

    [Fact]
    public async Task StartAsync_ManifestIsNotValidJson_FaultedNamingFileAndLineWhileOthersLoad()
    {
        await using var k = await TestKernel.StartAsync("MalformedManifest", "Good");

        var status = k.Status("MalformedManifest");
        Assert.Equal(ModuleState.Faulted, status.State);
        Assert.Contains($"{Path.Combine(k.ModulesDirectory, "MalformedManifest", "module.json")} is malformed: line 4:", status.Reason);
        Assert.EndsWith("Fix the file, then /module load MalformedManifest", status.Reason);
        Assert.Equal(ModuleState.Enabled, k.Status("good").State);
    }

    [Fact]
    public async Task ModuleInfo_ShowsWhatTheManifestRequests_AndWhatOfItIsNotGranted()
    {
        // The manifest asks; only the user grants. good (ui_modification granted in these tests) asks for more here.
        using var directory = new TestDirectory();
        GoodWithManifestEdited(directory, "[\"ui_modification\"]", "[\"ui_modification\", \"network_access\", \"file_read\", \"teleport\"]");

        await using var k = await TestKernel.StartAsync(new KernelSetup { Directory = directory });

        var info = (await k.RunAsync("/module info good")).Output.Text;
        Assert.Contains("  requests: ui_modification, network_access, file_read, teleport (not granted: network_access, file_read, " +
            "teleport (not a permission this client knows); /module grant good PERMISSION grants one)", info);
        Assert.Contains("  requests: ui_modification (all granted)", (await RunInfoOfTheUnchangedGoodAsync()));
    }

    /// <summary>The Good fixture copied into <paramref name="directory"/>'s modules folder, its module.json edited; returns the manifest's path.</summary>
    private static string GoodWithManifestEdited(TestDirectory directory, string text, string replacement)
    {
        var manifest = Path.Combine(TestModules.CopyTo("Good", directory.Create("modules")), "module.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(text, replacement));
        return manifest;
    }

    private static async Task<string> RunInfoOfTheUnchangedGoodAsync()
    {
        await using var k = await TestKernel.StartAsync("Good");
        return (await k.RunAsync("/module info good")).Output.Text;
    }

    [Fact]
    public async Task StartAsync_ManifestKeyMisspelled_WarnsWithTheKnownKeyAndStillLoads()
    {
        using var directory = new TestDirectory();
        var manifest = GoodWithManifestEdited(directory, "\"permissions\"", "\"dependOn\": [],\n  \"colour\": \"red\",\n  \"permissions\"");

        await using var k = await TestKernel.StartAsync(new KernelSetup { Directory = directory });

        Assert.Contains(k.Log.Warnings, w => w == $"{manifest}: unknown key 'dependOn' is ignored (did you mean 'dependsOn'?)");
        Assert.Contains(k.Log.Warnings, w => w == $"{manifest}: unknown key 'colour' is ignored");
        Assert.Equal(ModuleState.Enabled, k.Status("good").State);
    }

    [Fact]
    public async Task StartAsync_ScriptExtensionWithoutItsDot_FaultedSayingWhatAnExtensionLooksLike()
    {
        using var directory = new TestDirectory();
        var manifest = GoodWithManifestEdited(directory, "\"permissions\"", "\"scriptExtensions\": [\".good\", \"lua\"],\n  \"permissions\"");

        await using var k = await TestKernel.StartAsync(new KernelSetup { Directory = directory });

        var status = k.Status("good");
        Assert.Equal(ModuleState.Faulted, status.State);
        Assert.Contains($"{manifest} is malformed: scriptExtensions: 'lua' must be a dot and then letters or digits, such as \".lua\"", status.Reason);
    }

    [Fact]
    public async Task StartAsync_ManifestTextNotUtf8_FaultedAsMalformed()
    {
        using var directory = new TestDirectory();
        var manifest = GoodWithManifestEdited(directory, "Test fixture:", "Caf\u00e9 fixture:");
        File.WriteAllText(manifest, File.ReadAllText(manifest), System.Text.Encoding.Latin1); // an editor saving it as Latin-1

        await using var k = await TestKernel.StartAsync(new KernelSetup { Directory = directory });

        var status = k.Status("good");
        Assert.Equal(ModuleState.Faulted, status.State);
        Assert.Contains($"{manifest} is malformed: it holds text that is not valid UTF-8", status.Reason);
    }

    [Fact]
    public void ScriptEngines_Find_MapsEachClaimedExtensionToItsModule_CaseInsensitively()
    {
        using var directory = new TestDirectory();
        GoodWithManifestEdited(directory, "\"permissions\"", "\"scriptExtensions\": [\".good\", \".gd\"],\n  \"permissions\"");

        var engines = ScriptEngines.Find([Path.Combine(directory.Path, "modules")]);

        Assert.Equal("good", engines.For("/scripts/hello.good"));
        Assert.Equal("good", engines.For("HELLO.GD"));
        Assert.Null(engines.For("hello.lua"));
        Assert.Null(engines.For("Makefile"));
        Assert.Equal(["good"], engines.Modules);
        Assert.Equal(".gd, .good", engines.Known);
    }

    [Fact]
    public async Task StartAsync_ScriptFolderThatIsAPath_FaultedSayingWhatAFolderNameIs()
    {
        using var directory = new TestDirectory();
        var manifest = GoodWithManifestEdited(directory, "\"permissions\"", "\"scriptExtensions\": [\".good\"],\n  \"scriptFolder\": \"../elsewhere\",\n  \"permissions\"");

        await using var k = await TestKernel.StartAsync(new KernelSetup { Directory = directory });

        var status = k.Status("good");
        Assert.Equal(ModuleState.Faulted, status.State);
        Assert.Contains($"{manifest} is malformed: scriptFolder: '../elsewhere' must be one folder name", status.Reason);
    }

    [Fact]
    public void ScriptEngines_Find_FolderIsTheManifestsScriptFolderOrScripts()
    {
        using var directory = new TestDirectory();
        GoodWithManifestEdited(directory, "\"permissions\"", "\"scriptExtensions\": [\".good\"],\n  \"scriptFolder\": \"plugins\",\n  \"permissions\"");

        var engines = ScriptEngines.Find([Path.Combine(directory.Path, "modules")]);

        Assert.Equal("plugins", engines.FolderOf("good"));
        Assert.Equal("scripts", engines.FolderOf("other"));
    }

    [Fact]
    public void ScriptEngines_Find_NoEngineModule_KnownSaysSo()
    {
        using var directory = new TestDirectory();
        TestModules.CopyTo("Good", directory.Create("modules"));

        var engines = ScriptEngines.Find([Path.Combine(directory.Path, "modules")]);

        Assert.Empty(engines.Modules);
        Assert.Equal("none: no script engine module was found", engines.Known);
    }
}
