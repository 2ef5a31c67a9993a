using RustIrc.Sdk.Permissions;

namespace RustIrc.TestModules.Good;

/// <summary>A service whose interface is the module's own, so its permission guard is made in the module's load context.</summary>
public interface IGoodCounter
{
    /// <summary>1, 2, 3, … on each call.</summary>
    [RequiresPermission(WellKnownPermissions.IrcRead)]
    int Next();
}

internal sealed class GoodCounter : IGoodCounter
{
    private int _count;

    public int Next() => ++_count;
}
