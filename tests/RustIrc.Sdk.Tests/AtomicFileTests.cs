// What a write leaves on disk: the new contents, no temporary file, and no leftovers of a killed process.
using System.Diagnostics;

namespace RustIrc.Sdk.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rustirc-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string In(string name) => Path.Combine(_folder, name);

    [Fact]
    public void WriteAllText_Twice_FileHoldsTheLastContentsAndNothingElseIsLeft()
    {
        AtomicFile.WriteAllText(In("state.json"), "{\"v\":1}");
        AtomicFile.WriteAllText(In("state.json"), "{\"v\":2, \"é\":true}");

        Assert.Equal("{\"v\":2, \"é\":true}", File.ReadAllText(In("state.json")));
        Assert.Equal([In("state.json")], Directory.GetFiles(_folder));
    }

    [Fact]
    public void WriteAllText_LeftoverOfAKilledWriter_IsDeletedByTheNextWrite()
    {
        var leftover = In($"state.json.{ExitedProcessId()}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(leftover, "{\"half");

        AtomicFile.WriteAllText(In("state.json"), "{}");

        Assert.False(File.Exists(leftover));
        Assert.Equal("{}", File.ReadAllText(In("state.json")));
    }

    [Fact]
    public void WriteAllText_TemporaryFilesOfARunningProcessOrOtherFiles_AreKept()
    {
        var exited = ExitedProcessId();
        string[] kept =
        [
            In($"state.json.1.{Guid.NewGuid():N}.tmp"), // pid 1 always runs: another client may be writing
            In($"other.json.{exited}.{Guid.NewGuid():N}.tmp"),
            In("state.json.notes.tmp"),
        ];
        foreach (var file in kept) File.WriteAllText(file, "x");

        AtomicFile.WriteAllText(In("state.json"), "{}");

        Assert.All(kept, file => Assert.True(File.Exists(file), file));
    }

    [Theory]
    [InlineData("state.json.123.tmp")]
    [InlineData("state.json.x.0123456789abcdef0123456789abcdef.tmp")]
    [InlineData("state.json..tmp")]
    [InlineData("state.json.tmp")]
    [InlineData("state.jsonx.999999.0123456789abcdef0123456789abcdef.tmp")]
    public void IsLeftover_NameNotOfATemporaryFileOfThisFile_IsFalse(string candidate) =>
        Assert.False(AtomicFile.IsLeftover(candidate, "state.json"));

    [Fact]
    public void IsLeftover_OwnTemporaryFile_IsFalse() =>
        Assert.False(AtomicFile.IsLeftover($"state.json.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp", "state.json"));

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
