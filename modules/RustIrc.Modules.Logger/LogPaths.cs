using RustIrc.Sdk.Irc;
using RustIrc.Sdk.Ui;

namespace RustIrc.Modules.Logger;

/// <summary>What the logger knows of a buffer's network when it first logs a line of it.</summary>
/// <param name="IsServerBuffer">The buffer is a network's own (server) buffer, not a client buffer such as <c>status</c>.</param>
/// <param name="CaseMapping">How the network compares channel and nick names.</param>
internal readonly record struct BufferNetwork(bool IsServerBuffer, CaseMapping CaseMapping);

/// <summary>
/// The folder of each buffer's log: <c>LOGS/network/#channel</c> and <c>LOGS/network/nick</c> for
/// conversations, <c>LOGS/network/(server)</c> for a network's own buffer, <c>LOGS/(client)/name</c> for
/// the client's buffers (<c>status</c>). Names are folded to lower case as the network compares them
/// (<c>#Chan</c> and <c>#chan</c>, or <c>[a]</c> and <c>{a}</c> under rfc1459, are one channel and one
/// folder), then escaped by <see cref="LogFolderName"/>.
/// </summary>
internal static class LogPaths
{
    /// <summary>The folder of a network's own buffer.</summary>
    public const string ServerFolder = "(server)";

    /// <summary>The folder holding the client's buffers, which belong to no network.</summary>
    public const string ClientFolder = "(client)";

    /// <summary>The folder of <paramref name="buffer"/>'s log under <paramref name="root"/>.</summary>
    /// <exception cref="InvalidOperationException">The folder would not be inside the root (a bug in the escaping; never expected).</exception>
    public static string FolderOf(string root, string buffer, BufferNetwork network)
    {
        var (name, target) = BufferNames.Parse(buffer);
        var (first, second) = target is not null
            ? (NetworkFolder(name), LogFolderName.Escape(IrcCaseMapping.Fold(target, network.CaseMapping)))
            : network.IsServerBuffer
                ? (NetworkFolder(name), ServerFolder)
                : (ClientFolder, LogFolderName.Escape(name.ToLowerInvariant()));
        var fullRoot = Path.GetFullPath(root);
        var folder = Path.GetFullPath(Path.Combine(fullRoot, first, second));
        // The escaping keeps every name one component; this check is the second lock on the same door.
        if (Path.GetDirectoryName(Path.GetDirectoryName(folder)) != Path.TrimEndingDirectorySeparator(fullRoot))
        {
            throw new InvalidOperationException($"The log folder of buffer '{buffer}' would be outside {fullRoot}.");
        }
        return folder;
    }

    private static string NetworkFolder(string network) => LogFolderName.Escape(network.ToLowerInvariant());
}
