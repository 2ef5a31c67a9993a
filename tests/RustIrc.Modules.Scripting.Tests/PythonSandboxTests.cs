using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// Attempts to get out of the Python sandbox, one technique per test. Each script prints <c>ESCAPED</c> if
/// it reaches its goal; where the goal leaves a trace (a file, a secret in the output) that is checked too.
/// Every attempt must end in an error that says what was refused, and the client must go on.
/// </summary>
/// <remarks>
/// Threat: a script downloaded from a repository reads or writes files, opens sockets, runs programs, loads
/// native code, reaches the interpreter's internals (frames, code objects, the real builtins, sys, gc) and
/// through them the unrestricted interpreter, or keeps the client busy forever. In-process CPython is not a
/// hard boundary (docs/security.md says what is out of reach); these are the ways in that are closed.
/// </remarks>
public sealed partial class PythonSandboxTests(SandboxPythonClient shared) : IClassFixture<SandboxPythonClient>, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly OutsideFolder _folder = new();

    private static string Q(string text) => JsonSerializer.Serialize(text, Json);

    private Task<ScriptAttempt> AttemptAsync(string source, [CallerMemberName] string name = "") => shared.AttemptAsync(name.ToLowerInvariant(), source);

    private (string Path, string Secret) Secret() => _folder.Secret();

    // ---- files ----

    [Fact]
    public async Task Open_FileOutsideTheGrants_ReadIsRefusedNamingTheGrant()
    {
        var (path, secret) = Secret();

        var attempt = await AttemptAsync($"print(\"ESCAPED: \" + open({Q(path)}).read())");

        attempt.AssertRefused("PermissionError", $"python '{attempt.Name}' needs permission file_read:{path}", $"/python grant {attempt.Name} file_read:{path}");
        Assert.DoesNotContain(secret, attempt.Transcript);
    }

    [Fact]
    public async Task Open_WriteOutsideTheGrants_IsRefusedAndNoFileAppears()
    {
        var target = Path.Combine(_folder.Path, "planted.txt");

        var attempt = await AttemptAsync($"""
            with open({Q(target)}, "w") as f:
                f.write("planted")
            print("ESCAPED: written")
            """);

        attempt.AssertRefused($"needs permission file_write:{target}");
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Open_RelativePathClimbingOutOfTheDataDirectory_IsRefused()
    {
        var attempt = await AttemptAsync("print(\"ESCAPED: \" + open(\"../../../../../../../../etc/passwd\").read())");

        attempt.AssertRefused("needs permission file_read:");
        Assert.DoesNotContain("root:", attempt.Transcript);
    }

    [Fact]
    public async Task Open_BinaryModeOrAFileDescriptor_IsRefused()
    {
        var attempt = await AttemptAsync("f = open(0)\nprint(\"ESCAPED: \" + f.read())");

        attempt.AssertRefused("open() takes a path (a str) in a script");
    }

    public static TheoryData<string, string, string> Refusals { get; } = new()
    {
        // The class hierarchy, the road to every class (and through them to os and the real builtins).
        { "class_of_a_value", "print(\"ESCAPED\", ().__class__)", "'.__class__' reaches into the interpreter" },
        { "subclasses_walk", "print(\"ESCAPED\", object.__subclasses__())", "'.__subclasses__' reaches into the interpreter" },
        { "getattr_class", "print(\"ESCAPED\", getattr((), \"__class__\"))", "'__class__' reaches into the interpreter" },
        { "getattr_built_name", "print(\"ESCAPED\", getattr((), \"__cla\" + \"ss__\"))", "'__class__' reaches into the interpreter" },
        { "type_mro_subclasses", "print(\"ESCAPED\", type(()).mro()[-1].__subclasses__())", "'.__subclasses__' reaches into the interpreter" },
        { "hasattr_probe_then_getattr", "if hasattr(len, \"__self__\"): print(\"ESCAPED: hasattr says yes\")\nprint(getattr(len, \"__self__\"))", "'__self__' reaches into the interpreter" },
        { "builtin_self_is_builtins", "print(\"ESCAPED\", len.__self__.open)", "'.__self__' reaches into the interpreter" },
        { "function_globals", "import irc\nprint(\"ESCAPED\", irc.send_message.__globals__)", "'.__globals__' reaches into the interpreter" },
        { "function_closure", "def f():\n    x = 1\n    return lambda: x\nprint(\"ESCAPED\", f().__closure__)", "'.__closure__' reaches into the interpreter" },
        { "partial_func_to_bridge_globals", "import irc\nprint(\"ESCAPED\", irc.privmsg.func.__self__)", "'.__self__' reaches into the interpreter" },
        { "vars_of_a_module", "import json\nprint(\"ESCAPED\", vars(json))", "name 'vars' is not defined" },
        { "match_class_attribute", "match ():\n    case object(__class__=c):\n        print(\"ESCAPED\", c)", "matching '__class__' reaches into the interpreter" },
        { "dict_of_a_type", "print(\"ESCAPED\", type.__dict__)", "'.__dict__' reaches into the interpreter" },
        { "setattr_class_swap", "class A: pass\nsetattr(A(), \"__class__\", int)\nprint(\"ESCAPED\")", "'__class__' reaches into the interpreter" },
        { "fullwidth_attribute_name", "print(\"ESCAPED\", ().__\U0001D41Class__)", "'.__class__' reaches into the interpreter" },

        // Frames: from a generator, a coroutine, a traceback to the globals and builtins of host code.
        { "generator_frame", "g = (x for x in [1])\nprint(\"ESCAPED\", g.gi_frame)", "'.gi_frame' reaches into the interpreter" },
        { "generator_frame_by_getattr", "g = (x for x in [1])\nprint(\"ESCAPED\", getattr(g, \"gi_frame\"))", "'gi_frame' reaches into the interpreter" },
        { "coroutine_frame", "async def c():\n    pass\nco = c()\nprint(\"ESCAPED\", co.cr_frame)", "'.cr_frame' reaches into the interpreter" },
        { "traceback_frame", "try:\n    1 / 0\nexcept Exception as e:\n    print(\"ESCAPED\", e.__traceback__)", "'.__traceback__' reaches into the interpreter" },
        { "format_string_frame_walk", "g = (x for x in [1])\nprint(\"ESCAPED\", \"{0.gi_frame.f_back.f_globals}\".format(g))", "may not reach the interpreter's frames or code objects" },
        { "format_map_frame_walk", "g = (x for x in [1])\nprint(\"ESCAPED\", \"{g.gi_code}\".format_map({\"g\": g}))", "may not reach the interpreter's frames or code objects" },
        { "string_formatter", "import string\nprint(\"ESCAPED\", string.Formatter().get_field(\"0.gi_frame\", [(x for x in [1])], {}))", "has no attribute 'Formatter'" },

        // The import system.
        { "import_os", "import os\nprint(\"ESCAPED\", os.getcwd())", "may not import os" },
        { "import_sys", "import sys\nprint(\"ESCAPED\", sys.modules)", "may not import sys" },
        { "import_importlib", "import importlib\nprint(\"ESCAPED\", importlib.import_module(\"os\"))", "may not import importlib" },
        { "dunder_import", "print(\"ESCAPED\", __import__(\"os\"))", "'__import__' is the interpreter's own" },
        { "builtins_dict", "print(\"ESCAPED\", __builtins__[\"eval\"])", "'__builtins__' is the interpreter's own" },
        { "submodule_of_allowed", "from json import decoder\nprint(\"ESCAPED\", decoder)", "cannot import name 'decoder'" },
        { "submodule_of_allowed_dotted", "import json.decoder\nprint(\"ESCAPED\", json.decoder)", "may not import json.decoder" },
        { "module_attribute_of_allowed", "import json\nprint(\"ESCAPED\", json.codecs)", "has no attribute 'codecs'" },
        { "private_name_of_allowed", "import random\nprint(\"ESCAPED\", random._os)", "has no attribute '_os'" },
        { "relative_import", "from . import secrets\nprint(\"ESCAPED\")", "relative imports are not available to scripts" },
        { "import_gc", "import gc\nprint(\"ESCAPED\", len(gc.get_objects()))", "may not import gc" },
        { "import_inspect", "import inspect\nprint(\"ESCAPED\", inspect.currentframe())", "may not import inspect" },
        { "loader_name", "print(\"ESCAPED\", __loader__)", "'__loader__' is the interpreter's own" },

        // Native code, processes, the network.
        { "import_ctypes", "import ctypes\nprint(\"ESCAPED\", ctypes.CDLL(None).system(b\"id\"))", "may not import ctypes" },
        { "import_subprocess", "import subprocess\nprint(\"ESCAPED\", subprocess.run([\"id\"]))", "may not import subprocess" },
        { "import_socket", "import socket\nprint(\"ESCAPED\", socket.create_connection((\"127.0.0.1\", 22)))", "may not import socket" },
        { "import_threading", "import threading\nthreading.Thread(target=lambda: None).start()\nprint(\"ESCAPED\")", "may not import threading" },
        { "import_io", "import io\nprint(\"ESCAPED\", io.FileIO(\"/etc/passwd\").read())", "may not import io" },
        { "import_pickle", "import pickle\nprint(\"ESCAPED\", pickle.loads(b\"cos\\nsystem\\n(S'id'\\ntR.\"))", "may not import pickle" },
        { "import_marshal", "import marshal\nprint(\"ESCAPED\", marshal.loads(b\"\"))", "may not import marshal" },

        // Code from strings, code objects, the console.
        { "eval_text", "print(\"ESCAPED\", eval(\"1 + 1\"))", "name 'eval' is not defined" },
        { "exec_text", "exec(\"print('ESCAPED')\")", "name 'exec' is not defined" },
        { "compile_text", "print(\"ESCAPED\", compile(\"1\", \"x\", \"eval\"))", "name 'compile' is not defined" },
        { "code_object", "print(\"ESCAPED\", (lambda: 0).__code__)", "'.__code__' reaches into the interpreter" },
        { "globals_function", "print(\"ESCAPED\", globals())", "name 'globals' is not defined" },
        { "breakpoint_console", "breakpoint()\nprint(\"ESCAPED\")", "name 'breakpoint' is not defined" },

        // Things that would outlive or outrank the client's checks.
        { "define_finalizer", "class A:\n    def __del__(self):\n        pass\nprint(\"ESCAPED\")", "defining '__del__' reaches into the interpreter" },
        { "define_getattribute", "class A:\n    def __getattribute__(self, name):\n        return 1\nprint(\"ESCAPED\")", "defining '__getattribute__' reaches into the interpreter" },
        { "finalizer_by_assignment", "class A:\n    __del__ = lambda self: None\nprint(\"ESCAPED\")", "'__del__' reaches into the interpreter" },
        { "finalizer_by_type_call", "A = type(\"A\", (), {\"__del__\": lambda self: None})\nprint(\"ESCAPED\", A)", "type(): '__del__' reaches into the interpreter" },
        { "import_as_builtins", "import json as __builtins__\nprint(\"ESCAPED\")", "importing as '__builtins__' reaches into the interpreter" },
        { "module_file_name", "print(\"ESCAPED\", __file__)", "'__file__' reaches into the interpreter" },
        { "catch_everything", "try:\n    pass\nexcept:\n    pass\nprint(\"ESCAPED\")", "a bare 'except:' would catch the client stopping the script" },
        { "catch_base_exception", "try:\n    raise ValueError()\nexcept BaseException:\n    print(\"ESCAPED: caught what the client stops scripts with\")", "name 'BaseException' is not defined" },
        { "raise_system_exit", "raise SystemExit(0)\nprint(\"ESCAPED\")", "name 'SystemExit' is not defined" },
        { "sleep_blocks_the_client", "import time\ntime.sleep(5)\nprint(\"ESCAPED: slept\")", "time.sleep would stop the whole client" },
        { "typing_evaluates_strings", "import typing\nprint(\"ESCAPED\", typing.get_type_hints)", "has no attribute 'get_type_hints'" },
    };

    /// <summary>Scripts that would keep the client busy, or swallow what stops them: each is stopped at its limit.</summary>
    public static TheoryData<string, string, string> Exhaustions { get; } = new()
    {
        { "swallow_with_context_manager", "class Swallow:\n    def __enter__(self):\n        return self\n    def __exit__(self, *error):\n        return True\nwhile True:\n    with Swallow():\n        while True:\n            pass", "time limit of 500 ms per call reached" },
        { "swallow_in_finally", "while True:\n    try:\n        while True:\n            pass\n    finally:\n        while True:\n            pass", "time limit of 500 ms per call reached" },
        { "swallow_in_generator_close", "def g():\n    while True:\n        try:\n            yield\n        except Exception:\n            pass\nfor _ in g():\n    pass", "time limit of 500 ms per call reached" },
        { "string_multiplication_bomb", "s = \"x\" * (10 ** 10)\nprint(\"ESCAPED\", len(s))", "memory limit of" },
        { "list_growth_caught", "t = []\nwhile True:\n    try:\n        t.append(\"y\" * 100000)\n    except MemoryError:\n        pass", "memory limit of" },
        { "deep_recursion", "def f(n):\n    return f(n + 1)\nf(0)", "recursion limit reached" },
        { "regex_backtracking", "import re\nprint(\"ESCAPED\", re.match(r\"(a+)+$\", \"a\" * 40 + \"b\"))", "time limit of 500 ms per call reached" },
        { "regex_backtracking_caught", "import re\nwhile True:\n    try:\n        re.search(r\"(x+x+)+y\", \"x\" * 5000)\n    except Exception:\n        pass", "time limit of 500 ms per call reached" },
        // One operation in C holds the GIL, so no exception reaches it; past its time it gets no more memory.
        { "huge_integer_power", "print(\"ESCAPED\", len(str(7 ** (10 ** 9))))", "time limit of 500 ms per call reached" },
        { "power_tower", "print(\"ESCAPED\", 9 ** 9 ** 9 > 0)", "time limit of 500 ms per call reached" },
        { "one_huge_multiplication", "a = (1 << 2 ** 22) - 1\nprint(\"ESCAPED\", (a * a).bit_length())", "time limit of 500 ms per call reached" },
        { "huge_factorial", "import math\nprint(\"ESCAPED\", math.factorial(10 ** 7) > 0)", "time limit of 500 ms per call reached" },
        { "huge_multiplication_caught", "a = (1 << 2 ** 22) - 1\nwhile True:\n    try:\n        a * a\n    except MemoryError:\n        pass", "time limit of 500 ms per call reached" },
    };

    [Theory]
    [MemberData(nameof(Exhaustions))]
    public async Task Exhaust_Technique_IsStoppedAtItsLimit(string technique, string source, string error)
    {
        var attempt = await shared.AttemptAsync(technique, source);

        attempt.AssertRefused(error);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Escape_Technique_IsRefusedWithAClearError(string technique, string source, string error)
    {
        var attempt = await shared.AttemptAsync(technique, source);

        attempt.AssertRefused(error);
    }

    public void Dispose() => _folder.Dispose();
}
