// The fuzzer's short form: every target, a fixed seed, a fixed number of inputs (a few seconds each).
using System.Text;

namespace RustIrc.Fuzz.Tests;

public sealed class ShortFuzzTests
{
    /// <summary>Inputs per target: a few seconds each on the 2-core machine of docs/reliability.md (about 35 s in all).</summary>
    public static TheoryData<string, int> Targets => new()
    {
        { "line", 80_000 },
        { "tags", 80_000 },
        { "isupport", 120_000 },
        { "dispatch", 100_000 },
        { "ctcp", 120_000 },
        { "splitter", 60_000 },
        { "module-json", 40_000 },
        { "config-json", 6_000 },
        { "script-args", 16_000 },
        { "framing", 3_000 },
    };

    [Fact]
    public void Targets_ListEveryTargetOfTheFuzzer() =>
        Assert.Equal(Fuzzer.TargetNames.Order(), Targets.Select(row => (string)row[0]).Order());

    [Theory]
    [MemberData(nameof(Targets))]
    public void ShortRun_FixedSeed_NoInputCrashesTheTarget(string target, int inputs)
    {
        var crashes = Path.Combine(Path.GetTempPath(), $"rustirc-fuzz-crashes-{Guid.NewGuid():N}");

        var result = Assert.Single(Fuzzer.Run(new FuzzOptions { Targets = [target], InputsPerTarget = inputs, Seed = 16, CrashDirectory = crashes }));

        Assert.True(result.Crashes.Count == 0, $"{result.Crashes.Count} input(s) crashed {target}:\n" + string.Join("\n", result.Crashes.Select(Describe)));
        Assert.Equal(inputs, result.Inputs);
        Directory.Delete(crashes, recursive: true);
    }

    private static string Describe(FuzzCrash crash)
    {
        var input = File.ReadAllBytes(crash.InputPath);
        var shown = Encoding.Latin1.GetString(input, 0, Math.Min(input.Length, 300));
        var escaped = string.Concat(shown.Select(c => c is < ' ' or > '~' ? $"\\x{(int)c:X2}" : c.ToString()));
        return $"- {crash.Problem}\n  input ({input.Length} bytes, {crash.InputPath}): \"{escaped}\"\n{crash.StackTrace}";
    }
}
