// The driver both value fuzz tests share: a script of the language under test builds values at random and
// passes them to every API function; each call must return or raise an error written for the script.
using RustIrc.Modules.Scripting.Tests.Infrastructure;
using RustIrc.Sdk.Modules;

namespace RustIrc.Modules.Scripting.Tests;

public abstract class ScriptValueFuzz
{
    /// <summary>The engine module, its command and its scripts' file extension.</summary>
    protected abstract (string Engine, string Extension) Language { get; }

    /// <summary>
    /// A script that adds <c>/fuzz N</c>: N calls of random API functions with random values, printing
    /// <c>unexpected from NAME: …</c> for an error in .NET's words and then <c>fuzzed C calls over F functions, R refused</c>.
    /// </summary>
    protected abstract string Fuzzer { get; }

    [Fact]
    public async Task ApiFunctions_CalledWithRandomValues_OnlyReturnOrRaiseErrorsWrittenForTheScript()
    {
        var (engine, extension) = Language;
        await using var client = await ScriptingClient.StartAsync(new ScriptingSetup { Engine = engine, WithIrc = true });
        var loaded = await client.LoadAsync("valuefuzz", Fuzzer, engine, extension);
        Assert.True(!loaded.Errors.Any(), loaded.Text);

        string? last = null;
        for (var round = 0; round < 40; round++)
        {
            var result = await client.RunAsync("/fuzz 100");
            Assert.True(result.Outcome == RustIrc.Sdk.Commands.CommandOutcome.Ran, $"round {round}: {result.Text}");
            await Task.Delay(150); // keeps the script well under its 50 % share of the client's time
            last = await client.OnLoopAsync(() => client.Printed.LastOrDefault(l => l.Text.StartsWith("fuzzed ", StringComparison.Ordinal))?.Text);
        }

        Assert.StartsWith("fuzzed 4000 calls over ", last, StringComparison.Ordinal);
        var functions = int.Parse(last!.Split(' ')[4], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(functions >= 35, $"only {functions} API functions were found to call: {last}");
        var unexpected = client.Printed.Select(l => l.Text).Where(t => t.StartsWith("unexpected from ", StringComparison.Ordinal)).Distinct().ToArray();
        Assert.True(unexpected.Length == 0, string.Join("\n", unexpected));
        var listed = await client.RunAsync($"/{engine} list");
        Assert.Contains(listed.Replies, r => r.Text.Contains("valuefuzz", StringComparison.Ordinal) && r.Text.Contains("running", StringComparison.Ordinal));
        var module = await client.OnLoopAsync(() => client.Kernel.Manager.List().Single(m => m.Id == engine));
        Assert.Equal(ModuleState.Enabled, module.State);
        Assert.DoesNotContain(client.Log, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
