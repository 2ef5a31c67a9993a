using System.Diagnostics;
using System.Globalization;
using System.Text;
using RustIrc.Modules.Scripting;
using static RustIrc.TestModules.FakeScript.FakeParser;

namespace RustIrc.TestModules.FakeScript;

/// <summary>
/// One fake script's interpreter. It counts a step per statement and loop turn, the bytes <c>alloc</c>
/// holds and the time since the outermost call began, and asks the core's <see cref="ScriptLimits"/> at
/// every step whether to stop: the limits and their messages are the core's, as they are for Lua.
/// </summary>
internal sealed class FakeScript(ScriptApi api, ScriptLimits limits) : IScriptInstance
{
    private readonly Dictionary<string, object?> _globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeFunction> _functions = new(StringComparer.Ordinal);
    private readonly List<string> _hoard = [];
    private long _memory = 4096; // a made-up interpreter's own tables, so a running one never reports 0 KiB
    private long _steps;
    private long _started;
    private TimeSpan _cpu;
    private int _depth;
    private bool _disposed;

    public long MemoryBytes => _memory;

    public TimeSpan CpuTime => _cpu;

    public bool IsRunning => _depth > 0;

    public ScriptMetadata? Load(string source, string path)
    {
        _memory += source.Length * sizeof(char); // the program it keeps
        Outermost(() => Run(Parse(source), null));
        return Metadata(source);
    }

    public IReadOnlyList<object?> Evaluate(string code) => Outermost(() => Run(Parse(code), null).Value) is { } value ? [value] : [];

    public ScriptFunction? FindFunction(string name) => _functions.GetValueOrDefault(name);

    public object? Call(ScriptFunction function, params object?[] arguments)
    {
        if (function is not FakeFunction fake || fake.Owner != this) throw new ScriptException("that block belongs to another script");
        return Outermost(() => Run(fake.Block, arguments) switch
        {
            { Value: Answer answer } => answer.Text,
            { Eaten: true } => true,
            _ => null,
        });
    }

    public void Dispose()
    {
        _disposed = true;
        _hoard.Clear();
        _functions.Clear();
    }

