using System.Composition;
using Microsoft.Extensions.Logging;
using RustIrc.Sdk.Commands;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Modules;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Ui;

namespace RustIrc.TestModules.Good;

/// <summary>
/// Registers one of everything a module can own, each with an effect a test can see from outside:
/// <c>/good-ping</c> replies <c>pong</c>; an <see cref="InputEvent"/> with the text <c>good-probe</c> is
/// eaten; the display line <c>good-modify</c> is rewritten; <see cref="IUiModel"/> and its own
/// <see cref="IGoodCounter"/> are provided; and
/// <c>/good-write PATH TEXT</c> writes a file through the permission-checked <see cref="IFileAccess"/>.
/// </summary>
[Export(typeof(IModule))]
public sealed class GoodModule : ModuleBase
{
    public const string Probe = "good-probe";

    protected override ValueTask OnStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        Context.Commands.Register(new CommandDefinition
        {
            Name = "good-ping",
            Usage = "/good-ping",
            Help = "Replies pong.",
            Handler = invocation =>
            {
                invocation.Reply("pong");
                return ValueTask.CompletedTask;
            },
        });
        Context.Commands.Register(new CommandDefinition
        {
            Name = "good-write",
            Usage = "/good-write PATH TEXT",
            Help = "Writes TEXT to the file PATH; needs file_write for PATH.",
            Handler = WriteAsync,
        });
        Context.Events.Subscribe<InputEvent>(e => e.Text == Probe ? EventResult.Eat : EventResult.Continue);
        Context.Events.AddModifier(ModifierKind.Display, (_, _, text) => text == "good-modify" ? "modified by good" : text);
        Context.Loop.Schedule(TimeSpan.FromHours(1), () => Context.Logger.LogInformation("good: hourly tick"), TimeSpan.FromHours(1));
        Context.Services.Provide<IUiModel>(new GoodUiModel());
        Context.Services.Provide<IGoodCounter>(new GoodCounter());
        return ValueTask.CompletedTask;
    }

    private async ValueTask WriteAsync(CommandInvocation invocation)
    {
        if (invocation.Arguments.Count < 2)
        {
            invocation.Error("Usage: /good-write PATH TEXT");
            return;
        }
        var path = invocation.Arguments[0];
        var files = Context.Services.Get<IFileAccess>();
        files.WriteAllText(path, invocation.ArgumentText[(path.Length + 1)..]);
        await Task.Yield(); // an await in a command, so the unload tests cover async state machines too
        invocation.Reply($"wrote {path}");
    }
}
