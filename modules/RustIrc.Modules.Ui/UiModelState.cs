using System.Text.Json;
using System.Text.Json.Nodes;
using RustIrc.Sdk.Events;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Ui;

/// <summary>
/// The buffers, their scrollback and the current buffer as JSON, handed from one build of the ui module
/// to the next (<c>/module reload ui</c>), so that a reload loses no line.
/// </summary>
internal static class UiModelState
{
    public static string Save(UiModel model)
    {
        var buffers = new JsonArray();
        foreach (var buffer in model.Buffers())
        {
            var lines = new JsonArray();
            foreach (var line in model.Lines(buffer.Name, buffer.LineCount))
            {
                lines.Add(new JsonObject { ["time"] = line.Time, ["text"] = line.Text, ["kind"] = line.Kind.ToString() });
            }
            buffers.Add(new JsonObject { ["name"] = buffer.Name, ["network"] = buffer.Network, ["activity"] = buffer.Activity.ToString(), ["lines"] = lines });
        }
        return new JsonObject { ["current"] = model.CurrentBuffer, ["buffers"] = buffers }.ToJsonString();
    }

    public static void Restore(UiModel model, string state)
    {
        var root = JsonNode.Parse(state) ?? throw new JsonException("the saved ui state is empty");
        foreach (var buffer in root["buffers"]?.AsArray() ?? [])
        {
            if (buffer?["name"]?.GetValue<string>() is not { Length: > 0 } name) continue;
            var lines = (buffer["lines"]?.AsArray() ?? []).OfType<JsonNode>().Select(l => new BufferLine(
                l["time"]!.GetValue<DateTimeOffset>(), l["text"]!.GetValue<string>(), Enum.Parse<LineKind>(l["kind"]!.GetValue<string>())));
            var activity = Enum.TryParse<Activity>(buffer["activity"]?.GetValue<string>(), out var a) ? a : Activity.None;
            model.Restore(name, buffer["network"]?.GetValue<string>(), activity, lines);
        }
        if (root["current"]?.GetValue<string>() is { Length: > 0 } current) model.SwitchTo(current);
    }
}
