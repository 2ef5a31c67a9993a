using Microsoft.Extensions.Logging.Abstractions;
using RustIrc.Kernel.Events;
using RustIrc.Kernel.Hosting;
using RustIrc.Sdk;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Tests;

/// <summary>
/// Events are guarded like services: IRC events need irc.read, and logins (a SASL payload, a server or
/// operator password, IDENTIFY said to NickServ) reach an extension without irc.credentials masked, in
/// events, observers and raw-line modifiers alike.
/// </summary>
public sealed class EventGuardTests
{
    private readonly EventBus _bus = new(new LoggingFaultReporter(NullLogger.Instance));

    private static Extension Holding(params string[] permissions) => new(ExtensionId.Module("probe"), PermissionSet.Parse(permissions));

    public static TheoryData<string, string> Logins => new()
    {
        { "AUTHENTICATE dXNlcgB1c2VyAGh1bnRlcjI=", "AUTHENTICATE ********" },
        { "PASS hunter2", "PASS ********" },
        { "OPER admin hunter2", "OPER admin ********" },
        { "PRIVMSG NickServ :IDENTIFY hunter2", "PRIVMSG NickServ :IDENTIFY ********" },
        { "@label=1 PRIVMSG nickserv :identify me hunter2", "@label=1 PRIVMSG nickserv :identify ********" },
        { ":me!u@h PRIVMSG NickServ@services.example :REGISTER hunter2 me@example.org", ":me!u@h PRIVMSG NickServ@services.example :REGISTER ********" },
        { "PRIVMSG Q@CServe.quakenet.org :AUTH me hunter2", "PRIVMSG Q@CServe.quakenet.org :AUTH ********" },
        { "PRIVMSG NickServ :SET PASSWORD hunter2", "PRIVMSG NickServ :SET PASSWORD ********" },
        { "NICKSERV IDENTIFY hunter2", "NICKSERV IDENTIFY ********" },
        { "PRIVMSG NS@services.example :id hunter2", "PRIVMSG NS@services.example :id ********" },
        { "NOTICE AuthServ :login me hunter2", "NOTICE AuthServ :login ********" },
    };

    [Theory]
    [InlineData("PRIVMSG #rustirc :IDENTIFY is a word")]
    [InlineData("AUTHENTICATE PLAIN")]
    [InlineData("AUTHENTICATE +")]
    [InlineData("PRIVMSG NickServ :INFO alice")]
    [InlineData(":server 001 me :Welcome")]
    [InlineData("PRIVMSG NickServx :IDENTIFY hunter2")]
    [InlineData("PRIVMSG NickServ.example :IDENTIFY hunter2")]
    [InlineData("PRIVMSG #nickserv :IDENTIFY is a word")]
    [InlineData("PRIVMSG ns :hello there")]
    public void RedactLine_NoLogin_Null(string line) => Assert.Null(IrcCredentials.RedactLine(line));

    [Fact]
    public void Subscribe_IrcEventWithoutIrcRead_DeniedNamingTheGrant()
    {
        using var probe = Holding(WellKnownPermissions.UiModification);
        var events = new OwnedEventBus(_bus, probe);

        var denied = Assert.Throws<PermissionDeniedException>(() => events.Subscribe<MessageEvent>(_ => EventResult.Continue));

        Assert.Equal(WellKnownPermissions.IrcRead, denied.Permission.Name);
        Assert.Contains("grant it with /module grant probe irc.read", denied.Message);
        Assert.NotNull(events.Subscribe<InputEvent>(_ => EventResult.Continue)); // a client event needs nothing
    }

    [Theory]
    [InlineData(ModifierKind.IncomingRaw, WellKnownPermissions.IrcRead)]
    [InlineData(ModifierKind.OutgoingRaw, WellKnownPermissions.IrcSend)]
    [InlineData(ModifierKind.Display, WellKnownPermissions.UiModification)]
    public void AddModifier_WithoutItsPermission_Denied(ModifierKind kind, string permission)
    {
        using var probe = Holding([.. WellKnownPermissions.All.Where(p => p != permission && !WellKnownPermissions.IsScoped(p))]);

        var denied = Assert.Throws<PermissionDeniedException>(() => new OwnedEventBus(_bus, probe).AddModifier(kind, (_, _, t) => t));

        Assert.Equal(permission, denied.Permission.Name);
    }

    [Fact]
    public void Observe_WithoutIrcRead_SeesClientEventsButNoIrcEvent()
    {
        using var probe = Holding(WellKnownPermissions.UiModification);
        var seen = new List<RustIrcEvent>();
        new OwnedEventBus(_bus, probe).Observe(seen.Add);

        _bus.Publish(new MessageEvent { Network = "net", Target = "#c", Text = "private" });
        _bus.Publish(new TabSwitchEvent { To = "#c" });

        Assert.IsType<TabSwitchEvent>(Assert.Single(seen));
    }

