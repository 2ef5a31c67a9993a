namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>
/// A real IRC server the tests start on 127.0.0.1 (InspIRCd, ngIRCd): what the shared test suites need
/// to connect to it, take it down and bring it back, and explain a failure.
/// </summary>
public interface IIrcTestServer
{
    /// <summary>The plain-text client port.</summary>
    int Port { get; }

    /// <summary>The NETWORK name the server announces in ISUPPORT.</summary>
    string NetworkName { get; }

    /// <summary>
    /// What the server puts before a user name it could not confirm with ident: "" or "~". The tests never
    /// run identd, so a user registered as <c>peer1</c> shows as <c>IdentPrefix + "peer1"</c>.
    /// </summary>
    string IdentPrefix { get; }

    /// <summary>Starts the server again on the same port after <see cref="StopAsync"/>; returns once it accepts connections.</summary>
    Task StartAsync();

    /// <summary>Kills the server; connected clients see their connection drop.</summary>
    Task StopAsync();

    /// <summary>The server's console output and log, for failure messages.</summary>
    string Diagnostics();
}
