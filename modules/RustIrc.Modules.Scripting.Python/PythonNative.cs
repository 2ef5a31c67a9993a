using System.Runtime.InteropServices;

namespace RustIrc.Modules.Scripting.Python;

/// <summary>
/// CPython's C API as function pointers, taken from the libpython the interpreter runs on, and the
/// engine's native helper (<c>native/rustirc_python.c</c>). Values cross between the client and scripts
/// through these, never through pythonnet's CLR objects: a script must never hold a .NET object.
/// Every call needs the GIL.
/// </summary>
internal static unsafe class PythonNative
{
    private const string HelperFile = "librustirc_python.so";
    private const int HelperAbi = 6;

    public static delegate* unmanaged<IntPtr, void> IncRef;
    public static delegate* unmanaged<IntPtr, void> DecRef;
    public static delegate* unmanaged<byte*, nint, IntPtr> StringFromUtf8;
    public static delegate* unmanaged<IntPtr, nint*, byte*> StringAsUtf8;
    public static delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> StringEncode;
    public static delegate* unmanaged<IntPtr, byte*> BytesData;
    public static delegate* unmanaged<IntPtr, nint> BytesSize;
    public static delegate* unmanaged<long, IntPtr> LongFrom;
    public static delegate* unmanaged<IntPtr, long> LongAs;
    public static delegate* unmanaged<IntPtr, double> LongAsDouble;
    public static delegate* unmanaged<double, IntPtr> FloatFrom;
    public static delegate* unmanaged<IntPtr, double> FloatAs;
    public static delegate* unmanaged<nint, IntPtr> ListNew;
    public static delegate* unmanaged<IntPtr, nint, IntPtr, int> ListSetItem;
    public static delegate* unmanaged<IntPtr, nint> ListSize;
    public static delegate* unmanaged<IntPtr, IntPtr, int> ListAppend;
    public static delegate* unmanaged<IntPtr, nint, IntPtr> ListGetItem;
    public static delegate* unmanaged<nint, IntPtr> TupleNew;
    public static delegate* unmanaged<IntPtr, nint, IntPtr, int> TupleSetItem;
    public static delegate* unmanaged<IntPtr, nint> TupleSize;
    public static delegate* unmanaged<IntPtr, nint, IntPtr> TupleGetItem;
    public static delegate* unmanaged<IntPtr> DictNew;
    public static delegate* unmanaged<IntPtr, IntPtr, IntPtr, int> DictSetItem;
    public static delegate* unmanaged<IntPtr, byte*, IntPtr, int> DictSetItemString;
    public static delegate* unmanaged<IntPtr, byte*, IntPtr> DictGetItemString;
    public static delegate* unmanaged<IntPtr, nint*, IntPtr*, IntPtr*, int> DictNext;
    public static delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> Call;
    public static delegate* unmanaged<IntPtr, int> CallableCheck;
    public static delegate* unmanaged<IntPtr, ulong> TypeFlags;
    public static delegate* unmanaged<IntPtr> ErrOccurred;
    public static delegate* unmanaged<IntPtr*, IntPtr*, IntPtr*, void> ErrFetch;
    public static delegate* unmanaged<IntPtr*, IntPtr*, IntPtr*, void> ErrNormalize;
    public static delegate* unmanaged<void> ErrClear;
    public static delegate* unmanaged<IntPtr, byte*, void> ErrSetString;
    public static delegate* unmanaged<IntPtr, IntPtr, int> ErrMatches;
    public static delegate* unmanaged<IntPtr, IntPtr> ObjectStr;
    public static delegate* unmanaged<int> GilEnsure;
    public static delegate* unmanaged<int, void> GilRelease;
    public static delegate* unmanaged<IntPtr> SaveThread;
    public static delegate* unmanaged<IntPtr, void> RestoreThread;

