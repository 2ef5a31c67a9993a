using System.Text.Json;

namespace RustIrc.Host.Tests;

/// <summary>
/// The reported attacks on file grants, against the real client: a script granted one folder tries to
/// leave it through links made before it runs, and to grant itself more by writing the client's own
/// config.json; grants are tried on files that take a granted script's name.
/// </summary>
public sealed class ScriptGrantSecurityTests
{
    private const string Escape = """
        local A = ALLOWED
        local function try(what, f)
          local ok, result = pcall(f)
          print(what .. (ok and (": GOT " .. tostring(result)) or (": refused " .. tostring(result))))
        end
        try("folder link", function() return irc.file.read(A .. "/D/secret.txt") end)
        try("file link", function() return irc.file.read(A .. "/L") end)
        try("climb", function() return irc.file.read(A .. "/D/../../../../../../../../../etc/passwd") end)
        try("append", function() irc.file.append(A .. "/D/secret.txt", "pwned") return "appended" end)
        try("io.open", function() local f = assert(io.open(A .. "/D/secret.txt")) return f:read("a") end)
        try("self-grant", function()
          irc.file.write(A .. "/D/config/config.json", '{"modules":{"lua":{"grants":{"spy":["file_read:/","file_write:/","network_access"]}}}}')
          return "wrote config.json"
        end)
        try("inside", function() irc.file.write(A .. "/note.txt", "kept") return irc.file.read(A .. "/D/allowed/note.txt") end)
        print("spy done")
        """;

    [Fact]
    public async Task Spy_GrantedOneFolderWithLinksLeadingOut_ReadsAndWritesNothingOutsideAndCannotGrantItselfMore()
    {
        var home = Directory.CreateTempSubdirectory("rustirc-e2e-").FullName;
        var allowed = Directory.CreateDirectory(Path.Combine(home, "allowed")).FullName;
        Directory.CreateDirectory(Path.Combine(home, "x"));
        File.WriteAllText(Path.Combine(home, "secret.txt"), "top secret");
        // The layout of the report, as an unpacked archive brings it: relative link targets holding "..".
        Directory.CreateSymbolicLink(Path.Combine(allowed, "sub2"), Path.Combine(home, "x"));
        Directory.CreateSymbolicLink(Path.Combine(allowed, "D"), "sub2/..");
        File.CreateSymbolicLink(Path.Combine(allowed, "L"), "sub2/../secret.txt");
        var config = "";

        await using (var client = RustIrcProcess.Start(["--no-hot-reload"], configDir =>
        {
            config = WriteConfig(configDir, new() { ["spy"] = [$"file_read:{allowed}", $"file_write:{allowed}"] });
            WriteScript(configDir, "spy", Escape.Replace("ALLOWED", Quote(allowed)));
        }, home))
        {
            client.KeepHome = true;
            client.WaitFor("spy done");
            client.Send("/quit");
            client.WaitForExit();

            var lines = client.Seen.Where(l => l.Contains(": refused ") || l.Contains(": GOT ")).ToList();
            Assert.Equal(7, lines.Count);
            Assert.Equal(["[status] inside: GOT kept"], lines.Where(l => l.Contains(": GOT ")));  // links that stay inside still work
            // Refusals name what the script asked for, never where a link led.
            Assert.Contains(lines, l => l.Contains($"needs permission file_read:{allowed}/D/secret.txt"));
            Assert.DoesNotContain(lines, l => l.Contains(Path.Combine(home, "secret.txt")) || l.Contains($"{home}/config/config.json"));
        }
        Assert.Equal("top secret", File.ReadAllText(Path.Combine(home, "secret.txt")));

        // After a restart the script still holds only what the user granted.
        await using (var after = RustIrcProcess.Start(["--no-hot-reload"], home: home))
        {
            after.WaitFor("spy done");
            after.Send("/lua list");
            var listed = after.WaitFor(l => l.StartsWith("[status] spy ", StringComparison.Ordinal));
            Assert.DoesNotContain("file_read:/,", listed + ",");
            Assert.DoesNotContain("network_access", listed);
            Assert.Contains($"file_read:{allowed}", listed);
            Assert.Equal(config, File.ReadAllText(Path.Combine(home, "config", "config.json")));
        }
    }

    [Fact]
    public async Task Grants_BelongToTheFile_ANewFileWithTheNameOrOneFromElsewhereStartsWithTheDefaults()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"], configDir => WriteScript(configDir, "spy", "print('spy v1')"));
        var scripts = Path.Combine(client.ConfigDirectory, "scripts");
        var granted = $"file_read:{client.Home}";
        client.WaitFor("spy v1");
        client.Send($"/lua grant spy {granted}");
        client.WaitFor($"spy now holds ui_modification, irc.read, irc.send, {granted}");

