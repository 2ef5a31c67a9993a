using System.Text;

namespace RustIrc.Sdk;

/// <summary>Writes a file so readers see either the old or the new contents, never a half-written one.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> to a temporary file beside <paramref name="path"/>, then renames it over.</summary>
    public static void WriteAllText(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, contents, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
