using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Ui;

namespace RustIrc.Samples.Seen;

/// <summary>
/// <c>!seen NICK</c> said in a channel is answered in that channel. Without permission irc.send the answer
/// is shown to the user only, with one note (the first time) saying how to grant it.
/// </summary>
internal sealed class SeenTrigger(IModuleContext context, NetworkRules rules, Func<string, string, string> answer)
{
    private const string Trigger = "!seen ";
    private static readonly Permission IrcSend = new(WellKnownPermissions.IrcSend);

    private bool _noted;

    public void Subscribe(IEventBus events) => events.Subscribe<MessageEvent>(e =>
    {
        if (e.IsOwn || !e.Text.StartsWith(Trigger, StringComparison.OrdinalIgnoreCase) || !rules.IsChannel(e.Network, e.Target)) return EventResult.Continue;
        var nick = e.Text[Trigger.Length..].Trim().Split(' ')[0];
        if (nick.Length > 0) Answer(e.Network, e.Target, answer(e.Network, nick));
        return EventResult.Continue;
    });

    private void Answer(string network, string channel, string text)
    {
        // Asking first keeps a missing grant out of the refusal log; the catch covers a revoke in between.
        if (context.Permissions.Allows(IrcSend))
        {
            try
            {
                context.Services.Get<IIrcService>().SendMessage(network, channel, text);
                return;
            }
            catch (PermissionDeniedException)
            {
            }
        }
        var ui = context.Services.Get<IUiModel>();
        var buffer = BufferNames.Target(network, channel);
        ui.Print(buffer, "seen: " + text);
        if (_noted) return;
        _noted = true;
        ui.Print(buffer, $"seen: answers to !seen are shown only here: answering in channels needs permission irc.send; grant it with /module grant {context.Id.Name} irc.send");
    }
}
