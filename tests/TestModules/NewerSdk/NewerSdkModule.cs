namespace RustIrc.TestModules.NewerSdk;

public static class NewerSdkModule
{
    public static string Where => RustIrc.Sdk.FutureContract.Name;
}
