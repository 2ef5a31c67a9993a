using System.Composition;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.TestModules.Harnessed;

/// <summary>
/// Module <c>harnessed</c>: in a channel, <c>!ping</c> gets "pong to NICK" (the word is the
/// <c>reply</c> setting), <c>!fetch URL</c> prints what the URL returns, <c>!boom</c> throws;
/// <c>/harnessed TEXT</c> replies and prints TEXT in the status buffer.
/// </summary>
[Export(typeof(IModule))]
public sealed class HarnessedModule : ModuleBase
{
    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var reply = Context.Settings["reply"] ?? "pong";
        Context.Events.Subscribe<MessageEvent>(e =>
        {
            if (e.IsOwn || !e.Target.StartsWith('#')) return EventResult.Continue;
            var channel = e.Target;
            if (e.Text == "!ping") Context.Services.Get<IIrcService>().SendMessage(e.Network, channel, $"{reply} to {e.Nick}");
            if (e.Text == "!boom") throw new InvalidOperationException("boom from the plugin");
            if (e.Text.StartsWith("!fetch ", StringComparison.Ordinal)) _ = FetchAsync(e.Network, channel, e.Text["!fetch ".Length..]);
            return EventResult.Continue;
        });
        Context.Commands.Register(new CommandDefinition
        {
            Name = "harnessed",
            Usage = "/harnessed TEXT",
            Help = "Replies and prints TEXT.",
            Handler = invocation =>
            {
                Context.Services.Get<IUiModel>().Print(IUiModel.StatusBuffer, "printed: " + invocation.ArgumentText);
                invocation.Reply("harnessed: " + invocation.ArgumentText);
                return ValueTask.CompletedTask;
            },
        });
        return ValueTask.CompletedTask;
    }

    private async Task FetchAsync(string network, string channel, string url)
    {
        var ui = Context.Services.Get<IUiModel>();
        var buffer = BufferNames.Target(network, channel);
        try
        {
            var body = await Context.Services.Get<INetworkAccess>().GetStringAsync(new Uri(url));
            await Context.Loop.InvokeAsync(() => ui.Print(buffer, "fetched: " + body));
        }
        catch (PermissionDeniedException)
        {
            await Context.Loop.InvokeAsync(() => ui.Print(buffer, "not allowed to fetch " + url));
        }
    }
}
