using System.Runtime.InteropServices;
using System.Text;
using RustIrc.Modules.Scripting;

namespace RustIrc.Modules.Native;

/// <summary><c>rustirc_event_t</c>, field for field.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeEventStruct
{
    public nuint StructSize;
    public byte* Name;
    public byte* Server;
    public byte* Nick;
    public byte* User;
    public byte* Host;
    public byte* Target;
    public byte* Channel;
    public byte* Text;
    public long TimeMs;
    public int Own;
}

/// <summary>
/// Where each field of <c>rustirc_event_t</c> comes from in one shape of event table: the index of its
/// value, or -1. <c>target</c> is whom the event is aimed at (the target of a message, the kicked or invited
/// nick, the new nick) and <c>text</c> what it says (message, reason, topic, modes, raw line).
/// </summary>
internal sealed class NativeEventFields
{
    private static NativeEventFields?[] _byShape = new NativeEventFields?[32];

    private NativeEventFields(ScriptEventShape shape)
    {
        int Index(params string[] keys)
        {
            foreach (var key in keys)
            {
                for (var i = 0; i < shape.Count; i++)
                {
                    if (shape.Keys[i] == key) return i;
                }
            }
            return -1;
        }
        Server = Index("server");
        Nick = Index("nick");
        User = Index("user");
        Host = Index("host");
        Target = Index("target", "kicked", "invited", "new_nick", "to", "buffer");
        Channel = Index("channel");
        Text = Index("text", "line", "modes");
        Time = Index("time");
        Own = Index("own", "outgoing");
    }

    public int Server { get; }
    public int Nick { get; }
    public int User { get; }
    public int Host { get; }
    public int Target { get; }
    public int Channel { get; }
    public int Text { get; }
    public int Time { get; }
    public int Own { get; }

    /// <summary>The fields of <paramref name="shape"/>, worked out once per shape (on the client loop).</summary>
    public static NativeEventFields Of(ScriptEventShape shape)
    {
        if (shape.Id >= _byShape.Length) Array.Resize(ref _byShape, Math.Max(shape.Id + 1, _byShape.Length * 2));
        return _byShape[shape.Id] ??= new NativeEventFields(shape);
    }
}

/// <summary>
/// The native copy of the events handed to one plugin at one call depth: each text field in its own
/// buffer, encoded again only when its string changed (the network, nick and host mostly do not). A
/// handler that causes another event gets the next depth's copy, so its own strings stay valid.
/// </summary>
internal sealed unsafe class NativeEventBuffer : IDisposable
{
    private readonly Field[] _fields = new Field[7];
    // In native memory, so it stays where C reads it.
    private NativeEventStruct* _event = (NativeEventStruct*)NativeMemory.AllocZeroed((nuint)sizeof(NativeEventStruct));

    /// <summary>The event as C sees it, valid until the next <see cref="Fill"/> or <see cref="Dispose"/>.</summary>
    public NativeEventStruct* Fill(ScriptEventTable table, byte* name)
    {
        var fields = NativeEventFields.Of(table.Shape);
        var values = table.Values;
        var e = _event;
        e->StructSize = (nuint)sizeof(NativeEventStruct);
        e->Name = name;
        e->Server = _fields[0].Set(Get(values, fields.Server));
        e->Nick = _fields[1].Set(Get(values, fields.Nick));
        e->User = _fields[2].Set(Get(values, fields.User));
        e->Host = _fields[3].Set(Get(values, fields.Host));
        e->Target = _fields[4].Set(Get(values, fields.Target));
        e->Channel = _fields[5].Set(Get(values, fields.Channel));
        e->Text = _fields[6].Set(Get(values, fields.Text));
        e->TimeMs = fields.Time >= 0 && values[fields.Time] is double seconds ? (long)Math.Round(seconds * 1000) : 0;
        e->Own = fields.Own >= 0 && values[fields.Own] is true ? 1 : 0;
        return e;
    }

    private static string? Get(ReadOnlySpan<object?> values, int index) => index >= 0 ? values[index] as string : null;

    public void Dispose()
    {
        for (var i = 0; i < _fields.Length; i++) _fields[i].Free();
        NativeMemory.Free(_event);
        _event = null;
    }

    /// <summary>One text field's UTF-8, kept for the next event while its string is the same.</summary>
    private struct Field
    {
        private string? _last;
        private byte* _bytes;
        private int _capacity;

        public byte* Set(string? text)
        {
            if (text is null) return null;
            if (ReferenceEquals(text, _last)) return _bytes;
            var needed = Encoding.UTF8.GetMaxByteCount(text.Length) + 1;
            if (needed > _capacity)
            {
                NativeMemory.Free(_bytes);
                _capacity = Math.Max(needed, 64);
                _bytes = (byte*)NativeMemory.Alloc((nuint)_capacity);
            }
            var written = Encoding.UTF8.GetBytes(text, new Span<byte>(_bytes, _capacity - 1));
            _bytes[written] = 0;
            _last = text;
            return _bytes;
        }

        public void Free()
        {
            NativeMemory.Free(_bytes);
            _bytes = null;
            _capacity = 0;
            _last = null;
        }
    }
}