    public static delegate* unmanaged<IntPtr, byte*, IntPtr, int> SetAttrString;
    public static delegate* unmanaged<IntPtr, byte*, IntPtr> GetAttrString;
    public static delegate* unmanaged<IntPtr, IntPtr, IntPtr> GenericGetDict;
    public static delegate* unmanaged<byte*, byte*, int, IntPtr> CompileString;
    public static delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> EvalCode;

    // The helper's functions (rustirc_python.c).
    public static delegate* unmanaged<byte*, uint, long, int> Enter;
    public static delegate* unmanaged<void> Leave;
    public static delegate* unmanaged<IntPtr> Thread;
    public static delegate* unmanaged<IntPtr, long, IntPtr, int> Interrupt;
    public static delegate* unmanaged<long> NextCall;
    public static delegate* unmanaged<int> Overdue;
    public static delegate* unmanaged<IntPtr, long> Attach;
    public static delegate* unmanaged<long, IntPtr> Bridge;
    public static delegate* unmanaged<long, void> Detach;
    public static delegate* unmanaged<byte*, byte*, int> Trust;
    public static delegate* unmanaged<long, uint> AccountNew;
    public static delegate* unmanaged<uint, void> AccountClose;
    public static delegate* unmanaged<uint, uint> Charge;
    public static delegate* unmanaged<uint, long> AccountUsed;
    public static delegate* unmanaged<uint, int> AccountRefused;

    public static IntPtr None, True, False, EmptyTuple;
    public static IntPtr StrType, FloatType, BoolType;
    public static IntPtr PermissionError, TypeError, RuntimeError, MemoryError, RecursionError;

    private static IntPtr _python;
    private static IntPtr _helper;

    /// <summary>
    /// Loads libpython and the helper, and when the interpreter has not started yet, wraps its allocators
    /// with the helper's memory account (which must happen first). Returns whether memory is accounted.
    /// </summary>
    /// <exception cref="ScriptException">The helper is missing or from another build.</exception>
    public static bool Prepare(string libraryPath, string moduleDirectory)
    {
        _python = NativeLibrary.Load(libraryPath);
        _helper = NativeHelper.Load(moduleDirectory, HelperFile, "rustirc_py_abi", HelperAbi, "python", "native/rustirc_python.c");
        var table = stackalloc IntPtr[] { Export("PyMem_GetAllocator"), Export("PyMem_SetAllocator"), Export("Py_IsInitialized") };
        return ((delegate* unmanaged<IntPtr*, int>)Helper("rustirc_py_install_allocator"))(table) == 1;
    }

