using System.Composition;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;

namespace RustIrcPlugin;

/// <summary>
/// The plugin: someone saying <c>!hello</c> in a channel gets a greeting, and
/// <c>/rustirc-plugin-id</c> says what the plugin does. The greeting is a setting:
/// <c>"modules": { "rustirc-plugin-id": { "greeting": "Hi" } }</c> in config.json.
/// </summary>
[Export(typeof(IModule))]
public sealed class RustIrcPluginModule : ModuleBase
{
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var greeting = Context.Settings["greeting"] ?? "Hello";

        // Everything registered through Context is removed by the client when the plugin unloads.
        Context.Events.Subscribe<MessageEvent>(message =>
        {
            if (!message.IsOwn && message.Text == "!hello" && message.Target.StartsWith('#'))
            {
                // irc.send is checked here, at the service boundary; module.json asks for it.
                Context.Services.Get<IIrcService>().SendMessage(message.Network, message.Target, $"{greeting}, {message.Nick}!");
            }
            return EventResult.Continue;
        });

        Context.Commands.Register(new CommandDefinition
        {
            Name = "rustirc-plugin-id",
            Usage = "/rustirc-plugin-id",
            Help = "Says what the rustirc-plugin-id plugin does.",
            Handler = invocation =>
            {
                invocation.Reply($"rustirc-plugin-id answers !hello with \"{greeting}, <nick>!\"");
                return ValueTask.CompletedTask;
            },
        });
        return ValueTask.CompletedTask;
    }
}
