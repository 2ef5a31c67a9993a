namespace RustIrc.Sdk.Testing;

/// <summary>
/// What the test host throws when the plugin under test failed: it did not start, a handler threw, a
/// script printed an error. Test frameworks report it as a failed test with this message.
/// </summary>
public sealed class PluginTestException(string message) : Exception(message);
