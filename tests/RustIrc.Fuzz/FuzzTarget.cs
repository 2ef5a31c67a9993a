namespace RustIrc.Fuzz;

/// <summary>
/// One reader of outside input under fuzzing. <see cref="Run"/> feeds it one input; it may reject the
/// input the way its contract says (<see cref="IsRejection"/>), and anything else it throws is a crash.
/// </summary>
internal abstract class FuzzTarget : IDisposable
{
    public abstract string Name { get; }

    /// <summary>The corpus folder (under <c>corpus/</c>) whose seeds this target mutates.</summary>
    public abstract string CorpusFolder { get; }

    /// <summary>Whether each line of a corpus file is a seed (IRC lines), rather than the whole file (JSON).</summary>
    public virtual bool SeedsAreLines => true;

    public abstract void Run(byte[] input);

    /// <summary>Whether <paramref name="exception"/> is the documented way of refusing the input.</summary>
    public virtual bool IsRejection(Exception exception) => false;

    public virtual void Dispose()
    {
    }
}

/// <summary>A target's own check found a wrong result (a round trip that changed the value), not an exception of the code under test.</summary>
internal sealed class PropertyViolation(string message) : Exception(message);