    /// <summary>Takes CPython's functions (the interpreter has started) and hands the helper its share of them.</summary>
    /// <exception cref="ScriptException">The helper could not install its audit hook.</exception>
    public static void Load()
    {
        IncRef = (delegate* unmanaged<IntPtr, void>)Export("Py_IncRef");
        DecRef = (delegate* unmanaged<IntPtr, void>)Export("Py_DecRef");
        StringFromUtf8 = (delegate* unmanaged<byte*, nint, IntPtr>)Export("PyUnicode_FromStringAndSize");
        StringAsUtf8 = (delegate* unmanaged<IntPtr, nint*, byte*>)Export("PyUnicode_AsUTF8AndSize");
        StringEncode = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)Export("PyUnicode_AsEncodedString");
        BytesData = (delegate* unmanaged<IntPtr, byte*>)Export("PyBytes_AsString");
        BytesSize = (delegate* unmanaged<IntPtr, nint>)Export("PyBytes_Size");
        LongFrom = (delegate* unmanaged<long, IntPtr>)Export("PyLong_FromLongLong");
        LongAs = (delegate* unmanaged<IntPtr, long>)Export("PyLong_AsLongLong");
        LongAsDouble = (delegate* unmanaged<IntPtr, double>)Export("PyLong_AsDouble");
        FloatFrom = (delegate* unmanaged<double, IntPtr>)Export("PyFloat_FromDouble");
        FloatAs = (delegate* unmanaged<IntPtr, double>)Export("PyFloat_AsDouble");
        ListNew = (delegate* unmanaged<nint, IntPtr>)Export("PyList_New");
        ListSetItem = (delegate* unmanaged<IntPtr, nint, IntPtr, int>)Export("PyList_SetItem");
        ListSize = (delegate* unmanaged<IntPtr, nint>)Export("PyList_Size");
        ListAppend = (delegate* unmanaged<IntPtr, IntPtr, int>)Export("PyList_Append");
        ListGetItem = (delegate* unmanaged<IntPtr, nint, IntPtr>)Export("PyList_GetItem");
        TupleNew = (delegate* unmanaged<nint, IntPtr>)Export("PyTuple_New");
        TupleSetItem = (delegate* unmanaged<IntPtr, nint, IntPtr, int>)Export("PyTuple_SetItem");
        TupleSize = (delegate* unmanaged<IntPtr, nint>)Export("PyTuple_Size");
        TupleGetItem = (delegate* unmanaged<IntPtr, nint, IntPtr>)Export("PyTuple_GetItem");
        DictNew = (delegate* unmanaged<IntPtr>)Export("PyDict_New");
        DictSetItem = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, int>)Export("PyDict_SetItem");
        DictSetItemString = (delegate* unmanaged<IntPtr, byte*, IntPtr, int>)Export("PyDict_SetItemString");
        DictGetItemString = (delegate* unmanaged<IntPtr, byte*, IntPtr>)Export("PyDict_GetItemString");
        DictNext = (delegate* unmanaged<IntPtr, nint*, IntPtr*, IntPtr*, int>)Export("PyDict_Next");
        Call = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)Export("PyObject_Call");
        CallableCheck = (delegate* unmanaged<IntPtr, int>)Export("PyCallable_Check");
        TypeFlags = (delegate* unmanaged<IntPtr, ulong>)Export("PyType_GetFlags");
        ErrOccurred = (delegate* unmanaged<IntPtr>)Export("PyErr_Occurred");
        ErrFetch = (delegate* unmanaged<IntPtr*, IntPtr*, IntPtr*, void>)Export("PyErr_Fetch");
        ErrNormalize = (delegate* unmanaged<IntPtr*, IntPtr*, IntPtr*, void>)Export("PyErr_NormalizeException");
        ErrClear = (delegate* unmanaged<void>)Export("PyErr_Clear");
        ErrSetString = (delegate* unmanaged<IntPtr, byte*, void>)Export("PyErr_SetString");
        ErrMatches = (delegate* unmanaged<IntPtr, IntPtr, int>)Export("PyErr_GivenExceptionMatches");
        ObjectStr = (delegate* unmanaged<IntPtr, IntPtr>)Export("PyObject_Str");
        SetAttrString = (delegate* unmanaged<IntPtr, byte*, IntPtr, int>)Export("PyObject_SetAttrString");
        GetAttrString = (delegate* unmanaged<IntPtr, byte*, IntPtr>)Export("PyObject_GetAttrString");
        GenericGetDict = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Export("PyObject_GenericGetDict");
        CompileString = (delegate* unmanaged<byte*, byte*, int, IntPtr>)Export("Py_CompileString");
        EvalCode = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)Export("PyEval_EvalCode");
        GilEnsure = (delegate* unmanaged<int>)Export("PyGILState_Ensure");
        GilRelease = (delegate* unmanaged<int, void>)Export("PyGILState_Release");
        SaveThread = (delegate* unmanaged<IntPtr>)Export("PyEval_SaveThread");
        RestoreThread = (delegate* unmanaged<IntPtr, void>)Export("PyEval_RestoreThread");

        None = Export("_Py_NoneStruct");
        // The empty tuple is a singleton the interpreter keeps: one reference held here is enough.
        var gil = GilEnsure();
        EmptyTuple = TupleNew(0);
        GilRelease(gil);
        True = Export("_Py_TrueStruct");
        False = Export("_Py_FalseStruct");
        StrType = Export("PyUnicode_Type");
        FloatType = Export("PyFloat_Type");
        BoolType = Export("PyBool_Type");
        // Exception types are variables holding the type: the export is the variable's address.
        PermissionError = *(IntPtr*)Export("PyExc_PermissionError");
        TypeError = *(IntPtr*)Export("PyExc_TypeError");
        RuntimeError = *(IntPtr*)Export("PyExc_RuntimeError");
        MemoryError = *(IntPtr*)Export("PyExc_MemoryError");
        RecursionError = *(IntPtr*)Export("PyExc_RecursionError");

        // In the order of the helper's table (rustirc_python.c).
        string[] helperNeeds =
        [
            "PyCFunction_NewEx", "PySys_AddAuditHook", "PyErr_SetString", "PyEval_GetFrame", "PyFrame_GetCode",
            "PyObject_GetAttrString", "PyUnicode_AsUTF8", "Py_DecRef", "PyGILState_Ensure", "PyGILState_Release",
            "PyThreadState_SetAsyncExc", "PyErr_Clear", "PyLong_FromLong", "PyLong_AsLong", "PyThreadState_Get",
            // CPython's own; without it a script that swallows the limit error again and again is not stopped.
            "_PyEval_SetTrace",
        ];
        var table = stackalloc IntPtr[helperNeeds.Length];
        for (var i = 0; i < helperNeeds.Length; i++)
        {
            // A name starting with _ is CPython's private API, which a build may lack: the helper does without.
            var name = helperNeeds[i];
            table[i] = NativeLibrary.TryGetExport(_python, name, out var found) ? found : name.StartsWith('_') ? IntPtr.Zero : Export(name);
        }
        var init = (delegate* unmanaged<IntPtr*, IntPtr, int>)Helper("rustirc_py_init");
        gil = GilEnsure();
        var hooked = init(table, PermissionError);
        GilRelease(gil);
        if (hooked != 0) throw new ScriptException("the python engine could not install its audit hook");
        Enter = (delegate* unmanaged<byte*, uint, long, int>)Helper("rustirc_py_enter");
        Leave = (delegate* unmanaged<void>)Helper("rustirc_py_leave");
        Thread = (delegate* unmanaged<IntPtr>)Helper("rustirc_py_thread");
        Interrupt = (delegate* unmanaged<IntPtr, long, IntPtr, int>)Helper("rustirc_py_interrupt");
        NextCall = (delegate* unmanaged<long>)Helper("rustirc_py_next_call");
        Overdue = (delegate* unmanaged<int>)Helper("rustirc_py_overdue");
        Attach = (delegate* unmanaged<IntPtr, long>)Helper("rustirc_py_attach");
        Bridge = (delegate* unmanaged<long, IntPtr>)Helper("rustirc_py_bridge");
        Detach = (delegate* unmanaged<long, void>)Helper("rustirc_py_detach");
        Trust = (delegate* unmanaged<byte*, byte*, int>)Helper("rustirc_py_trust");
        AccountNew = (delegate* unmanaged<long, uint>)Helper("rustirc_py_account_new");
        AccountClose = (delegate* unmanaged<uint, void>)Helper("rustirc_py_account_close");
        Charge = (delegate* unmanaged<uint, uint>)Helper("rustirc_py_charge");
        AccountUsed = (delegate* unmanaged<uint, long>)Helper("rustirc_py_account_used");
        AccountRefused = (delegate* unmanaged<uint, int>)Helper("rustirc_py_account_refused");
    }

    private static IntPtr Export(string name) => NativeLibrary.GetExport(_python, name);

    private static IntPtr Helper(string name) => NativeLibrary.GetExport(_helper, name);

    /// <summary>The name of <paramref name="type"/> (its tp_name, right after the object header and ob_size in every CPython 3 build).</summary>
    public static string TypeName(IntPtr type) => Marshal.PtrToStringUTF8(*(IntPtr*)(type + 3 * sizeof(nint))) ?? "object";

    /// <summary>The type of <paramref name="o"/> (its ob_type, which follows the reference count in every CPython build we embed).</summary>
    public static IntPtr TypeOf(IntPtr o) => *(IntPtr*)(o + sizeof(nint));
}
