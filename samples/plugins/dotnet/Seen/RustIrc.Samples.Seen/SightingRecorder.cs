using RustIrc.Sdk.Events;

namespace RustIrc.Samples.Seen;

/// <summary>Turns what happens on IRC into sightings: channel messages and actions, joins, parts, quits, nick changes.</summary>
internal sealed class SightingRecorder(SeenBook book, NetworkRules rules)
{
    public void Subscribe(IEventBus events)
    {
        events.Subscribe<MessageEvent>(e =>
        {
            // Private messages stay private: only what was said in a channel is remembered.
            if (!e.IsOwn && rules.IsChannel(e.Network, e.Target)) Record(e, SightingKind.Message, e.Target, e.Text);
            return EventResult.Continue;
        });
        events.Subscribe<ActionEvent>(e =>
        {
            if (!e.IsOwn && rules.IsChannel(e.Network, e.Target)) Record(e, SightingKind.Action, e.Target, e.Text);
            return EventResult.Continue;
        });
        events.Subscribe<JoinEvent>(e => Record(e, SightingKind.Join, e.Channel, null));
        events.Subscribe<PartEvent>(e => Record(e, SightingKind.Part, e.Channel, e.Reason));
        events.Subscribe<QuitEvent>(e => Record(e, SightingKind.Quit, null, e.Reason));
        events.Subscribe<NickChangeEvent>(e =>
        {
            Record(e, SightingKind.NickTo, null, e.NewNick);
            Record(e with { Nick = e.NewNick }, SightingKind.NickFrom, null, e.Nick);
            return EventResult.Continue;
        });
        events.Subscribe<NumericEvent>(e =>
        {
            if (e.Code == 5) rules.Forget(e.Network); // ISUPPORT: CASEMAPPING or CHANTYPES may have changed
            return EventResult.Continue;
        });
    }

    private EventResult Record(IrcEvent e, SightingKind kind, string? channel, string? text)
    {
        if (e.Nick is { Length: > 0 } nick)
        {
            book.Record(new Sighting(e.Network, nick, e.Time, kind, channel, string.IsNullOrEmpty(text) ? null : text), rules.MappingOf(e.Network));
        }
        return EventResult.Continue;
    }
}
