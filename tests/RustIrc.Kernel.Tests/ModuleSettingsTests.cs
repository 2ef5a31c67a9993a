using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk.Modules;

namespace RustIrc.Kernel.Tests;

/// <summary>
/// config.json's <c>modules</c> sections checked against the settings each module's manifest declares:
/// what the user is told about a typo, and that the client runs on regardless.
/// </summary>
public sealed class ModuleSettingsTests
{
    private const string Declared = "\"settings\": [\"greeting\", \"limits.perMinute\", \"limits.burst\", \"aliases\", \"rooms.*.name\"],\n  \"permissions\"";

    [Fact]
    public async Task StartAsync_SettingMisspelt_ReportsTheKeyWithTheNearestDeclaredName()
    {
        using var directory = new TestDirectory();
        await using var k = await GoodWithSettingsAsync(directory, """{ "modules": { "good": { "greting": "hi", "greeting": "hi" } } }""");

        await WaitForWarningAsync(k, "config.json: modules.good.greting is not a setting of module good (did you mean greeting?); it is ignored");
        Assert.Equal(ModuleState.Enabled, k.Status("good").State);
    }

    [Fact]
    public async Task StartAsync_NestedKeysMisspelt_NamedByTheirWholePath()
    {
        using var directory = new TestDirectory();
        await using var k = await GoodWithSettingsAsync(directory, """
            { "modules": { "good": {
                "limits": { "perMinute": 5, "brust": 2 },
                "rooms": [ { "name": "#a" }, { "nmae": "#b" } ],
                "nothingLikeIt": true } } }
            """);

        await WaitForWarningAsync(k, "config.json: modules.good.limits.brust is not a setting of module good (did you mean burst?); it is ignored");
        await WaitForWarningAsync(k, "config.json: modules.good.rooms[1].nmae is not a setting of module good (did you mean name?); it is ignored");
        await WaitForWarningAsync(k, "config.json: modules.good.nothingLikeIt is not a setting of module good (known: greeting, limits, aliases, rooms); it is ignored");
    }

    [Fact]
    public async Task StartAsync_DeclaredSettingsUsedRight_NothingReported()
    {
        // A name with nothing declared beneath it takes a list or a map of any keys; keys are not case-sensitive.
        using var directory = new TestDirectory();
        await using var k = await GoodWithSettingsAsync(directory, """
            { "modules": { "good": { "Greeting": "hi", "aliases": { "anything": "goes", "list": [1, 2] }, "limits": { "burst": 1 } } } }
            """);

        await k.WaitUntilAsync(() => Task.FromResult(k.Status("good").State == ModuleState.Enabled), TimeSpan.FromSeconds(5), "good runs");
        await k.OnLoopAsync(() => 0); // what was posted at start has been shown
        Assert.DoesNotContain(k.Log.Warnings, w => w.StartsWith("config.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_ManifestWithoutSettings_ItsSectionIsNotChecked()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup
        {
            Fixtures = ["HotV1"],
            ConfigJson = """{ "modules": { "hot": { "whatever": 1, "nested": { "keys": true } } } }""",
        });

        await k.OnLoopAsync(() => 0);
        Assert.Equal(ModuleState.Enabled, k.Status("hot").State);
        Assert.DoesNotContain(k.Log.Warnings, w => w.StartsWith("config.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_SectionOfNoKnownModule_ReportedOnceWithTheNearestId()
    {
        await using var k = await TestKernel.StartAsync(new KernelSetup
        {
            Fixtures = ["Good", "HotV1"],
            ConfigJson = """{ "modules": { "nosuch": {}, "god": { "greeting": "hi" }, "hot": {} } }""",
        });

        await WaitForWarningAsync(k, "config.json: modules.god: no module 'god' is known (did you mean good?); it is ignored");
        await WaitForWarningAsync(k, "config.json: modules.nosuch: no module 'nosuch' is known (found: good, hot); it is ignored");
        Assert.Equal(1, k.Log.Warnings.Count(w => w.Contains("modules.nosuch", StringComparison.Ordinal)));
        Assert.DoesNotContain(k.Log.Warnings, w => w.Contains("modules.hot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_SettingsThatAreNotNames_ManifestRefused()
    {
        using var directory = new TestDirectory();
        EditGoodManifest(directory, "\"permissions\"", "\"settings\": [\"limits..burst\"],\n  \"permissions\"");

        await using var k = await TestKernel.StartAsync(new KernelSetup { Directory = directory });

        var good = k.Status("good");
        Assert.Equal(ModuleState.Faulted, good.State);
        Assert.Contains("settings: 'limits..burst' must be a setting name", good.Reason);
    }

    private static Task<TestKernel> GoodWithSettingsAsync(TestDirectory directory, string configJson)
    {
        EditGoodManifest(directory, "\"permissions\"", Declared);
        return TestKernel.StartAsync(new KernelSetup { Directory = directory, ConfigJson = configJson });
    }

    private static void EditGoodManifest(TestDirectory directory, string text, string replacement)
    {
        var manifest = Path.Combine(TestModules.CopyTo("Good", directory.Create("modules")), "module.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(text, replacement));
    }

    private static Task WaitForWarningAsync(TestKernel k, string text) =>
        k.WaitUntilAsync(() => Task.FromResult(k.Log.Warnings.Contains(text)), TimeSpan.FromSeconds(5), $"the user is told: {text}");
}
