namespace RustIrc.Integration.Tests.Infrastructure;

/// <summary>Nicks and channel names no other test in this process uses, so tests never see each other's traffic.</summary>
public static class Names
{
    private static int _next;

    /// <summary>A nick like <c>peer12</c>.</summary>
    public static string Nick(string prefix) => prefix + Interlocked.Increment(ref _next);

    /// <summary>A channel like <c>#topic12</c>.</summary>
    public static string Channel(string prefix) => "#" + prefix + Interlocked.Increment(ref _next);
}
