using System.Text;
using BenchmarkDotNet.Attributes;
using RustIrc.Sdk.Irc;

namespace RustIrc.Benchmarks;

/// <summary>
/// Goal: tokenizing a typical tagged PRIVMSG with <see cref="IrcLineView"/> runs at 5 million lines per
/// second or more on one core and allocates nothing. Op/s is that rate. The line is the same in every
/// operation, as a flood of similar channel messages would be.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[OperationsPerSecond]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class IrcParserBenchmarks
{
    /// <summary>About 80 characters of text with one non-ASCII letter and a URL, as channels carry.</summary>
    public const string Line =
        "@time=2026-11-25T12:00:00.000Z;msgid=bm12345678 :nick123!~ident@user-abcdef.bench.example PRIVMSG #bench "
        + ":some text of about eighty characters, with é and an URL https://example.org/x ok";

    private readonly byte[] _line = Encoding.UTF8.GetBytes(Line);
    private readonly IrcMessage _message = IrcMessage.Parse(Line);

    [GlobalSetup]
    public void Setup()
    {
        if (Tokenize() == 0 || Materialize().Parameters.Count != 2 || Format() != Line)
        {
            throw new InvalidOperationException("The benchmark line did not parse and format back to itself.");
        }
    }

    /// <summary>The goal: split the line and read the verb and every parameter, as a dispatcher does.</summary>
    [Benchmark(Baseline = true)]
    public int Tokenize()
    {
        if (IrcLineView.TryParse(_line, out var view) != IrcParseError.None)
        {
            return 0;
        }

        var touched = view.Verb.Length + view.Source.Length;
        for (var i = 0; i < view.ParameterCount; i++)
        {
            touched += view.Parameter(i).Length;
        }

        return touched;
    }

    /// <summary>The same line turned into an <see cref="IrcMessage"/>: strings for every field and a tag dictionary.</summary>
    [Benchmark]
    public IrcMessage Materialize()
    {
        IrcLineView.TryParse(_line, out var view);
        return view.ToMessage();
    }

    /// <summary>The parsed message written back as a line (tags escaped, ':' only where needed).</summary>
    [Benchmark]
    public string Format() => _message.Format();
}
