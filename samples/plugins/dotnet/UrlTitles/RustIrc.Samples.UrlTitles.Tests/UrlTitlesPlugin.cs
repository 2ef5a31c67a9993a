using System.Reflection;
using RustIrc.Sdk.Services;
using RustIrc.Sdk.Testing;

namespace RustIrc.Samples.UrlTitles.Tests;

/// <summary>Starts the client with the urltitles plugin from its build folder and a stand-in web.</summary>
internal static class UrlTitlesPlugin
{
    public const string Room = "#room";

    private static readonly string Artifacts = typeof(UrlTitlesPlugin).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RustIrcArtifacts").Value!;

    /// <summary>artifacts/&lt;cfg&gt;/samples/urltitles: module.json and the plugin's assembly.</summary>
    public static string Folder => Path.Combine(Artifacts, "samples", "urltitles");

    public static string RoomBuffer => PluginTestHost.BufferOf(Room);

    /// <summary>Starts the client with the plugin fetching from <paramref name="web"/>, in <see cref="Room"/> with alice.</summary>
    public static async Task<PluginTestHost> StartAsync(INetworkAccess web, PluginTestOptions? options = null)
    {
        var host = await PluginTestHost.StartAsync((options ?? new PluginTestOptions()) with { PluginFolders = [Folder], Web = web });
        await host.Server.ForceJoinAsync(Room, "alice");
        await host.SyncAsync();
        return host;
    }

    /// <summary>Settings of the plugin: <c>("maxPerMessage", "1")</c> becomes <c>modules:urltitles:maxPerMessage</c>.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => "modules:urltitles:" + s.Key, s => (string?)s.Value);

    /// <summary>A page whose head holds <paramref name="title"/> as it is (markup and entities included).</summary>
    public static string Page(string title) => $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>x</h1></body></html>";

    /// <summary>A link whose page <see cref="StandInWeb"/> always has, titled "marker".</summary>
    public const string MarkerLink = "http://marker.test/";

    /// <summary>
    /// Has alice post <see cref="MarkerLink"/> and waits for its title: the messages before it went through
    /// the plugin, so a test can then check that something did not happen.
    /// </summary>
    public static async Task SettleAsync(this PluginTestHost host)
    {
        var from = host.PrintedCount;
        await host.Server.PrivmsgAsync("alice", Room, MarkerLink);
        await host.WaitForTextAsync("title: marker", RoomBuffer, from);
    }

    /// <summary>The lines the plugin printed in <paramref name="buffer"/> (titles, failures, notes).</summary>
    public static string[] Shown(this PluginTestHost host, string buffer) =>
        host.Printed.Where(l => l.Buffer == buffer && (l.Text.StartsWith("title", StringComparison.Ordinal) || l.Text.StartsWith("urltitles:", StringComparison.Ordinal)))
            .Select(l => l.Text).ToArray();
}
