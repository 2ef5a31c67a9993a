using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using RustIrc.Modules.Scripting;
using RustIrc.Sdk.Events;

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
/// The native copy of the events handed to one plugin at one call depth: each text field in its own
/// buffer, encoded again only when its string changed (the network, nick and host mostly do not). A
/// handler that causes another event gets the next depth's copy, so its own strings stay valid.
/// </summary>
internal sealed unsafe class NativeEventBuffer : IDisposable
{
    private readonly Field[] _fields = new Field[7];
    // In native memory, so it stays where C reads it.
    private NativeEventStruct* _event = (NativeEventStruct*)NativeMemory.AllocZeroed((nuint)sizeof(NativeEventStruct));

    /// <summary>
    /// The event as C sees it, valid until the next <see cref="Fill"/> or <see cref="Dispose"/>: <c>target</c>
    /// is whom it is aimed at (a message's target, the kicked or invited nick, the new nick, the buffer) and
    /// <c>text</c> what it says (message, reason, topic, modes, raw line). <paramref name="api"/> tells channels.
    /// </summary>
    public NativeEventStruct* Fill(RustIrcEvent e, byte* name, ScriptApi api)
    {
        string? server = null, nick = null, user = null, host = null, target = null, channel = null, text = null;
        var own = false;
        if (e is IrcEvent irc)
        {
            (server, nick, user, host) = (irc.Network, irc.Nick, irc.User, irc.Host);
        }
        switch (e)
        {
            case MessageEvent m: (target, text, own) = (m.Target, m.Text, m.IsOwn); channel = api.ChannelOf(server, target); break;
            case ActionEvent a: (target, text, own) = (a.Target, a.Text, a.IsOwn); channel = api.ChannelOf(server, target); break;
            case NoticeEvent n: (target, text) = (n.Target, n.Text); channel = api.ChannelOf(server, target); break;
            case JoinEvent j: channel = j.Channel; break;
            case PartEvent p: (channel, text) = (p.Channel, p.Reason); break;
            case KickEvent k: (channel, target, text) = (k.Channel, k.KickedNick, k.Reason); break;
            case QuitEvent q: text = q.Reason; break;
            case NickChangeEvent c: (target, own) = (c.NewNick, c.IsOwn); break;
            case TopicEvent t: (channel, text) = (t.Channel, t.Topic); break;
            case ModeEvent m: (target, text) = (m.Target, m.Modes); channel = api.ChannelOf(server, target); break;
            case InviteEvent i: (channel, target) = (i.Channel, i.InvitedNick); break;
            case AwayEvent a: text = a.Message; break;
            case AccountEvent a: text = a.Account; break;
            case CtcpRequestEvent c: (target, text) = (c.Target, c.Command); break;
            case CtcpReplyEvent c: (target, text) = (c.Target, c.Command); break;
            case NumericEvent n: text = string.Join(' ', n.Parameters); break;
            case RawLineEvent r: (text, own) = (r.Line, r.Outgoing); break;
            case ConnectedEvent c: (target, text) = (c.OwnNick, c.Server); break;
            case DisconnectedEvent d: text = d.Reason; break;
            case TabSwitchEvent t: (target, text) = (t.To, t.From); break;
            case CommandEvent c: (target, text) = (c.Buffer, c.Arguments.Length > 0 ? $"{c.Name} {c.Arguments}" : c.Name); break;
            case InputEvent i: (target, text) = (i.Buffer, i.Text); break;
            case ExtensionLoadedEvent l: text = l.Extension.ToString(); break;
            case ExtensionUnloadedEvent u: text = u.Extension.ToString(); break;
        }
        var native = _event;
        native->StructSize = (nuint)sizeof(NativeEventStruct);
        native->Name = name;
        native->Server = _fields[0].Set(server);
        native->Nick = _fields[1].Set(nick);
        native->User = _fields[2].Set(user);
        native->Host = _fields[3].Set(host);
        native->Target = _fields[4].Set(target);
        native->Channel = _fields[5].Set(channel);
        native->Text = _fields[6].Set(text);
        native->TimeMs = e.Time.ToUnixTimeMilliseconds();
        native->Own = own ? 1 : 0;
        return native;
    }

    /// <summary>The string whose UTF-8 the field at <paramref name="pointer"/> holds, or null when none does.</summary>
    public string? StringAt(byte* pointer)
    {
        for (var i = 0; i < _fields.Length; i++)
        {
            if (_fields[i].Holds(pointer) is { } text) return text;
        }
        return null;
    }

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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte* Set(string? text) => text is null ? null : ReferenceEquals(text, _last) ? _bytes : Encode(text);

        private byte* Encode(string text)
        {
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

        public readonly string? Holds(byte* pointer) => pointer == _bytes ? _last : null;

        public void Free()
        {
            NativeMemory.Free(_bytes);
            _bytes = null;
            _capacity = 0;
            _last = null;
        }
    }
}
