namespace RustIrc.Host.Tests;

/// <summary>
/// A plugin author's first hour, for real: `dotnet new rustirc-plugin`, its tests, loading it into
/// `rustirc`, changing it while the client runs.
/// </summary>
public sealed class PluginTemplateTests(GeneratedPlugin plugin) : IClassFixture<GeneratedPlugin>
{
    [Fact]
    public async Task Template_Instantiated_ItsOwnTestsPassAgainstTheLocalFeed()
    {
        var output = await GeneratedPlugin.DotnetAsync(["test", plugin.Solution, "--no-build", "-nologo"]);

        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+5,", output);
    }

    [Fact]
    public void Template_PluginBuilt_OutputHoldsThePluginAndNotTheAssembliesTheClientShares()
    {
        var files = Directory.GetFiles(Path.Combine(plugin.Solution, "Seen", "bin", "Debug", "net10.0")).Select(Path.GetFileName).ToArray();

        Assert.Contains("Seen.dll", files);
        Assert.Contains("module.json", files);
        Assert.DoesNotContain("RustIrc.Sdk.dll", files);
        Assert.DoesNotContain(files, f => f!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || f.StartsWith("System.Composition", StringComparison.Ordinal));
        Assert.Contains("\"id\": \"seen\"", File.ReadAllText(Path.Combine(plugin.Solution, "Seen", "module.json")));
    }

    [Fact]
    public async Task Template_ModuleJsonTargetsAnotherSdk_BuildFailsSayingWhatToWrite()
    {
        var copy = plugin.CopySolution("SeenWrongSdk");
        var manifest = Path.Combine(copy, "Seen", "module.json");
        var sdk = plugin.PackageVersion[..plugin.PackageVersion.LastIndexOf(".0-", StringComparison.Ordinal)];
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace($"\"sdkVersion\": \"{sdk}\"", "\"sdkVersion\": \"1.0\"", StringComparison.Ordinal));

        var output = await plugin.BuildAsync(Path.Combine(copy, "Seen"), mustSucceed: false);

        Assert.Contains($"error RUSTIRC001: module.json says \"sdkVersion\": \"1.0\", but this plugin builds against RustIrc.Sdk {sdk}. Set it to \"{sdk}\"", output);
    }

    [Fact]
    public async Task HotReload_PluginRebuiltWhileTheClientRuns_ShellShowsTheNewBehaviourAndTheOldContextCollected()
    {
        var copy = plugin.CopySolution("SeenHot");
        var project = Path.Combine(copy, "Seen");
        await plugin.BuildAsync(project);
        var source = Path.Combine(project, "SeenModule.cs");
        await using var client = RustIrcProcess.Start(["--modules", Path.Combine(project, "bin", "Debug", "net10.0")],
            prepare: config => File.WriteAllText(Path.Combine(config, "config.json"), """{ "grants": { "seen": ["irc.read", "irc.send"] } }"""));
        client.WaitFor("RustIrc ready");
        client.Send("/seen");
        client.WaitFor(l => l == "[status] seen answers !hello with \"Hello, <nick>!\"");

        File.WriteAllText(source, File.ReadAllText(source).Replace("answers !hello with", "now answers !hello with", StringComparison.Ordinal));
        await plugin.BuildAsync(project);

        client.WaitFor("[status] module seen changed on disk; reloading", 30);
        Assert.Matches(@"^\[status\] reloaded seen 1\.0\.0 \(unloaded seen in \d+ ms; load context collected\)$", client.WaitFor("[status] reloaded seen", 30));
        client.Send("/seen");
        client.WaitFor(l => l == "[status] seen now answers !hello with \"Hello, <nick>!\"");
    }
}
