using System.Globalization;
using System.Text;

namespace RustIrc.Modules.Scripting.Tests.Infrastructure;

/// <summary>Writes .NET values into Lua source.</summary>
internal static class LuaSource
{
    /// <summary><paramref name="text"/> as a Lua string literal (double quotes, escapes for anything unusual).</summary>
    public static string Quote(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in Encoding.UTF8.GetBytes(text))
        {
            literal.Append(c switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                < 32 or >= 127 => "\\" + c.ToString("000", CultureInfo.InvariantCulture),
                _ => ((char)c).ToString(),
            });
        }
        return literal.Append('"').ToString();
    }

    /// <summary>A number as Lua reads it.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