        // Loaded from elsewhere under the same name: a different file, so none of the grants.
        var elsewhere = Directory.CreateDirectory(Path.Combine(client.Home, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "spy.lua"), "print('other spy')");
        client.Send($"/lua load {elsewhere}/spy.lua");
        client.WaitFor("other spy");
        client.Send("/lua list");
        Assert.DoesNotContain(granted, client.WaitFor(l => l.StartsWith("[status] spy ", StringComparison.Ordinal)));

        // Back to the granted file: its grants are there again.
        client.Send($"/lua load {scripts}/spy.lua");
        client.WaitFor("spy v1");
        client.Send("/lua list");
        Assert.Contains(granted, client.WaitFor(l => l.StartsWith("[status] spy ", StringComparison.Ordinal)));

        // Deleted: its grants are forgotten, and a file dropped in its place later starts afresh.
        File.Delete(Path.Combine(scripts, "spy.lua"));
        client.WaitFor("unloaded after its file was deleted; its grants are forgotten");
        File.WriteAllText(Path.Combine(scripts, "spy.lua"), "print('dropped spy')");
        client.WaitFor("dropped spy");
        client.Send("/lua list");
        Assert.DoesNotContain(granted, client.WaitFor(l => l.StartsWith("[status] spy ", StringComparison.Ordinal)));
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }

    [Fact]
    public async Task Grants_ForANameInConfig_HoldForThatFileOnlyAndNotForANameThatDiffersInCase()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"], configDir =>
        {
            WriteConfig(configDir, new() { ["Spy"] = ["file_read:/tmp"] });
            WriteScript(configDir, "Spy", "print('Spy loaded')");
            WriteScript(configDir, "SPY", "print('SPY loaded')");
        });
        client.WaitFor("SPY loaded");
        client.WaitFor("Spy loaded");

        client.Send("/lua revoke Spy irc.send");
        client.WaitFor("Spy now holds");
        client.Send("/lua list");
        var listed = 0;
        var start = client.Seen.Count;
        client.WaitFor(l => (l.StartsWith("[status] SPY ", StringComparison.Ordinal) || l.StartsWith("[status] Spy ", StringComparison.Ordinal)) && ++listed == 2);
        var upper = client.Seen.Skip(start).Single(l => l.StartsWith("[status] SPY ", StringComparison.Ordinal));
        var mixed = client.Seen.Skip(start).Single(l => l.StartsWith("[status] Spy ", StringComparison.Ordinal));
        Assert.Contains("file_read:/tmp", mixed);
        Assert.DoesNotContain("irc.send", mixed);
        Assert.DoesNotContain("file_read", upper);
        Assert.Contains("irc.send", upper);
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }

    [Fact]
    public async Task GrantAndRevoke_PathWithSpacesAndTrailingSlash_OneNormalFormForBoth()
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"], configDir => WriteScript(configDir, "notes", "print('notes loaded')"));
        client.WaitFor("notes loaded");

        client.Send("/lua grant notes file_read:/tmp/my dir/");
        client.WaitFor("notes now holds ui_modification, irc.read, irc.send, file_read:\"/tmp/my dir\"");
        client.Send("/lua revoke notes \"file_read:/tmp/my dir\"");
        client.WaitFor(l => l.Contains("notes now holds") && !l.Contains("my dir"));
        client.Send("/lua grant notes file_read:relative/path");
        client.WaitFor("is not an absolute path");
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
    }

    [Theory]
    [InlineData(".lua")]
    [InlineData("..lua")]
    [InlineData("...lua")]
    [InlineData("my script.lua")]
    public async Task ScriptFile_NameThatIsNotSafeAsAFolderName_RefusedWithAClearError(string fileName)
    {
        await using var client = RustIrcProcess.Start(["--no-hot-reload"], configDir =>
        {
            Directory.CreateDirectory(Path.Combine(configDir, "scripts"));
            File.WriteAllText(Path.Combine(configDir, "scripts", fileName), "irc.storage.set('k', 'v') print('LOADED')");
        });

        client.WaitFor($"'{fileName}' cannot be loaded: a script's file name may use only letters, digits");
        client.Send("/quit");
        Assert.Equal(0, client.WaitForExit());
        Assert.DoesNotContain(client.Seen, l => l.Contains("LOADED"));
        Assert.False(File.Exists(Path.Combine(client.DataDirectory, "modules", "storage.json")));
    }

    private static string WriteConfig(string configDir, Dictionary<string, string[]> grants)
    {
        var json = JsonSerializer.Serialize(new { modules = new { lua = new { grants } } });
        File.WriteAllText(Path.Combine(configDir, "config.json"), json);
        return json;
    }

    private static void WriteScript(string configDir, string name, string source)
    {
        Directory.CreateDirectory(Path.Combine(configDir, "scripts"));
        File.WriteAllText(Path.Combine(configDir, "scripts", name + ".lua"), source);
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
