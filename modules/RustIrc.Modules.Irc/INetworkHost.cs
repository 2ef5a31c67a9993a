using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Services;

namespace RustIrc.Modules.Irc;

/// <summary>What a network needs from the module around it.</summary>
internal interface INetworkHost
{
    IEventBus Events { get; }

    IClientLoop Loop { get; }

    ILogger Logger { get; }

    IrcSettings Settings { get; }

    /// <summary>The people whose lines are not shown, and whose CTCP requests are not answered.</summary>
    IgnoreList Ignores { get; }

    /// <summary>The host's IRC transport, when it provides one (a test harness); null means plain TCP.</summary>
    IIrcTransport? Transport { get; }

    /// <summary>Prints a line about the network (connection progress, errors) in its server buffer.</summary>
    void Status(string network, string text, LineKind kind = LineKind.Info);
}
