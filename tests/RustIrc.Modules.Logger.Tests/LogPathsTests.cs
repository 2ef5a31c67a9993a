// Hostile channel, nick and network names against the folder a buffer's log goes in.
using System.Text;
using RustIrc.Sdk.Irc;

namespace RustIrc.Modules.Logger.Tests;

public sealed class LogPathsTests
{
    private const string Root = "/home/u/.local/share/rustirc/logs";
    private static readonly BufferNetwork Rfc1459 = new(false, CaseMapping.Rfc1459);

    public static TheoryData<string> HostileNames() =>
    [
        "#../../x", "..", ".", "../..", "#a/b", "/etc/passwd", "#a\\b", "\\..\\..\\x", "#nul\0byte", "#bell\a\x1B[2J",
        "#tab\there", "#new\nline", ".hidden", "#a b", "#%2E%2E", "%2F", "(server)", "(client)", "#\u202Eevil", "#\u0085c1",
        "#" + new string('x', 400), "#" + string.Concat(Enumerable.Repeat("é", 150)), "#" + string.Concat(Enumerable.Repeat("😀", 80)),
        "#lone\uD800half", "#con:star*?\"<>|",
    ];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Escape_HostileName_IsOneSafeComponentWithinTheFileSystemsLimit(string name)
    {
        var folder = LogFolderName.Escape(name);

        Assert.NotEqual(".", folder);
        Assert.NotEqual("..", folder);
        Assert.False(folder.StartsWith('.'), folder);
        Assert.DoesNotContain('/', folder);
        Assert.DoesNotContain('\\', folder);
        Assert.DoesNotContain(folder, c => c < ' ' || c is >= '\x7F' and <= '\x9F' or '\u202E');
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true); // a lone surrogate has no UTF-8 form: it would throw
        Assert.InRange(strict.GetByteCount(folder), 1, 255);
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void FolderOf_HostileChannelOrNetwork_StaysTwoLevelsUnderTheRoot(string name)
    {
        foreach (var buffer in new[] { "libera/" + name, name + "/#chan", name })
        {
            var folder = LogPaths.FolderOf(Root, buffer, Rfc1459);

            Assert.StartsWith(Root + "/", folder);
            Assert.Equal(Root, Path.GetDirectoryName(Path.GetDirectoryName(folder)));
        }
    }

    [Theory]
    [InlineData("#rustirc", "#rustirc")]
    [InlineData("#a/b", "#a%2Fb")]
    [InlineData("..", "%2E.")]
    [InlineData("#../../x", "#..%2F..%2Fx")]
    [InlineData("#100%", "#100%25")]
    [InlineData("#café", "#café")]
    [InlineData("(server)", "%28server%29")]
    [InlineData("", LogFolderName.Empty)]
    public void Escape_Name_IsReadableAndReversible(string name, string expected)
    {
        var folder = LogFolderName.Escape(name);

        Assert.Equal(expected, folder);
        if (name.Length > 0) Assert.Equal(name, Uri.UnescapeDataString(folder));
    }

    [Fact]
    public void Escape_TwoLongNamesWithTheSameStart_GetTwoFolders()
    {
        var start = "#" + new string('a', 300);

        var one = LogFolderName.Escape(start + "1");
        var two = LogFolderName.Escape(start + "2");

        Assert.NotEqual(one, two);
        Assert.True(Encoding.UTF8.GetByteCount(one) > LogFolderName.MaxBytes, "a shortened name must be longer than any name kept whole");
    }

    [Theory]
    [InlineData("libera/#RustIrc", "libera/#rustirc", CaseMapping.Ascii)]
    [InlineData("Libera/#chan", "libera/#CHAN", CaseMapping.Ascii)]
    [InlineData("libera/#[a]", "libera/#{a}", CaseMapping.Rfc1459)]
    [InlineData("libera/Nick~", "libera/nick^", CaseMapping.Rfc1459)]
    public void FolderOf_CaseVariantsUnderTheNetworksMapping_AreOneFolder(string one, string other, CaseMapping mapping)
    {
        var network = new BufferNetwork(false, mapping);

        Assert.Equal(LogPaths.FolderOf(Root, one, network), LogPaths.FolderOf(Root, other, network));
    }

    [Fact]
    public void FolderOf_BracketsUnderAscii_AreTwoChannels()
    {
        var ascii = new BufferNetwork(false, CaseMapping.Ascii);

        Assert.NotEqual(LogPaths.FolderOf(Root, "n/#[a]", ascii), LogPaths.FolderOf(Root, "n/#{a}", ascii));
    }

    [Theory]
    [InlineData("libera/#rustirc", false, Root + "/libera/#rustirc")]
    [InlineData("libera/ada", false, Root + "/libera/ada")]
    [InlineData("libera", true, Root + "/libera/(server)")]
    [InlineData("status", false, Root + "/(client)/status")]
    public void FolderOf_Buffer_IsNetworkThenBuffer(string buffer, bool isServer, string expected)
    {
        Assert.Equal(expected, LogPaths.FolderOf(Root, buffer, new BufferNetwork(isServer, CaseMapping.Rfc1459)));
    }
}
