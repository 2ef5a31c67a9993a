using RustIrc.Kernel.Tests.Infrastructure;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Tests;

/// <summary>One list of every extension of every kind, with one set of actions: the kernel's modules and what other modules add.</summary>
public sealed class ExtensionCatalogTests
{
    [Fact]
    public async Task List_ModulesAndAModulesOwnSource_AllInOneListWithTheirStates()
    {
        await using var k = await TestKernel.StartAsync("Good", "Hosting", "WrongSdkVersion");

        var entries = await k.OnLoopAsync(() => k.Kernel.Catalog.List());

        Assert.Equal("enabled", entries.Single(e => e.Id == ExtensionId.Module("good")).State);
        Assert.Equal("incompatible", entries.Single(e => e.Id == ExtensionId.Module("wrong-sdk-version")).State);
        Assert.Contains("99.0", entries.Single(e => e.Id == ExtensionId.Module("wrong-sdk-version")).Reason);
        var guest = entries.Single(e => e.Id == new ExtensionId("test", "guest"));
        Assert.Equal("running", guest.State);
        Assert.True(guest.Granted.Allows(new Permission(WellKnownPermissions.UiModification)));
    }

    [Fact]
    public async Task Source_ItsModuleUnloaded_ItsExtensionsLeaveTheList()
    {
        await using var k = await TestKernel.StartAsync("Hosting");

        await k.Kernel.Manager.UnloadAsync("hosting");

        Assert.DoesNotContain(await k.OnLoopAsync(() => k.Kernel.Catalog.List()), e => e.Id.Kind == "test");
    }

    [Fact]
    public async Task ExtensionsCommand_DisableAndEnableAModule_ActsAndSaysWhatHappened()
    {
        await using var k = await TestKernel.StartAsync("Good");

        await k.RunAsync("/extensions disable module:good");
        await k.Kernel.WhenIdle();
        Assert.Equal(ModuleState.Disabled, k.Status("good").State);
        await k.RunAsync("/extensions enable module:good");
        await k.Kernel.WhenIdle();

        Assert.Equal(ModuleState.Enabled, k.Status("good").State);
        var listed = (await k.RunAsync("/extensions module")).Output.Text;
        Assert.Contains("module:good 1.0.0: enabled; permissions ui_modification", listed);
    }

    [Fact]
    public async Task ExtensionsCommand_ActionOnAnotherSourcesExtension_GoesThroughThatSource()
    {
        await using var k = await TestKernel.StartAsync("Hosting");

        await k.RunAsync("/extensions unload test:guest");
        await k.Kernel.WhenIdle();

        Assert.Null(k.Kernel.Commands.Find("guest-ping"));
        Assert.Contains("test:guest 0.1: unloaded", (await k.RunAsync("/extensions test")).Output.Text);
    }

    [Fact]
    public async Task ExtensionsCommand_Json_OneObjectPerExtension()
    {
        await using var k = await TestKernel.StartAsync("Good");

        var lines = (await k.RunAsync("/extensions --json")).Output.Lines.Select(l => l.Text).ToList();

        var good = System.Text.Json.JsonDocument.Parse(lines.Single(l => l.Contains("\"module:good\"", StringComparison.Ordinal))).RootElement;
        Assert.Equal("module", good.GetProperty("kind").GetString());
        Assert.Equal("enabled", good.GetProperty("state").GetString());
        Assert.Equal("ui_modification", good.GetProperty("granted")[0].GetString());
    }

    [Fact]
    public void ActAsync_WithoutModulesManage_DeniedAtTheBoundary()
    {
        // Every action changes what runs or what it may do: it needs modules.manage, like /module does.
        var method = typeof(IExtensionCatalog).GetMethod(nameof(IExtensionCatalog.ActAsync))!;
        var required = method.GetCustomAttributes(typeof(RequiresPermissionAttribute), false).Cast<RequiresPermissionAttribute>().Single();

        Assert.Equal(WellKnownPermissions.ModulesManage, required.Name);
    }

    [Fact]
    public async Task ExtensionsCommand_UnknownKindOrName_SaysSo()
    {
        await using var k = await TestKernel.StartAsync("Good");

        var usage = await k.RunAsync("/extensions reload good");

        Assert.Equal(CommandOutcome.Failed, usage.Outcome);
        Assert.Contains("KIND:NAME", usage.Output.Text);
    }
}
