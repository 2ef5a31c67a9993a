namespace RustIrc.Sdk.Modules;

/// <summary>
/// Thrown by a module's start when something it needs is missing from the machine or the configuration
/// (a system library, a setting). The kernel shows the message as it is, so it should say what to do.
/// </summary>
public sealed class ModuleUnavailableException(string message) : Exception(message);
