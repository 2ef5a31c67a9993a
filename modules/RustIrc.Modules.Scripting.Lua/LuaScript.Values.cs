using System.Runtime.InteropServices;
using System.Text;
using KeraLua;

namespace RustIrc.Modules.Scripting.Lua;

// Values across the border: Lua values read into the core's plain values, and plain values pushed onto the Lua stack.
internal sealed unsafe partial class LuaScript
{
    private object? ToValue(int index, int depth)
    {
        switch (L.Type(index))
        {
            case LuaType.Nil or LuaType.None:
                return null;
            case LuaType.Boolean:
                return L.ToBoolean(index);
            case LuaType.Number:
                return L.IsInteger(index) ? L.ToInteger(index) : (object)L.ToNumber(index); // integers stay integers
            case LuaType.String:
                return L.ToString(index, false);
            case LuaType.Function:
                L.PushCopy(index);
                return new LuaFunctionReference(this, L.Ref(LuaRegistry.Index));
            case LuaType.Table when depth < MaxTableDepth:
                return ToTable(index, depth);
            case LuaType.UserData when depth < MaxTableDepth && _native.PushEventTable(L.Handle, index):
                // An event: the table it stands for.
                try
                {
                    return ToTable(-1, depth);
                }
                finally
                {
                    L.Pop(1);
                }
            default:
                return null;
        }
    }

    private ScriptTable ToTable(int index, int depth)
    {
        if (depth > 0) return ConvertTable(index, depth);
        // Shared subtables would be converted again at every reference: bound the whole conversion.
        _converted = 0;
        var top = L.GetTop();
        try
        {
            return ConvertTable(index, 0);
        }
        catch (ScriptApiException)
        {
            L.SetTop(top); // what the levels above had pushed when it gave up
            throw;
        }
    }

    private ScriptTable ConvertTable(int index, int depth)
    {
        if (!L.CheckStack(SlotsPerLevel + SlotsAtTheBottom))
        {
            throw new ScriptApiException("a table passed to the client is nested too deeply for the Lua stack");
        }
        if (++_converted > 100_000) throw new ScriptApiException("a table passed to the client is too large (over 100,000 values)");
        var table = new ScriptTable();
        var absolute = L.AbsIndex(index);
        var length = L.RawLen(absolute);
        for (long i = 1; i <= length; i++)
        {
            L.RawGetInteger(absolute, i);
            if (++_converted > 100_000) throw new ScriptApiException("a table passed to the client is too large (over 100,000 values)");
            table.Array.Add(ToValue(-1, depth + 1));
            L.Pop(1);
        }
        L.PushNil();
        while (L.Next(absolute))
        {
            if (++_converted > 100_000) throw new ScriptApiException("a table passed to the client is too large (over 100,000 values)");
            if (L.Type(-2) == LuaType.String) table.Fields[L.ToString(-2, false)!] = ToValue(-1, depth + 1);
            L.Pop(1);
        }
        return table;
    }

    /// <summary>
    /// Makes room on the current thread's stack for pushing <paramref name="value"/> (a nested table takes a
    /// few slots per level); false when the stack cannot grow that far.
    /// </summary>
    private bool RoomFor(object? value) =>
        value is null or bool or long or int or double or string || L.CheckStack(MaxTableDepth * SlotsPerLevel + SlotsAtTheBottom);

    private void Push(object? value, int depth)
    {
        switch (value)
        {
            case null:
                L.PushNil();
                break;
            case bool b:
                L.PushBoolean(b);
                break;
            case long or int:
                L.PushInteger(Convert.ToInt64(value));
                break;
            case double d:
                L.PushNumber(d);
                break;
            case string s:
                PushText(s);
                break;
            case LuaFunctionReference f when ReferenceEquals(f.Owner, this):
                L.RawGetInteger(LuaRegistry.Index, f.Reference);
                break;
            case ScriptEventTable e:
                L.CreateTable(0, e.Shape.Count);
                for (var i = 0; i < e.Shape.Count; i++) SetField(e.Shape.Keys[i], e.Values[i], depth);
                break;
            case ScriptTable t when depth < MaxTableDepth:
                L.CreateTable(t.Array.Count, t.Fields.Count);
                for (var i = 0; i < t.Array.Count; i++)
                {
                    Push(t.Array[i], depth + 1);
                    L.RawSetInteger(-2, i + 1);
                }
                foreach (var (key, item) in t.Fields) SetField(key, item, depth);
                break;
            case IReadOnlyDictionary<string, string> tags when depth < MaxTableDepth:
                L.CreateTable(0, tags.Count);
                foreach (var (key, item) in tags) SetField(key, item, depth);
                break;
            case IReadOnlyList<string> list when depth < MaxTableDepth:
                L.CreateTable(list.Count, 0);
                for (var i = 0; i < list.Count; i++)
                {
                    PushText(list[i]);
                    L.RawSetInteger(-2, i + 1);
                }
                break;
            default:
                // The value model has nothing else (the core checks what API functions return), and tables
                // nested past MaxTableDepth end here: never a .NET object.
                L.PushNil();
                break;
        }
    }

    private void SetField(string key, object? value, int depth)
    {
        PushKey(key);
        Push(value, depth + 1);
        L.RawSet(-3);
    }

    /// <summary>Pushes a string, encoding short ones on the stack rather than into a new array each time.</summary>
    private void PushText(string text)
    {
        if (text.Length > 1024)
        {
            L.PushString(text);
            return;
        }
        Span<byte> utf8 = stackalloc byte[text.Length * 3];
        var length = Encoding.UTF8.GetBytes(text, utf8);
        unsafe
        {
            fixed (byte* bytes = utf8)
            {
                PushBytes(L.Handle, bytes, (nuint)length);
            }
        }
    }

    // The same liblua54 KeraLua loaded; lua_pushlstring copies the bytes into a Lua string.
    [LibraryImport("lua54", EntryPoint = "lua_pushlstring")]
    private static unsafe partial IntPtr PushBytes(IntPtr state, byte* bytes, nuint length);

    /// <summary>Pushes a table key, as a kept Lua string when it is one of the few every event uses.</summary>
    private void PushKey(string key)
    {
        var reference = KeyReference(key);
        if (reference == NoReference) L.PushString(key);
        else L.RawGetInteger(LuaRegistry.Index, reference);
    }

    /// <summary>
    /// The registry reference of <paramref name="key"/> made into a Lua string. The same few keys (server,
    /// nick, text…) go into every event table, so each is made once and kept, instead of being encoded again
    /// every time; past 256 keys none is kept (<see cref="NoReference"/>).
    /// </summary>
    private int KeyReference(string key)
    {
        if (_keys.TryGetValue(key, out var reference)) return reference;
        if (_keys.Count >= 256) return NoReference;
        _budget->HostDepth++;
        try
        {
            _lua.PushString(key);
            return _keys[key] = _lua.Ref(LuaRegistry.Index);
        }
        finally
        {
            _budget->HostDepth--;
        }
    }
}
