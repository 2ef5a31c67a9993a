using System.Text;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>Python exceptions to and from the client: the one set in CPython taken out as a message, or one raised there.</summary>
internal static unsafe class PythonErrors
{
    /// <summary>
    /// The exception now set in CPython (cleared): the index of the first of <paramref name="kinds"/> it is
    /// (-1 for none), and a message for the user, made by <paramref name="describe"/> when given.
    /// </summary>
    public static (int Kind, string Message) Take(IntPtr describe = default, params ReadOnlySpan<IntPtr> kinds)
    {
        IntPtr type, value, traceback;
        PythonNative.ErrFetch(&type, &value, &traceback);
        PythonNative.ErrNormalize(&type, &value, &traceback);
        try
        {
            var kind = -1;
            for (var i = 0; i < kinds.Length && kind < 0; i++)
            {
                if (type != IntPtr.Zero && PythonNative.ErrMatches(type, kinds[i]) != 0) kind = i;
            }
            return (kind, Describe(value, describe));
        }
        finally
        {
            if (type != IntPtr.Zero) PythonNative.DecRef(type);
            if (value != IntPtr.Zero) PythonNative.DecRef(value);
            if (traceback != IntPtr.Zero) PythonNative.DecRef(traceback);
        }
    }

    /// <summary>The exception in words: the bootstrap's describe (type, message, the script's line) when given, else str().</summary>
    private static string Describe(IntPtr exception, IntPtr describe)
    {
        if (exception == IntPtr.Zero) return "an error without a value";
        var text = IntPtr.Zero;
        if (describe != IntPtr.Zero)
        {
            var arguments = PythonNative.TupleNew(1);
            PythonNative.IncRef(exception);
            PythonNative.TupleSetItem(arguments, 0, exception);
            text = PythonNative.Call(describe, arguments, IntPtr.Zero);
            PythonNative.DecRef(arguments);
        }
        if (text == IntPtr.Zero)
        {
            PythonNative.ErrClear();
            text = PythonNative.ObjectStr(exception);
        }
        if (text == IntPtr.Zero)
        {
            PythonNative.ErrClear();
            return PythonNative.TypeName(PythonNative.TypeOf(exception));
        }
        try
        {
            return PythonValues.ToText(text);
        }
        finally
        {
            PythonNative.DecRef(text);
        }
    }

    /// <summary>Sets <paramref name="type"/> with <paramref name="message"/> as CPython's current exception.</summary>
    public static void Raise(IntPtr type, string message)
    {
        fixed (byte* text = Encoding.UTF8.GetBytes(message + "\0"))
        {
            PythonNative.ErrSetString(type, text);
        }
    }
}