    /// <summary>Runs a call on one budget, however deep the calls nest, and turns its failures into the core's exception.</summary>
    private object? Outermost(Func<object?> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_depth++ == 0)
        {
            _steps = 0;
            _started = Stopwatch.GetTimestamp();
        }
        try
        {
            return body();
        }
        catch (LimitReached ex)
        {
            throw new ScriptException(ex.Message, limitExceeded: true);
        }
        catch (FakeError ex)
        {
            throw new ScriptException(ex.Message);
        }
        finally
        {
            if (--_depth == 0) _cpu += Stopwatch.GetElapsedTime(_started);
        }
    }

    /// <summary>One step: the core says whether the call must stop.</summary>
    private void Step()
    {
        _steps++;
        if (limits.Exceeded(_memory, _steps, (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds) is { } reason) throw new LimitReached(reason);
    }

    private (object? Value, bool Eaten) Run(IReadOnlyList<Statement> statements, object?[]? arguments)
    {
        object? value = null;
        var eaten = false;
        foreach (var statement in statements)
        {
            Step();
            value = Execute(statement, statement.Parts, arguments, ref eaten);
        }
        return (value, eaten);
    }

    private object? Execute(Statement statement, IReadOnlyList<object?> parts, object?[]? arguments, ref bool eaten)
    {
        string Word(int i) => i < parts.Count && parts[i] is Word w ? w.Text : "";
        object? Value(int i) => i < parts.Count ? Evaluate(parts[i], arguments) : null;
        switch (Word(0))
        {
            case "meta":
                return null;
            case "when" or "unless":
                var truthy = Value(1) is not (null or false);
                return truthy == (Word(0) == "when") ? Execute(statement, parts.Skip(2).ToList(), arguments, ref eaten) : null;
            case "print":
                return Api("print", Render(Value(1) as string ?? "", arguments));
            case "fail":
                throw new FakeError($"line {statement.Line}: {Render(Value(1) as string ?? "failed", arguments)}");
            case "eat":
                eaten = true;
                return null;
            case "answer":
                // The block's value when it is its last statement: what a command answers.
                return new Answer(Render(Value(1) as string ?? "", arguments));
            case "loop":
                while (true) Step();
            case "catch-loop":
                // An endless loop inside a catch-all, itself in one: limits are not errors, so nothing catches them.
                while (true)
                {
                    try
                    {
                        while (true) Step();
                    }
                    catch (FakeError)
                    {
                    }
                }
            case "busy":
                var until = Stopwatch.GetTimestamp() + (long)(Convert.ToDouble(Value(1), CultureInfo.InvariantCulture) * Stopwatch.Frequency);
                while (Stopwatch.GetTimestamp() < until) Step();
                return null;
            case "alloc":
                while (true)
                {
                    var piece = new string('x', 1000) + _hoard.Count;
                    _hoard.Add(piece);
                    _memory += piece.Length * sizeof(char);
                    Step();
                }
            case "recurse":
                return Recurse(1);
            case "multiply":
                return Convert.ToInt64(Value(1), CultureInfo.InvariantCulture) * Convert.ToInt64(Value(2), CultureInfo.InvariantCulture);
            case "add":
                var name = Word(1);
                _globals[name] = (_globals.GetValueOrDefault(name) is long current ? current : 0) + Convert.ToInt64(Value(2), CultureInfo.InvariantCulture);
                return null;
            case "on":
                var priority = Word(2) == "priority" ? Value(3) : 0L;
                return Api("on", Word(1), Block(statement), priority);
            case "command":
                var help = Word(2) == "help" ? Value(3) : null;
                return Api("add_command", Word(1), Block(statement), help);
            case "timer":
                var handle = Api("timer", Value(1), Block(statement), Word(2) == "repeat");
                if (Word(3) == "as") _globals[Word(4)] = handle;
                return handle;
            case "function":
                _functions[Word(1)] = Block(statement);
                return null;
            case "call" or "try":
                var at = parts.ToList().FindIndex(p => p is Word { Text: "as" });
                var end = at < 0 ? parts.Count : at;
                var values = Enumerable.Range(2, Math.Max(0, end - 2)).Select(Value).ToArray();
                object? result = null;
                string? error = null;
                try
                {
                    result = Api(Word(1), values);
                }
                catch (FakeError ex) when (Word(0) == "try")
                {
                    error = ex.Message;
                }
                _globals["error"] = error;
                if (at >= 0) _globals[Word(at + 1)] = result;
                return result;
            default:
                throw new FakeError($"line {statement.Line}: unknown statement '{Word(0)}'");
        }
    }

    private object? Recurse(int depth)
    {
        Step();
        if (depth > 2000) throw new FakeError("stack overflow (endless recursion?)");
        return Recurse(depth + 1);
    }

    private FakeFunction Block(Statement statement) =>
        new(this, statement.Block ?? throw new FakeError($"line {statement.Line}: '{statement.Verb}' needs a block: do STATEMENT ; STATEMENT"));

    /// <summary>Calls <c>irc.NAME</c>; whatever it refuses becomes the script's error.</summary>
    private object? Api(string name, params object?[] arguments)
    {
        if (!api.Functions.TryGetValue(name, out var function)) throw new FakeError($"there is no irc.{name}");
        try
        {
            return function(arguments);
        }
        catch (Exception ex) when (ex is not (LimitReached or FakeError or OutOfMemoryException))
        {
            throw new FakeError(ex.Message);
        }
    }

    private object? Evaluate(object? part, object?[]? arguments) => part switch
    {
        Variable v => Lookup(v.Name, arguments),
        Word { Text: "fn" } => new FakeFunction(this, []),
        Word { Text: "mixed" } => Mixed(),
        Word w => w.Text,
        _ => part,
    };

    private static ScriptTable Mixed()
    {
        var table = ScriptTable.ListOf([1L, 2L]);
        table.Fields["name"] = "x";
        return table;
    }

    /// <summary>A variable: a field of the event or the command's arguments (<c>1</c>, <c>text</c>) first, then the script's own.</summary>
    private object? Lookup(string name, object?[]? arguments)
    {
        var first = arguments is { Length: > 0 } ? arguments[0] : null;
        switch (first)
        {
            case ScriptEventTable e when e.Shape.Keys.Contains(name):
                return e[name];
            case ScriptTable t when name == "args":
                return t;
            case ScriptTable t when int.TryParse(name, out var n):
                return n >= 1 && n <= t.Array.Count ? t.Array[n - 1] : null;
            case ScriptTable t when t.Fields.TryGetValue(name, out var field):
                return field;
        }
        if (arguments is not null && int.TryParse(name, out var index) && index >= 1 && index <= arguments.Length) return arguments[index - 1];
        return _globals.GetValueOrDefault(name);
    }

    /// <summary>
    /// A text with each <c>{path:format/separator|default}</c> replaced: <c>{nick}</c>, <c>{tags.account}</c>,
    /// <c>{time:0.00}</c>, <c>{args/|}</c> (a list joined by <c>|</c>, else by commas), <c>{count|none}</c>;
    /// <c>{{</c> is a plain brace.
    /// </summary>
    private string Render(string template, object?[]? arguments)
    {
        var text = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }
            text.Append(template, i, open - i);
            if (template.AsSpan(open).StartsWith("{{"))
            {
                text.Append('{');
                i = open + 2;
                continue;
            }
            text.Append(Field(template[(open + 1)..close], arguments));
            i = close + 1;
        }
        return text.ToString();
    }

    private string Field(string spec, object?[]? arguments)
    {
        string? fallback = null, separator = null, format = null;
        if (spec.IndexOf('|') is var bar and >= 0 && !spec.EndsWith("/|", StringComparison.Ordinal))
        {
            fallback = spec[(bar + 1)..];
            spec = spec[..bar];
        }
        if (spec.IndexOf('/') is var slash and >= 0)
        {
            separator = spec[(slash + 1)..];
            spec = spec[..slash];
        }
        if (spec.IndexOf(':') is var colon and >= 0)
        {
            format = spec[(colon + 1)..];
            spec = spec[..colon];
        }
        var path = spec.Split('.');
        var value = Lookup(path[0], arguments);
        foreach (var key in path.Skip(1))
        {
            value = value switch
            {
                ScriptTable t => t.Fields.GetValueOrDefault(key),
                ScriptEventTable e => e[key],
                IReadOnlyDictionary<string, string> map => map.GetValueOrDefault(key),
                _ => null,
            };
        }
        return value switch
        {
            null => fallback ?? "nil",
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString(format ?? "R", CultureInfo.InvariantCulture),
            string s => s,
            ScriptTable { Fields.Count: 0 } list => string.Join(separator ?? ",", list.Array.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))),
            ScriptTable args when path[0] == "args" => string.Join(separator ?? ",", args.Array),
            IReadOnlyList<string> list => string.Join(separator ?? ",", list),
            _ => "a value",
        };
    }

    /// <summary>A block of this script's, handed to the core as a handler, a command, a timer or a hook.</summary>
    private sealed class FakeFunction(FakeScript owner, IReadOnlyList<Statement> block) : ScriptFunction
    {
        public FakeScript Owner { get; } = owner;

        public IReadOnlyList<Statement> Block { get; } = block;

        public override void Release()
        {
        }
    }

    /// <summary>The script's own error (a <c>fail</c>, a refused API call): catchable, and shown as the script's error.</summary>
    private sealed class FakeError(string message) : Exception(message);

    /// <summary>A limit: never caught by the script, it ends the outermost call.</summary>
    private sealed class LimitReached(string message) : Exception(message);

    /// <summary>What <c>answer TEXT</c> leaves as its block's value.</summary>
    private sealed record Answer(string Text);
}
