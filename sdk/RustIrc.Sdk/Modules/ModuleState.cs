namespace RustIrc.Sdk.Modules;

/// <summary>
/// Where a module stands. The user's choice between <see cref="Enabled"/> and <see cref="Disabled"/>
/// is persisted; the other states are found anew at every start.
/// </summary>
public enum ModuleState
{
    /// <summary>Loaded and running.</summary>
    Enabled,

    /// <summary>Not loaded, by the user's choice or because a module it needs is disabled.</summary>
    Disabled,

    /// <summary>Not running because it threw at start, failed to load, or kept throwing in its handlers.</summary>
    Faulted,

    /// <summary>Not loadable here: wrong SDK version, or a dependency that is missing or incompatible.</summary>
    Incompatible,

    /// <summary>Another module with the same id (a newer version, or one found earlier) is used instead.</summary>
    Superseded,
}
