using System.Text;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// The core's value model to and from one script's Python objects, through CPython's C API: None, bool,
/// int, float, str, list (and tuple), dict, and functions. A list with named fields (a command's arguments)
/// becomes an <c>Arguments</c> list with attributes; an event an <c>Event</c> dict read by attribute too.
/// Everything here holds the GIL.
/// </summary>
internal sealed unsafe class PythonValues(PythonScript? owner, PythonInterpreter interpreter) : IDisposable
{
    private const int MaxDepth = 32;
    private const int MaxValues = 100_000;
    private const ulong LongFlag = 1UL << 24, ListFlag = 1UL << 25, TupleFlag = 1UL << 26, UnicodeFlag = 1UL << 28, DictFlag = 1UL << 29;

    // The bootstrap's types of an event and of a list with named fields, looked up once.
    private readonly IntPtr _eventType = interpreter["Event"];
    private readonly IntPtr _argumentsType = interpreter["Arguments"];
    // Event field names made into Python strings once, not at every event.
    private readonly Dictionary<string, IntPtr> _keys = new(StringComparer.Ordinal);
    private int _converted;

    /// <summary>A new Python str of <paramref name="text"/>.</summary>
    public static IntPtr Text(string text)
    {
        if (text.Length > 512)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            fixed (byte* b = bytes) return PythonNative.StringFromUtf8(b, bytes.Length);
        }
        Span<byte> utf8 = stackalloc byte[text.Length * 3];
        var length = Encoding.UTF8.GetBytes(text, utf8);
        fixed (byte* b = utf8) return PythonNative.StringFromUtf8(b, length);
    }

    /// <summary>A Python str as .NET text (lone surrogates, which UTF-8 cannot hold, as U+FFFD).</summary>
    public static string ToText(IntPtr text)
    {
        nint length;
        var utf8 = PythonNative.StringAsUtf8(text, &length);
        if (utf8 != null) return Encoding.UTF8.GetString(utf8, (int)length);
        PythonNative.ErrClear();
        fixed (byte* encoding = "utf-8\0"u8, errors = "replace\0"u8)
        {
            var bytes = PythonNative.StringEncode(text, encoding, errors);
            if (bytes == IntPtr.Zero)
            {
                PythonNative.ErrClear();
                return "";
            }
            var result = Encoding.UTF8.GetString(PythonNative.BytesData(bytes), (int)PythonNative.BytesSize(bytes));
            PythonNative.DecRef(bytes);
            return result;
        }
    }

    /// <summary>A Python object as a script value.</summary>
    /// <exception cref="ScriptApiException">It is not one, or is too large or deep.</exception>
    public object? ToValue(IntPtr value)
    {
        _converted = 0;
        return Convert(value, 0);
    }

    private object? Convert(IntPtr value, int depth)
    {
        if (++_converted > MaxValues) throw new ScriptApiException($"a value passed to the client is too large (over {MaxValues:N0} values)");
        if (value == PythonNative.None) return null;
        var type = PythonNative.TypeOf(value);
        if (type == PythonNative.BoolType) return value == PythonNative.True;
        var flags = PythonNative.TypeFlags(type);
        if ((flags & UnicodeFlag) != 0) return ToText(value);
        if ((flags & LongFlag) != 0) return ToNumber(value);
        if (type == PythonNative.FloatType) return PythonNative.FloatAs(value);
        if ((flags & (ListFlag | TupleFlag | DictFlag)) != 0 && depth >= MaxDepth)
        {
            throw new ScriptApiException($"a value passed to the client is nested too deeply (over {MaxDepth} levels)");
        }
        if ((flags & ListFlag) != 0)
        {
            var table = new ScriptTable();
            for (nint i = 0; i < PythonNative.ListSize(value); i++) table.Array.Add(Convert(PythonNative.ListGetItem(value, i), depth + 1));
            // A list with named fields (Arguments): its attributes are the fields.
            if (type == _argumentsType) AddAttributes(table, value, depth);
            return table;
        }
        if ((flags & TupleFlag) != 0)
        {
            var table = new ScriptTable();
            var count = PythonNative.TupleSize(value);
            for (nint i = 0; i < count; i++) table.Array.Add(Convert(PythonNative.TupleGetItem(value, i), depth + 1));
            return table;
        }
        if ((flags & DictFlag) != 0) return ToMap(value, depth);
        if (owner is not null && PythonNative.CallableCheck(value) != 0)
        {
            PythonNative.IncRef(value);
            return new PythonFunction(owner, value);
        }
        throw new ScriptApiException($"a {PythonNative.TypeName(type)} cannot be passed to the client (it takes None, bool, int, float, str, list, tuple, dict and functions)");
    }

    private static object ToNumber(IntPtr value)
    {
        var whole = PythonNative.LongAs(value);
        if (whole != -1 || PythonNative.ErrOccurred() == IntPtr.Zero) return whole;
        // Past 64 bits: as a float, like Lua's numbers.
        PythonNative.ErrClear();
        var number = PythonNative.LongAsDouble(value);
        if (PythonNative.ErrOccurred() == IntPtr.Zero) return number;
        PythonNative.ErrClear();
        throw new ScriptApiException("an int passed to the client is too large even for a float");
    }

    private void AddAttributes(ScriptTable table, IntPtr value, int depth)
    {
        IntPtr attributes;
        fixed (byte* name = "__dict__\0"u8) attributes = PythonNative.GetAttrString(value, name);
        if (attributes == IntPtr.Zero)
        {
            PythonNative.ErrClear();
            return;
        }
        try
        {
            if ((PythonNative.TypeFlags(PythonNative.TypeOf(attributes)) & DictFlag) != 0) ToMap(attributes, depth, table);
        }
        finally
        {
            PythonNative.DecRef(attributes);
        }
    }

    private ScriptTable ToMap(IntPtr value, int depth, ScriptTable? into = null)
    {
        var table = into ?? new ScriptTable();
        nint position = 0;
        IntPtr key, item;
        while (PythonNative.DictNext(value, &position, &key, &item) != 0)
        {
            if ((PythonNative.TypeFlags(PythonNative.TypeOf(key)) & UnicodeFlag) == 0)
            {
                throw new ScriptApiException($"a dict passed to the client must have str keys, not {PythonNative.TypeName(PythonNative.TypeOf(key))}");
            }
            table.Fields[ToText(key)] = Convert(item, depth + 1);
        }
        return table;
    }

    /// <summary>A script value as a new Python object (None for what the model does not have).</summary>
    public IntPtr ToPython(object? value, int depth = 0)
    {
        switch (value)
        {
            case null:
                return Borrowed(PythonNative.None);
            case bool b:
                return Borrowed(b ? PythonNative.True : PythonNative.False);
            case long l:
                return PythonNative.LongFrom(l);
            case int i:
                return PythonNative.LongFrom(i);
            case double d:
                return PythonNative.FloatFrom(d);
            case string s:
                return Text(s);
            case PythonFunction f when ReferenceEquals(f.Owner, owner) && !f.Released:
                return Borrowed(f.Object);
            case ScriptEventTable e:
                return ToEvent(e, depth);
            case ScriptTable t when depth < MaxDepth && t.Fields.Count == 0:
                return ToList(t.Array, depth);
            case ScriptTable t when depth < MaxDepth && (t.IsList || t.Array.Count > 0):
                return ToArguments(t, depth);
            case ScriptTable t when depth < MaxDepth:
                return ToDict(t.Fields, depth);
            case IReadOnlyDictionary<string, string> tags when depth < MaxDepth:
                return ToDict(tags);
            case IReadOnlyList<string> list when depth < MaxDepth:
                return ToList(list);
            default:
                return Borrowed(PythonNative.None);
        }
    }

    private static IntPtr Borrowed(IntPtr value)
    {
        PythonNative.IncRef(value);
        return value;
    }

    private IntPtr ToList(List<object?> items, int depth)
    {
        var list = PythonNative.ListNew(items.Count);
        for (var i = 0; i < items.Count; i++) PythonNative.ListSetItem(list, i, ToPython(items[i], depth + 1)); // steals the item
        return list;
    }

    private IntPtr ToDict(Dictionary<string, object?> fields, int depth)
    {
        var dict = PythonNative.DictNew();
        foreach (var (key, item) in fields) SetItem(dict, Text(key), ToPython(item, depth + 1));
        return dict;
    }

    private static IntPtr ToDict(IReadOnlyDictionary<string, string> tags)
    {
        var dict = PythonNative.DictNew();
        if (tags.Count == 0) return dict; // most lines have no tags: no enumerator for them
        foreach (var (key, item) in tags) SetItem(dict, Text(key), Text(item));
        return dict;
    }

    private static IntPtr ToList(IReadOnlyList<string> items)
    {
        var list = PythonNative.ListNew(items.Count);
        for (var i = 0; i < items.Count; i++) PythonNative.ListSetItem(list, i, Text(items[i])); // steals the item
        return list;
    }

    /// <summary>A list with named fields: an Arguments list (the bootstrap's) with the fields as attributes.</summary>
    private IntPtr ToArguments(ScriptTable table, int depth)
    {
        var arguments = PythonNative.Call(_argumentsType, Empty, IntPtr.Zero);
        if (arguments == IntPtr.Zero) return IntPtr.Zero;
        for (var i = 0; i < table.Array.Count; i++) Append(arguments, ToPython(table.Array[i], depth + 1));
        foreach (var (key, item) in table.Fields)
        {
            var converted = ToPython(item, depth + 1);
            fixed (byte* name = Encoding.UTF8.GetBytes(key + "\0")) PythonNative.SetAttrString(arguments, name, converted);
            PythonNative.DecRef(converted);
        }
        return arguments;
    }

    private static void Append(IntPtr list, IntPtr item)
    {
        PythonNative.ListAppend(list, item);
        PythonNative.DecRef(item);
    }

    /// <summary>An event: an Event dict (the bootstrap's) with each field in its attributes too.</summary>
    private IntPtr ToEvent(ScriptEventTable table, int depth)
    {
        var @event = PythonNative.Call(_eventType, Empty, IntPtr.Zero);
        if (@event == IntPtr.Zero) return IntPtr.Zero;
        var attributes = PythonNative.GenericGetDict(@event, IntPtr.Zero);
        if (attributes == IntPtr.Zero)
        {
            PythonNative.DecRef(@event);
            return IntPtr.Zero;
        }
        var keys = table.Shape.Keys;
        var values = table.Values;
        for (var i = 0; i < values.Length; i++)
        {
            if (!_keys.TryGetValue(keys[i], out var key)) _keys[keys[i]] = key = Text(keys[i]);
            var item = ToPython(values[i], depth + 1);
            PythonNative.DictSetItem(@event, key, item);
            PythonNative.DictSetItem(attributes, key, item);
            PythonNative.DecRef(item);
        }
        PythonNative.DecRef(attributes);
        return @event;
    }



    private static void SetItem(IntPtr dict, IntPtr key, IntPtr item)
    {
        PythonNative.DictSetItem(dict, key, item);
        PythonNative.DecRef(key);
        PythonNative.DecRef(item);
    }

    private static IntPtr Empty => PythonNative.EmptyTuple;

    public void Dispose()
    {
        foreach (var key in _keys.Values) PythonNative.DecRef(key);
        _keys.Clear();
    }
}
