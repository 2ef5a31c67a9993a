using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace RustIrc.Host.Tests;

/// <summary>
/// Issue #16, nothing lost on a crash: the real client is killed with SIGKILL at random moments while a
/// script writes its storage, its config and a file, and the kernel, the irc module and the Lua engine
/// save their state; after every kill each file holds one whole version, no older than the client had
/// acknowledged, and the client starts again from it without complaint. Set RUSTIRC_CRASH_KILLS for a
/// longer run (docs/reliability.md).
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    // Armed again after each run rather than repeating: a repeating timer whose run takes longer than its
    // period queues runs faster than the client loop does them, and the commands wait behind them.
    private const string Script = """
        -- Stores numbered versions (44 KB each) in its storage, its config and a file, one after the other, again 1 ms after each.
        local file = FILES .. "/version.txt"
        local last = irc.storage.get("version")
        local seq = last and math.tointeger(last.seq) or 0
        print("crash resumed " .. seq)
        local function store()
          seq = seq + 1
          local payload = string.rep(string.format("v%09d ", seq), 4000)
          irc.storage.set("version", { seq = seq, payload = payload })
          irc.config.set("seq", seq)
          irc.file.write(file, seq .. "\n" .. payload)
          print("crash stored " .. seq)
          irc.timer(1, store)
        end
        irc.timer(1, store)
        """;

    private static int Kills =>
        int.TryParse(Environment.GetEnvironmentVariable("RUSTIRC_CRASH_KILLS"), out var kills) && kills > 0 ? kills : 20;

    [Fact]
    public void Kill_AtRandomMomentsWhileScriptsAndKernelWrite_EveryFileIsOneWholeVersionAndTheClientResumes()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var home = Directory.CreateTempSubdirectory("rustirc-crash-").FullName;
        var folders = Prepare(home);
        var versions = new CrashVersions(0, 0, null);
        var clock = Stopwatch.StartNew();
        var leftovers = 0;
        try
        {
            for (var kill = 1; kill <= Kills; kill++)
            {
                var where = $"kill {kill} of {Kills} (seed {seed}, folders {home})";
                using var client = CrashingClient.Start(folders);
                Assert.True(client.WaitForStart() == versions.Stored, $"{where}: the script did not resume from version {versions.Stored}.\n{client.Transcript}");
                client.StartRounds(versions.Round + 1, versions.Ignored);
                client.WaitUntilWriting(versions.Round + 1);
                Thread.Sleep(random.Next(0, 250));
                var progress = client.Kill();

                var problems = new List<string>();
                versions = folders.Check(progress, problems);
                problems.AddRange(client.Complaints().Select(c => "the client complained: " + c));
                problems.AddRange(folders.BrokenFiles().Select(f => "a file was put aside as damaged: " + f));
                // A kill between writing and renaming leaves a temporary file; older ones were deleted by this life's first writes.
                var temporary = folders.TemporaryFiles();
                leftovers += temporary.Count;
                problems.AddRange(temporary.Where(t => !t.Contains($".{client.Id}.", StringComparison.Ordinal)).Select(t => "a leftover of an earlier life was not deleted: " + t));
                Assert.True(problems.Count == 0, $"{where}, after {progress}:\n{string.Join('\n', problems)}\n{client.Transcript}");
            }

            using (var last = CrashingClient.Start(folders))
            {
                Assert.Equal(versions.Stored, last.WaitForStart());
                last.StartRounds(versions.Round + 1, versions.Ignored);
                last.WaitUntilWriting(versions.Round + 1);
                Assert.Equal(0, last.Quit());
                var problems = new List<string>();
                versions = folders.Check(last.Progress, problems);
                Assert.Empty(problems);
                Assert.Empty(last.Complaints());
                Assert.Empty(folders.TemporaryFiles());
            }
            output.WriteLine($"{Kills} kills in {clock.Elapsed.TotalSeconds:0} s (seed {seed}): {folders.Checked.Count} files checked after each, " +
                $"{versions.Stored} script versions and {versions.Round} rounds of module state written, {leftovers} temporary files left by kills (all deleted at the next start)");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Theory]
    [InlineData("storage cut in half")]
    [InlineData("storage empty")]
    [InlineData("file half rewritten in place")]
    [InlineData("versions older than acknowledged")]
    [InlineData("config ahead of storage")]
    [InlineData("module state cut")]
    [InlineData("module state missing a round")]
    [InlineData("script state older than acknowledged")]
    [InlineData("two ignores")]
    public void Check_WhatANonAtomicWriteOrALostWriteLeaves_IsReported(string damage)
    {
        var home = Directory.CreateTempSubdirectory("rustirc-crash-check-").FullName;
        try
        {
            var folders = new CrashedFolders(home);
            folders.WriteWhole(seq: 7, round: 5);
            var progress = new CrashProgress { Stored = 7, Sent = 5, ModuleGranted = 5, Ignored = 5, Unignored = 5, ScriptGranted = 5 };
            var clean = new List<string>();
            Assert.Equal(new CrashVersions(7, 5, null), folders.Check(progress, clean));
            Assert.Empty(clean);

            Damage(folders, damage);
            var problems = new List<string>();
            folders.Check(progress, problems);

            Assert.NotEmpty(problems);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static void Damage(CrashedFolders folders, string damage)
    {
        switch (damage)
        {
            case "storage cut in half":
                var whole = File.ReadAllBytes(folders.Storage);
                File.WriteAllBytes(folders.Storage, whole[..(whole.Length / 2)]);
                break;
            case "storage empty": // truncated and killed before writing, or written without a flush before a power cut
                File.WriteAllBytes(folders.Storage, []);
                break;
            case "file half rewritten in place":
                var text = $"8\n{CrashedFolders.Payload(8)}";
                File.WriteAllText(folders.Written, text[..(text.Length / 2)] + File.ReadAllText(folders.Written)[(text.Length / 2)..]);
                break;
            case "versions older than acknowledged":
                folders.WriteWhole(seq: 6, round: 5);
                break;
            case "config ahead of storage":
                File.WriteAllText(folders.ScriptConfig, """{ "seq": 8 }""");
                break;
            case "module state cut":
                File.WriteAllText(folders.ModuleState, File.ReadAllText(folders.ModuleState)[..40]);
                break;
            case "module state missing a round":
                var state = JsonNode.Parse(File.ReadAllText(folders.ModuleState))!;
                state["granted"]!["logger"]!.AsArray().RemoveAt(2);
                File.WriteAllText(folders.ModuleState, state.ToJsonString());
                break;
            case "script state older than acknowledged":
                var scripts = JsonNode.Parse(File.ReadAllText(folders.ScriptState))!;
                scripts["files"]![folders.ScriptFile]!["permissions"]!.AsArray().RemoveAt(4);
                File.WriteAllText(folders.ScriptState, scripts.ToJsonString());
                break;
            case "two ignores":
                File.WriteAllText(folders.Ignores, """{ "ignores": [ { "mask": "crash6!*@*" }, { "mask": "crash7!*@*" } ] }""");
                break;
            default:
                throw new ArgumentException(damage);
        }
    }

    /// <summary>
    /// The config and the script: no share-of-time limit (the script writes all the time), room to write
    /// its file as often as it likes, and time for three flushes to the disk in one call on a busy machine.
    /// </summary>
    private static CrashedFolders Prepare(string home)
    {
        var folders = new CrashedFolders(home);
        Directory.CreateDirectory(Path.GetDirectoryName(folders.ScriptFile)!);
        Directory.CreateDirectory(folders.Files);
        var lua = new JsonObject
        {
            ["timeSharePercent"] = 100,
            ["timePerCallMs"] = 30_000,
            ["fileWriteMbPerHour"] = 1_000_000,
            ["grants"] = new JsonObject { [CrashedFolders.ScriptName] = new JsonArray($"file_write:{folders.Files}") },
        };
        File.WriteAllText(Path.Combine(folders.Config, "config.json"), new JsonObject { ["modules"] = new JsonObject { ["lua"] = lua } }.ToJsonString());
        File.WriteAllText(folders.ScriptFile, Script.Replace("FILES", $"\"{folders.Files}\""));
        return folders;
    }
}
