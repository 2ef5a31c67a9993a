namespace RustIrc.Modules.Scripting;

/// <summary>Which file names make script names: a script's name names its data folder, so it must be safe as a path.</summary>
/// <remarks>
/// Threat: names from file names such as <c>.lua</c>, <c>..lua</c> and <c>...lua</c> give the names
/// "", "." and "..", whose data folders are the engine's own folder or its parent (two scripts sharing one
/// storage file, or one writing into the modules' data). Names are letters, digits, <c>_</c>, <c>-</c> and
/// <c>.</c> (not first), at most 128 characters.
/// </remarks>
internal static class ScriptNames
{
    public const int MaxLength = 128;

    /// <summary>Why <paramref name="name"/> (of <paramref name="fileName"/>) cannot be a script's name, or null when it can.</summary>
    public static string? Problem(string name, string fileName)
    {
        var safe = name.Length is > 0 and <= MaxLength
            && name[0] != '.'
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
        return safe
            ? null
            : $"'{fileName}' cannot be loaded: a script's file name may use only letters, digits, '_', '-' and '.' (not first), " +
              $"at most {MaxLength} of them, before its extension; rename the file";
    }
}