    [Fact]
    public void Publish_IrcReadRevokedAfterSubscribing_StopsDeliveringAtOnce()
    {
        using var probe = Holding(WellKnownPermissions.IrcRead);
        var seen = 0;
        new OwnedEventBus(_bus, probe).Subscribe<MessageEvent>(_ => { seen++; return EventResult.Continue; });
        _bus.Publish(new MessageEvent { Network = "net", Target = "#c", Text = "one" });

        probe.Permissions = PermissionSet.Empty;
        _bus.Publish(new MessageEvent { Network = "net", Target = "#c", Text = "two" });

        Assert.Equal(1, seen);
    }

    [Theory]
    [MemberData(nameof(Logins))]
    public void RawLine_WithALogin_ReachesIrcReadMaskedAndIrcCredentialsAsItIs(string line, string masked)
    {
        using var reader = Holding(WellKnownPermissions.IrcRead);
        using var trusted = Holding(WellKnownPermissions.IrcRead, WellKnownPermissions.IrcCredentials);
        var read = new List<string>();
        var trustedRead = new List<string>();
        var observed = new List<string>();
        new OwnedEventBus(_bus, reader).Subscribe<RawLineEvent>(e => { read.Add(e.Line); return EventResult.Continue; });
        new OwnedEventBus(_bus, trusted).Subscribe<RawLineEvent>(e => { trustedRead.Add(e.Line); return EventResult.Continue; });
        new OwnedEventBus(_bus, reader).Observe(e => observed.Add(((RawLineEvent)e).Line));

        _bus.Publish(IrcCredentials.WithLoginMasked(new RawLineEvent { Network = "net", Line = line, Outgoing = true }));

        Assert.Equal([masked], read);
        Assert.Equal([masked], observed);
        Assert.Equal([line], trustedRead);
        Assert.DoesNotContain("hunter2", masked);
    }

    [Fact]
    public void OwnMessageToNickServ_ReachesIrcReadMasked()
    {
        using var reader = Holding(WellKnownPermissions.IrcRead);
        var texts = new List<string>();
        new OwnedEventBus(_bus, reader).Subscribe<MessageEvent>(e => { texts.Add(e.Text); return EventResult.Continue; });

        _bus.Publish(IrcCredentials.WithLoginMasked(new MessageEvent { Network = "net", Target = "NickServ", Text = "IDENTIFY alice hunter2", IsOwn = true }));
        _bus.Publish(IrcCredentials.WithLoginMasked(new MessageEvent { Network = "net", Target = "#c", Text = "IDENTIFY is just a word here" }));

        Assert.Equal(["IDENTIFY ********", "IDENTIFY is just a word here"], texts);
    }

    [Fact]
    public void TypedCommand_WithALogin_ReachesEveryoneWithoutCredentialsMasked()
    {
        using var ui = Holding(WellKnownPermissions.UiModification);
        var seen = new List<string>();
        new OwnedEventBus(_bus, ui).Subscribe<CommandEvent>(e => { seen.Add($"/{e.Name} {e.Arguments}"); return EventResult.Continue; });

        _bus.Publish(IrcCredentials.WithLoginMasked(new CommandEvent { Name = "msg", Arguments = "NickServ IDENTIFY hunter2" }));
        _bus.Publish(IrcCredentials.WithLoginMasked(new CommandEvent { Name = "quote", Arguments = "PASS hunter2" }));
        _bus.Publish(IrcCredentials.WithLoginMasked(new CommandEvent { Name = "ns", Arguments = "identify hunter2" }));
        _bus.Publish(IrcCredentials.WithLoginMasked(new CommandEvent { Name = "join", Arguments = "#rustirc" }));

        Assert.Equal(["/msg NickServ IDENTIFY ********", "/quote PASS ********", "/ns identify ********", "/join #rustirc"], seen);
    }

    [Fact]
    public void RawModifier_OfAnExtensionWithoutCredentials_NeverSeesOrChangesALogin()
    {
        using var reader = Holding(WellKnownPermissions.IrcRead, WellKnownPermissions.IrcSend);
        var seen = new List<string>();
        new OwnedEventBus(_bus, reader).AddModifier(ModifierKind.OutgoingRaw, (_, _, line) =>
        {
            seen.Add(line);
            return line + " changed";
        });

        var login = _bus.Modify(ModifierKind.OutgoingRaw, "net", "PASS hunter2");
        var other = _bus.Modify(ModifierKind.OutgoingRaw, "net", "JOIN #c");

        Assert.Equal("PASS hunter2", login);
        Assert.Equal("JOIN #c changed", other);
        Assert.Equal(["JOIN #c"], seen);
    }
}
