using RustIrc.Modules.Scripting;
using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// The script API's argument conversions: every typed getter of <see cref="ScriptArguments"/> on every
/// argument of a call, and the value model's checks and display. A wrong argument must be a
/// <see cref="ScriptApiException"/> (the script's error), never anything else.
/// </summary>
internal sealed class ScriptArgumentsTarget : FuzzTarget
{
    private static readonly IScriptRuntime Language = new PlainRuntime();

    public override string Name => "script-args";

    public override string CorpusFolder => "script-args";

    public override void Run(byte[] input)
    {
        var values = ScriptLiteral.ReadAll(IrcText.Decode(input));
        var arguments = new ScriptArguments("fuzz", values, Language);
        for (var i = 0; i <= arguments.Count; i++)
        {
            var index = i;
            Convert(() => arguments.String(index, "text"));
            Convert(() => arguments.OptionalString(index, "text"));
            Convert(() => arguments.Integer(index, "count"));
            Convert(() => arguments.Integer(index, "port", 6667));
            Convert(() => arguments.Boolean(index, false));
            Convert(() => arguments.Callback(index, "handler"));
            Convert(() => arguments.OptionalList(index, "items"));
            _ = arguments.TypeNameOf(arguments[index]);
            _ = ScriptValues.TypeOf(arguments[index]);
            _ = ScriptValues.Show(arguments[index], Language);
            if (arguments[index] is double d) _ = ScriptValues.Float(d);
        }
        _ = ScriptValues.Check(ScriptTable.ListOf(values), "irc.fuzz");
    }

    public override bool IsRejection(Exception exception) => exception is ScriptApiException;

    /// <summary>Runs one getter: a refusal of this argument is expected, and the next getter still runs.</summary>
    private static void Convert(Func<object?> getter)
    {
        try
        {
            _ = getter();
        }
        catch (ScriptApiException)
        {
        }
    }

    private sealed class PlainRuntime : IScriptRuntime
    {
        public ScriptLimitKinds Enforces => default;

        public string TypeName(ScriptValueType type) => type.ToString().ToLowerInvariant();

        public IScriptInstance Create(string scriptName, ScriptApi api, ScriptLimits limits) => throw new NotSupportedException("The fuzzer runs no scripts.");
    }
}
