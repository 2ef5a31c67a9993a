namespace RustIrc.Samples.UrlTitles;

/// <summary>Says once per load, where the user is looking, that titles need permission network_access and how to grant it.</summary>
internal sealed class GrantNote(Action<string, string> print)
{
    public const string Text = "urltitles: showing the titles of links needs permission network_access; grant it with /module grant urltitles network_access";

    private bool _shown;

    /// <summary>Shows the note in <paramref name="buffer"/> unless it was shown already. Call on the client loop.</summary>
    public void Show(string buffer)
    {
        if (_shown) return;
        _shown = true;
        print(buffer, Text);
    }
}
