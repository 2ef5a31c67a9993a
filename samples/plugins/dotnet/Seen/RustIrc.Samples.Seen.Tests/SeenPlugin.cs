using System.Reflection;
using RustIrc.Sdk.Testing;

namespace RustIrc.Samples.Seen.Tests;

/// <summary>Starts the client with the seen plugin from its build folder.</summary>
internal static class SeenPlugin
{
    public const string Room = "#room";

    private static readonly string Artifacts = typeof(SeenPlugin).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RustIrcArtifacts").Value!;

    /// <summary>artifacts/&lt;cfg&gt;/samples/seen: module.json and the plugin's assembly.</summary>
    public static string Folder => Path.Combine(Artifacts, "samples", "seen");

    public static string RoomBuffer => PluginTestHost.BufferOf(Room);

    /// <summary>Starts the client with the plugin, in <see cref="Room"/> with alice and bob.</summary>
    public static async Task<PluginTestHost> StartAsync(PluginTestOptions? options = null)
    {
        var host = await PluginTestHost.StartAsync((options ?? new PluginTestOptions()) with { PluginFolders = [Folder] });
        await host.Server.ForceJoinAsync(Room, "alice", "bob");
        await host.SyncAsync();
        return host;
    }

    /// <summary>Settings of the plugin: <c>("maxNicks", "2")</c> becomes <c>modules:seen:maxNicks</c>.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => "modules:seen:" + s.Key, s => (string?)s.Value);

    /// <summary>The answer of <c>/seen NICK</c> typed in the channel's buffer, once the server's lines so far were handled.</summary>
    public static async Task<string> SeenAsync(this PluginTestHost host, string nick)
    {
        await host.SyncAsync();
        var result = await host.RunAsync("/seen " + nick, RoomBuffer);
        return result.Text;
    }
}
