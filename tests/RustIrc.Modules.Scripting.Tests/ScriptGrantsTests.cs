using Microsoft.Extensions.Configuration;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>The engine's scripts.json: grants and disabled scripts per file, kept across restarts, damage put aside.</summary>
public sealed class ScriptGrantsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rustirc-grants-").FullName;
    private readonly List<string> _problems = [];
    private static readonly PermissionSet Defaults = new([new(WellKnownPermissions.IrcRead), new(WellKnownPermissions.IrcSend)]);

    private string StateFile => Path.Combine(_root, "scripts.json");

    private string Scripts => Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;

    private ScriptGrants Open()
    {
        var grants = new ScriptGrants(StateFile, new ConfigurationBuilder().Build(), Scripts, ".lua", Defaults);
        grants.Problem += _problems.Add;
        return grants;
    }

    private string Script(string name)
    {
        var path = Path.Combine(Scripts, name + ".lua");
        File.WriteAllText(path, "-- " + name);
        return ScriptGrants.KeyOf(path);
    }

    [Fact]
    public void GrantRevokeAndDisable_KeptAcrossARestart()
    {
        var file = Script("logger");
        var write = Permission.Parse("file_write:/tmp/logs");
        var first = Open();
        first.Change(file, "logger", write, grant: true);
        first.Change(file, "logger", new Permission(WellKnownPermissions.IrcSend), grant: false);
        first.SetDisabled(file, "logger", true);

        var again = Open().For(file, "logger");

        Assert.True(again.Allows(write));
        Assert.False(again.Allows(new Permission(WellKnownPermissions.IrcSend)));
        Assert.True(Open().IsDisabled(file));
        Assert.Empty(_problems);
    }

    [Fact]
    public void Revoke_GrantWrittenDifferently_TakesItOff()
    {
        var file = Script("logger");
        var grants = Open();
        grants.Change(file, "logger", Permission.Parse("file_write:/tmp/logs/"), grant: true);

        grants.Change(file, "logger", Permission.Parse("file_write:/tmp/./logs"), grant: false);

        Assert.False(Open().For(file, "logger").Allows(Permission.Parse("file_write:/tmp/logs")));
    }

    [Fact]
    public void DamagedFile_PutAsideNamedAndScriptsStartWithDefaults()
    {
        var file = Script("logger");
        File.WriteAllText(StateFile, "{ \"files\": { ");

        var permissions = Open().For(file, "logger");

        Assert.Equal(Defaults.Granted.Select(p => p.ToString()).Order(), permissions.Granted.Select(p => p.ToString()).Order());
        Assert.True(File.Exists(StateFile + ".broken"), "the damaged file should be kept as scripts.json.broken");
        Assert.Contains(_problems, p => p.Contains("scripts.json.broken", StringComparison.Ordinal));
    }

    [Fact]
    public void DamagedEntry_DroppedAndNamedTheOthersKept()
    {
        var good = Script("good");
        var bad = Script("bad");
        File.WriteAllText(StateFile, $$"""
            { "files": {
                "{{good}}": { "name": "good", "permissions": ["network_access"] },
                "{{bad}}": { "name": "bad", "permissions": "network_access" } } }
            """);

        var grants = Open();

        Assert.True(grants.For(good, "good").Allows(new Permission(WellKnownPermissions.NetworkAccess)));
        Assert.False(grants.For(bad, "bad").Allows(new Permission(WellKnownPermissions.NetworkAccess)));
        Assert.Contains(_problems, p => p.Contains(bad, StringComparison.Ordinal));
    }

    [Fact]
    public void OlderPerNameEntries_MovedToTheirFilesAndDroppedWithoutOne()
    {
        var file = Script("greeter");
        File.WriteAllText(StateFile, """
            { "greeter": { "permissions": ["network_access"], "disabled": true },
              "gone": { "permissions": ["network_access"] } }
            """);

        var grants = Open();

        Assert.True(grants.For(file, "greeter").Allows(new Permission(WellKnownPermissions.NetworkAccess)));
        Assert.True(grants.IsDisabled(file));
        var saved = File.ReadAllText(StateFile);
        Assert.Contains(file, saved);
        Assert.DoesNotContain("gone", saved);
    }

    [Fact]
    public void ForgetMissing_DeletedScriptsGrantsGoSoANewFileThereStartsFromDefaults()
    {
        var file = Script("spy");
        Open().Change(file, "spy", new Permission(WellKnownPermissions.NetworkAccess), grant: true);
        File.Delete(file);

        Open().ForgetMissing();
        var reborn = Script("spy");

        Assert.False(Open().For(reborn, "spy").Allows(new Permission(WellKnownPermissions.NetworkAccess)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
