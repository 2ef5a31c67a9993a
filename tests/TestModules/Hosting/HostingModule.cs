using System.Composition;
using RustIrc.Sdk;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;

namespace RustIrc.TestModules.Hosting;

/// <summary>
/// Runs an extension of its own, <c>test:guest</c> (holding only <c>ui_modification</c>), as a script
/// engine runs a script. The guest registers through its own facades: <c>/guest-ping</c> replies
/// <c>guest pong</c>, an <see cref="InputEvent"/> with the text <c>guest-probe</c> is eaten, and a timer
/// counts every 20 ms (<c>/hosting-guest-ticks</c> says how far); the text <c>guest-throw</c> makes its
/// handler throw, and <c>/hosting-guest-fault</c> says why the kernel stopped it. <c>/hosting-end-guest</c> ends the guest; <c>/hosting-guest-denial</c> replies what subscribing
/// the guest to IRC messages (which needs <c>irc.read</c>) was refused with.
/// </summary>
[Export(typeof(IModule))]
public sealed class HostingModule : ModuleBase
{
    private IHostedExtension? _guest;
    private string _denial = "not refused";
    private string _faulted = "not faulted";
    private int _ticks;
    private bool _ended;

    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _guest = Context.HostExtension(new ExtensionId("test", "guest"), new PermissionSet([new Permission(WellKnownPermissions.UiModification)]));
        _guest.Commands.Register(new CommandDefinition
        {
            Name = "guest-ping",
            Usage = "/guest-ping",
            Help = "Replies guest pong.",
            Handler = invocation =>
            {
                invocation.Reply("guest pong");
                return ValueTask.CompletedTask;
            },
        });
        _guest.Events.Subscribe<InputEvent>(e => e.Text switch
        {
            "guest-probe" => EventResult.Eat,
            "guest-throw" => throw new InvalidOperationException("the guest tripped"),
            _ => EventResult.Continue,
        });
        _guest.Faulted = reason => _faulted = reason;
        _guest.Loop.Schedule(TimeSpan.FromMilliseconds(20), () => Interlocked.Increment(ref _ticks), TimeSpan.FromMilliseconds(20));
        try
        {
            _guest.Events.Subscribe<MessageEvent>(_ => EventResult.Continue);
        }
        catch (PermissionDeniedException ex)
        {
            _denial = ex.Message;
        }
        // Its guest is listed in the extension catalog beside the modules, and can be ended from there.
        Context.Services.Find<IExtensionCatalog>()?.AddSource(new GuestSource(this));
        Context.Commands.Register(new CommandDefinition
        {
            Name = "hosting-end-guest",
            Usage = "/hosting-end-guest",
            Help = "Ends the hosted extension.",
            Handler = invocation =>
            {
                _guest?.Dispose();
                invocation.Reply("guest ended");
                return ValueTask.CompletedTask;
            },
        });
        Context.Commands.Register(new CommandDefinition
        {
            Name = "hosting-guest-ticks",
            Usage = "/hosting-guest-ticks",
            Help = "Says how often the guest's timer ran.",
            Handler = invocation =>
            {
                invocation.Reply(Volatile.Read(ref _ticks).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return ValueTask.CompletedTask;
            },
        });
        Context.Commands.Register(new CommandDefinition
        {
            Name = "hosting-guest-fault",
            Usage = "/hosting-guest-fault",
            Help = "Says why the kernel stopped the guest.",
            Handler = invocation =>
            {
                invocation.Reply(_faulted);
                return ValueTask.CompletedTask;
            },
        });
        Context.Commands.Register(new CommandDefinition
        {
            Name = "hosting-guest-denial",
            Usage = "/hosting-guest-denial",
            Help = "Says what subscribing the guest to messages was refused with.",
            Handler = invocation =>
            {
                invocation.Reply(_denial);
                return ValueTask.CompletedTask;
            },
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>The guest as the catalog shows it: kind <c>test</c>, running until it is ended.</summary>
    private sealed class GuestSource(HostingModule module) : IExtensionSource
    {
        public string Kind => "test";

        public IReadOnlyList<ExtensionInfo> List() =>
        [
            new ExtensionInfo
            {
                Id = new ExtensionId("test", "guest"),
                Version = "0.1",
                State = module._ended ? "unloaded" : "running",
                Source = "(the hosting fixture)",
                Granted = module._guest?.Permissions ?? PermissionSet.Empty,
            },
        ];

        public ValueTask<string> ActAsync(string name, ExtensionAction action, Permission? permission)
        {
            if (name != "guest" || action != ExtensionAction.Unload) throw new ArgumentException($"the hosting fixture can only unload its guest, not {action} {name}");
            module._guest?.Dispose();
            module._ended = true;
            return ValueTask.FromResult("guest ended");
        }
    }
}
