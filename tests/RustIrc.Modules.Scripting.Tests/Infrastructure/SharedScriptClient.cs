using System.Diagnostics;

namespace RustIrc.Modules.Scripting.Tests.Infrastructure;

/// <summary>What one script attempt did: the <c>/lua load</c> answer, the lines printed meanwhile, and how long it took.</summary>
internal sealed record ScriptAttempt(string Name, CommandResult Result, IReadOnlyList<string> Printed, TimeSpan Elapsed, string Language = "lua")
{
    /// <summary>Everything the user saw, one line each.</summary>
    public string Transcript => Result.Text + (Printed.Count == 0 ? "" : "\n" + string.Join("\n", Printed.Take(40).Select(p => "printed: " + p)));

    /// <summary>The error that stopped the script at load, or null when it loaded.</summary>
    public string? StopReason => Result.Errors.FirstOrDefault(e => e.StartsWith($"{Language} '{Name}' stopped: ", StringComparison.Ordinal));

    /// <summary>Whether the script reported reaching its goal (escape attempts print <c>ESCAPED</c> when they get there).</summary>
    public bool Escaped => Transcript.Contains("ESCAPED", StringComparison.Ordinal);

    /// <summary>Asserts the attempt was stopped at load with an error containing every one of <paramref name="fragments"/>, and never got where it wanted.</summary>
    public void AssertRefused(params string[] fragments)
    {
        Assert.False(Escaped, $"The script reached its goal:\n{Transcript}");
        Assert.True(StopReason is not null, $"The script should have been stopped with an error, but:\n{Transcript}");
        foreach (var fragment in fragments)
        {
            Assert.True(StopReason.Contains(fragment, StringComparison.Ordinal), $"The error should say \"{fragment}\", but it is: {StopReason}");
        }
    }
}

/// <summary>
/// One client shared by the tests of a class (each test loads its own script, named after the test), with
/// the Lua engine unless a subclass names another. If a script hangs the client loop, the next test gets a
/// fresh client.
/// </summary>
public class SharedScriptClient : IAsyncLifetime
{
    private ScriptingClient? _client;

    /// <summary>Settings of the shared client, beyond the harness defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>The engine the scripts are for, and their file extension.</summary>
    protected virtual (string Engine, string Extension) Language => ("lua", ".lua");

    /// <summary>Code for <c>/ENGINE eval</c> whose value is 42.</summary>
    protected virtual string FortyTwo => "return 40 + 2";

    internal async Task<ScriptingClient> ClientAsync()
    {
        if (_client is { IsHung: true })
        {
            await _client.DisposeAsync();
            _client = null;
        }
        return _client ??= await ScriptingClient.StartAsync(new ScriptingSetup { Engine = Language.Engine, WithIrc = true, Settings = Settings });
    }

    /// <summary>Loads <paramref name="source"/> as script <paramref name="name"/> and records what happened; then checks the client still answers.</summary>
    internal async Task<ScriptAttempt> AttemptAsync(string name, string source)
    {
        var client = await ClientAsync();
        var from = client.PrintedCount;
        var clock = Stopwatch.StartNew();
        var result = await client.LoadAsync(name, source, Language.Engine, Language.Extension);
        clock.Stop();
        var attempt = new ScriptAttempt(name, result, client.PrintedSince(from), clock.Elapsed, Language.Engine);
        await AssertAliveAsync(client, Language.Engine, FortyTwo);
        return attempt;
    }

    /// <summary>Asserts the client still runs commands and scripts.</summary>
    internal static async Task AssertAliveAsync(ScriptingClient client, string engine = "lua", string fortyTwo = "return 40 + 2")
    {
        var eval = await client.RunAsync($"/{engine} eval {fortyTwo}");
        Assert.True(eval.Replies.Any(r => r.Text == "42"), $"After the script, the client no longer evaluates {engine}:\n{eval.Text}");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
    }
}

/// <summary>The shared client with the Lua engine and the harness's settings.</summary>
public sealed class SharedLuaClient : SharedScriptClient;

/// <summary>The shared client of the Python sandbox suite: half a second per call, so runaway attempts end fast.</summary>
public sealed class SandboxPythonClient : SharedScriptClient
{
    protected override (string Engine, string Extension) Language => ("python", ".py");

    protected override string FortyTwo => "40 + 2";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["modules:python:timePerCallMs"] = SandboxLuaClient.TimePerCallMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>The shared client of the sandbox suite: half a second per call, so runaway attempts end fast.</summary>
public sealed class SandboxLuaClient : SharedScriptClient
{
    public const int TimePerCallMs = 500;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["modules:lua:timePerCallMs"] = TimePerCallMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
