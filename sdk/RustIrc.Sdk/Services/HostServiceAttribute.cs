namespace RustIrc.Sdk.Services;

/// <summary>
/// Marks a service interface that only the client itself provides (the kernel or the program hosting
/// it). A module that tries to provide one is refused: these services see everything their consumers
/// do (the terminal, the IRC transport) and would let one module spy on the others.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class HostServiceAttribute : Attribute;
