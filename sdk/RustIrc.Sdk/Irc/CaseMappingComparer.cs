namespace RustIrc.Sdk.Irc;

/// <summary>The comparer behind <see cref="IrcCaseMapping.Comparer"/>; folds as it goes instead of allocating.</summary>
internal sealed class CaseMappingComparer(CaseMapping mapping) : StringComparer
{
    public override int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var shorter = Math.Min(x.Length, y.Length);
        for (var i = 0; i < shorter; i++)
        {
            var difference = IrcCaseMapping.Fold(x[i], mapping) - IrcCaseMapping.Fold(y[i], mapping);
            if (difference != 0)
            {
                return difference;
            }
        }

        return x.Length - y.Length;
    }

    public override bool Equals(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Length != y.Length)
        {
            return false;
        }

        if (string.Equals(x, y, StringComparison.Ordinal))
        {
            return true; // the usual case, a name written the same way again, compared in one pass
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (IrcCaseMapping.Fold(x[i], mapping) != IrcCaseMapping.Fold(y[i], mapping))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        // Folded into a buffer, then hashed in one go as strings are (randomized per process, so nicks
        // cannot be picked to collide): several times faster than a HashCode.Add per character.
        Span<char> folded = obj.Length <= 256 ? stackalloc char[obj.Length] : new char[obj.Length];
        for (var i = 0; i < obj.Length; i++)
        {
            folded[i] = IrcCaseMapping.Fold(obj[i], mapping);
        }

        return string.GetHashCode(folded);
    }
}
