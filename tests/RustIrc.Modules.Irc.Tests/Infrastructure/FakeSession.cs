namespace RustIrc.Modules.Irc.Tests.Infrastructure;

/// <summary>
/// Where most tests here start: a fresh <see cref="FakeIrcServer"/> and an <see cref="IrcClient"/>
/// registered on it as <c>tester</c>. Disposing stops the client first (it says QUIT), then the server.
/// </summary>
internal sealed class FakeSession : IAsyncDisposable
{
    private FakeSession(FakeIrcServer server, IrcClient client)
    {
        Server = server;
        Client = client;
    }

    public FakeIrcServer Server { get; }

    public IrcClient Client { get; }

    public static async Task<FakeSession> StartAsync(FakeServerOptions? options = null)
    {
        var server = FakeIrcServer.Start(options);
        IrcClient? client = null;
        try
        {
            client = await IrcClient.StartAsync();
            await client.ConnectAsync(server);
            return new FakeSession(server, client);
        }
        catch
        {
            if (client is not null) await client.DisposeAsync();
            await server.DisposeAsync();
            throw;
        }
    }

    public void Deconstruct(out FakeIrcServer server, out IrcClient client) => (server, client) = (Server, Client);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
