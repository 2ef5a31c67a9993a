namespace RustIrc.Sdk;

/// <summary>Something only SDK 1.99 has; NewerSdk uses it, so its assembly references 1.99.</summary>
public static class FutureContract
{
    public static string Name => "from the future";
}
