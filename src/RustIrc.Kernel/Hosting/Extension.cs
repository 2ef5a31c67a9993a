using RustIrc.Kernel.Services;
using RustIrc.Sdk;
using RustIrc.Sdk.Permissions;
using RustIrc.Sdk.Services;

namespace RustIrc.Kernel.Hosting;

/// <summary>
/// The kernel's record of one extension: who it is, what it holds, and everything it registered.
/// Disposing it removes every registration; nothing an extension registered outlives it.
/// </summary>
internal sealed class Extension : IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<OwnedRegistration> _registrations = [];
    private bool _disposed;

    public Extension(ExtensionId id, PermissionSet permissions)
    {
        Id = id;
        Permissions = permissions;
    }

    public ExtensionId Id { get; }

    /// <summary>Read on every guarded call, so a grant or revoke takes effect at once.</summary>
    public PermissionSet Permissions { get; set; }

    /// <summary>How much it may read and write through the file service; a module is trusted with any amount.</summary>
    public FileQuota FileQuota { get; set; } = FileQuota.Unlimited;

    /// <summary>What it wrote through the file service in the current hour, held against <see cref="FileQuota"/>.</summary>
    public FileWriteLedger FileWrites { get; } = new();

    /// <summary>Told why when the kernel stops this (hosted) extension for handlers that keep failing; its host shows it.</summary>
    public Action<string>? Faulted { get; set; }

    /// <summary>When the current run of failures began (<see cref="Environment.TickCount64"/>).</summary>
    public long FaultWindowStart { get; set; }

    /// <summary>Handler failures in the current one-minute window, for marking the extension Faulted.</summary>
    public int RecentFaults { get; set; }

    public bool IsDisposed => _disposed;

    public int RegistrationCount
    {
        get { lock (_gate) return _registrations.Count; }
    }

    /// <summary>Records <paramref name="inner"/> as owned; the returned handle removes it from the ledger when disposed.</summary>
    public IDisposable Own(IDisposable inner)
    {
        var registration = new OwnedRegistration(this, inner);
        lock (_gate)
        {
            if (_disposed)
            {
                inner.Dispose();
                throw new ObjectDisposedException(Id.ToString(), $"{Id} has been unloaded; it can no longer register anything.");
            }
            _registrations.Add(registration);
        }
        return registration;
    }

    public void Dispose()
    {
        OwnedRegistration[] all;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            all = [.. _registrations];
            _registrations.Clear();
        }
        foreach (var registration in all)
        {
            registration.DisposeInner();
        }
    }

    private void Forget(OwnedRegistration registration)
    {
        lock (_gate) _registrations.Remove(registration);
    }

    private sealed class OwnedRegistration(Extension owner, IDisposable inner) : IDisposable
    {
        private IDisposable? _inner = inner;

        public void Dispose()
        {
            owner.Forget(this);
            DisposeInner();
        }

        public void DisposeInner() => Interlocked.Exchange(ref _inner, null)?.Dispose();
    }
}

/// <summary>An <see cref="IDisposable"/> that runs an action once.</summary>
internal sealed class Disposable(Action onDispose) : IDisposable
{
    private Action? _onDispose = onDispose;

    public void Dispose() => Interlocked.Exchange(ref _onDispose, null)?.Invoke();
}
