using System.Buffers;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace RustIrc.Sdk.Irc;

/// <summary>
/// An IRC message held as text: tags, optional source, verb and parameters. Parsed messages come from
/// <see cref="Parse(string)"/> or <see cref="IrcLineView.ToMessage()"/>; built ones are turned into a line
/// with <see cref="Format"/>. Two messages are equal when all four parts are (tag order aside).
/// </summary>
public sealed class IrcMessage : IEquatable<IrcMessage>
{
    private readonly IReadOnlyDictionary<string, string> _tags = IrcTags.None;
    private readonly string[] _parameters;
    private IReadOnlyList<string>? _parameterList; // made on first use: the flood path reads parameters one by one

    /// <summary>Creates a message. Nothing is validated here; <see cref="Format"/> reports what cannot be sent.</summary>
    /// <param name="verb">The command or numeric, e.g. <c>PRIVMSG</c> or <c>001</c>.</param>
    /// <param name="parameters">The parameters in order; the last one may hold spaces. The list is copied.</param>
    public IrcMessage(string verb, params IReadOnlyList<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(verb);
        ArgumentNullException.ThrowIfNull(parameters);
        var copy = new string[parameters.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = parameters[i] ?? throw new ArgumentNullException(nameof(parameters), $"Parameter {i} of the {verb} message is null.");
        }

        Verb = verb;
        _parameters = copy;
    }

    /// <summary>A message over the parser's own array, which it hands over (<paramref name="owned"/>) instead of having it copied.</summary>
    internal IrcMessage(string verb, string[] parameters, bool owned)
    {
        _ = owned;
        Verb = verb;
        _parameters = parameters;
    }

    /// <summary>
    /// The IRCv3 tags, unescaped. A tag sent without a value maps to an empty string. Never null: setting
    /// null leaves it empty. <see cref="Format"/> writes them in this dictionary's enumeration order, which
    /// for parsed messages is the order on the wire.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tags
    {
        get => _tags;
        init => _tags = value ?? IrcTags.None;
    }

    /// <summary>Who sent the message (<c>nick!user@host</c> or a server name), without the <c>:</c>; null when absent.</summary>
    public string? Source { get; init; }

    /// <summary>The command or three-digit numeric, in the case it was sent or given.</summary>
    public string Verb { get; }

    /// <summary>The parameters in order; the trailing one is an ordinary entry, without its <c>:</c>.</summary>
    public IReadOnlyList<string> Parameters => _parameterList ??= new ReadOnlyCollection<string>(_parameters);

    /// <summary>How many parameters there are: <see cref="Parameters"/>.Count, without making the list.</summary>
    public int ParameterCount => _parameters.Length;

    /// <summary>The parameter at <paramref name="index"/>: <see cref="Parameters"/>[index], without making the list (a reader of every line uses these).</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is not below <see cref="ParameterCount"/>.</exception>
    public string Parameter(int index) => _parameters[index];

    /// <summary>Parses one line of text (without CR LF). Byte limits are measured on its UTF-8 form.</summary>
    /// <exception cref="IrcFormatException">The line breaks an IRC rule; <see cref="IrcFormatException.Error"/> says which.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public static IrcMessage Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return TryParse(line, out var message, out var error) ? message : throw new IrcFormatException(error);
    }

    /// <summary>Parses one line of raw bytes (without CR LF); each field is decoded with <see cref="IrcText.Decode"/>.</summary>
    /// <exception cref="IrcFormatException">The line breaks an IRC rule; <see cref="IrcFormatException.Error"/> says which.</exception>
    public static IrcMessage Parse(ReadOnlySpan<byte> line)
    {
        var error = IrcLineView.TryParse(line, out var view);
        return error == IrcParseError.None ? view.ToMessage() : throw new IrcFormatException(error);
    }

    /// <summary>
    /// Parses one line of text without throwing; <paramref name="error"/> is <see cref="IrcParseError.None"/>
    /// on success. A null line (a script passing nil, say) is reported as <see cref="IrcParseError.Empty"/>.
    /// </summary>
    public static bool TryParse(string line, [NotNullWhen(true)] out IrcMessage? message, out IrcParseError error)
    {
        message = null;
        if (line is null)
        {
            error = IrcParseError.Empty;
            return false;
        }

        // Parse the UTF-8 form so that the limits count wire bytes, not UTF-16 characters.
        var byteCount = Encoding.UTF8.GetByteCount(line);
        var rented = byteCount > 1024 ? ArrayPool<byte>.Shared.Rent(byteCount) : null;
        try
        {
            var bytes = rented is null ? stackalloc byte[byteCount] : rented.AsSpan(0, byteCount);
            Encoding.UTF8.GetBytes(line, bytes);
            error = IrcLineView.TryParse(bytes, out var view);
            if (error == IrcParseError.None)
            {
                message = view.ToMessage();
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return message is not null;
    }

    /// <summary>
    /// Writes the message as one IRC line without CR LF. The last parameter gets a <c>:</c> only when it
    /// needs one (it is empty, holds a space or starts with <c>:</c>); tags without a value are written as a
    /// bare key. Byte limits are not checked: a sender that must respect <see cref="IrcLimits"/> measures
    /// the result.
    /// </summary>
    /// <exception cref="IrcFormatException">
    /// The message cannot be written as one line: the verb is invalid, a parameter other than the last is
    /// empty, holds a space or starts with <c>:</c>, a tag key is malformed, the source holds a space, or any
    /// part holds NUL, CR or LF (tag values may hold CR and LF, which are escaped, but not NUL).
    /// </exception>
    public string Format() => IrcMessageWriter.Write(this);

    /// <summary>The same as <see cref="Format"/>.</summary>
    public override string ToString() => Format();

    /// <summary>Whether <paramref name="other"/> has the same verb, source, parameters and tags (in any order), compared ordinally.</summary>
    public bool Equals(IrcMessage? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Verb != other.Verb || Source != other.Source || Tags.Count != other.Tags.Count
            || !_parameters.AsSpan().SequenceEqual(other._parameters))
        {
            return false;
        }

        foreach (var (key, value) in Tags)
        {
            if (!other.Tags.TryGetValue(key, out var otherValue) || value != otherValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IrcMessage);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Verb, Source, _parameters.Length, Tags.Count);
}
