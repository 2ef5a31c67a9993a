using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RustIrc.Kernel.Loading;

/// <summary>
/// Which RustIrc.Sdk a module's assembly was compiled against, read from its metadata without loading
/// it. The manifest says what the author meant to target; this says what the build really used.
/// </summary>
internal static class SdkReference
{
    /// <summary>The referenced RustIrc.Sdk version; null when the file is missing, unreadable or does not reference the SDK.</summary>
    public static Version? Read(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return null;
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, "RustIrc.Sdk")) return reference.Version;
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            // The loader reports an unreadable assembly with its own words when it tries to load it.
            return null;
        }
    }
}
