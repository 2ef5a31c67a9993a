using RustIrc.Modules.Irc;
using RustIrc.Sdk.Irc;

namespace RustIrc.Fuzz.Targets;

/// <summary>
/// Whole lines through a registering network's dispatch, as the connection hands them over: CAP LS/ACK/NEW/DEL,
/// SASL, ISUPPORT, NAMES, MODE, WHOIS numerics, CTCP and the rest, with the session's state carried from
/// line to line, and the events they make formatted by the module's printer. Dispatch is called directly,
/// so what <c>Receive</c>'s last-resort catch would hide counts.
/// </summary>
internal sealed class DispatchTarget : FuzzTarget
{
    /// <summary>Lines per session: long enough for state to build up, short enough to bound what it holds.</summary>
    private const int LinesPerSession = 4096;

    private readonly DetachedNetworkHost _host = new();
    private IrcNetwork? _network;
    private int _lines;

    public override string Name => "dispatch";

    public override string CorpusFolder => "irc";

    public override void Run(byte[] input)
    {
        if (IrcLineView.TryParse(input, out var view) != IrcParseError.None) return;
        var message = view.ToMessage();
        if (_network is null || _lines++ % LinesPerSession == 0) _network = NewSession();
        _network.Dispatch(message);
    }

    public override void Dispose() => Close();

    private IrcNetwork NewSession()
    {
        Close();
        var service = new IrcService(_host);
        _ = new BufferPrinter(_host, _host, service, _host.Ignores);
        var name = service.Connect(new IrcNetworkOptions
        {
            Name = "fuzz",
            Host = "irc.example.net",
            Nick = "me",
            AlternativeNicks = ["me_"],
            SaslMechanism = "PLAIN",
            SaslUser = "me",
            SaslPassword = "secret",
            Reconnect = false,
            FloodRate = 0,
        });
        var network = service.Find(name)!;
        // The connection opens synchronously over the sink; this only guards against that changing.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (network.ConnectionState != IrcConnectionState.Registering)
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("The network under test did not start registering within 10 s.");
            Thread.Sleep(1);
        }
        return network;
    }

    private void Close()
    {
        _network?.DisconnectAsync(null, quietly: true).GetAwaiter().GetResult();
        _network = null;
        _host.Clear();
    }
}
