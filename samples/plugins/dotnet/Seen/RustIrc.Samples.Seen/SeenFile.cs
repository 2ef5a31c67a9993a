using RustIrc.Sdk;

namespace RustIrc.Samples.Seen;

/// <summary>
/// The book on disk, <c>seen.json</c> in the plugin's data folder: loaded at start, written atomically
/// (a reader sees the old file or the new one) when the book changed. An unreadable file is moved aside,
/// never overwritten, and the problem reported once.
/// </summary>
internal sealed class SeenFile(string path, SeenBook book, Action<string> report)
{
    private long _savedVersion;
    private bool _failing;
    private bool _keepOff; // the file is there but could not be read or moved: never write over it

    public string Path { get; } = path;

    public void Load()
    {
        try
        {
            if (!File.Exists(Path)) return;
            SeenJson.Read(File.ReadAllText(Path), book);
            _savedVersion = book.Version;
        }
        catch (InvalidDataException ex)
        {
            MoveAside(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _keepOff = true;
            report($"seen: {Path} could not be read ({ex.Message}); seen starts with no sightings and leaves the file alone until the client restarts.");
        }
    }

    private void MoveAside(string problem)
    {
        var aside = $"{Path}.corrupt-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        try
        {
            File.Move(Path, aside, overwrite: true);
            report($"seen: {Path} could not be read ({problem}); it was moved to {aside} and seen starts with no sightings.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _keepOff = true;
            report($"seen: {Path} could not be read ({problem}) nor moved aside ({ex.Message}); seen starts with no sightings and leaves the file alone until the client restarts.");
        }
    }

    /// <summary>Writes the book when it changed since the last write; a failure is reported once, until a write succeeds.</summary>
    public void SaveIfChanged()
    {
        var version = book.Version;
        if (version == _savedVersion || _keepOff) return;
        try
        {
            // Written on the loop: even 10,000 sightings are about a megabyte, a few milliseconds.
            AtomicFile.WriteAllText(Path, SeenJson.Write(book));
            _savedVersion = version;
            _failing = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_failing) report($"seen: could not save {Path} ({ex.Message}); sightings are kept in memory and saving is tried again.");
            _failing = true;
        }
    }
}
