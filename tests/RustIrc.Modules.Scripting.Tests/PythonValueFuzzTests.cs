// Python values of every awkward kind, built at random inside the sandbox and passed to every API function:
// each conversion from Python to the API must end as the call's result or a Python exception written for
// the script, never .NET's words for a bug in the host.
namespace RustIrc.Modules.Scripting.Tests;

public sealed class PythonValueFuzzTests : ScriptValueFuzz
{
    protected override (string Engine, string Extension) Language => ("python", ".py");

    // A seeded generator of its own, so every run passes the same values. They cover what the conversion
    // has to refuse or bound: lone surrogates (text that has no UTF-8), bytes, NaN and infinities, integers
    // past 64 bits, strings past 64 KB, nested and cyclic lists and dicts, tuples, sets, functions,
    // generators, plain objects, complex numbers, and text with CR LF in it.
    protected override string Fuzzer => """
        seed = 16

        def rnd(n):
            global seed
            seed = (seed * 1103515245 + 12345) % 2147483648
            return seed % n

        SPECIALS = [0, -1, 2 ** 63 - 1, -2 ** 63, 2 ** 63, 2 ** 64, 2 ** 1000, -(2 ** 1000), float("nan"),
                    float("inf"), -float("inf"), 1e308, -0.0, True, 1 + 2j]
        EVENTS = ["message", "join", "no-such-event", "", "status", "#c"]

        def boom(*args):
            raise ValueError("boom")

        def value(depth):
            k = rnd(16)
            if k == 0:
                return None
            if k == 1:
                return rnd(2) == 0
            if k == 2:
                return SPECIALS[rnd(len(SPECIALS))]
            if k == 3:
                return "".join(chr(rnd(0x110000)) for _ in range(rnd(40)))
            if k == 4:
                return "x" * ((rnd(3) + 1) * 40000)
            if k == 5:
                return boom
            if k == 6 and depth < 5:
                return [value(depth + 1) for _ in range(rnd(5))]
            if k == 7 and depth < 5:
                d = {}
                try:
                    d[value(depth + 1)] = value(depth + 1)
                except TypeError:
                    pass
                return d
            if k == 8:
                loop = {"name": "loop"}
                loop["self"] = loop
                return loop
            if k == 9:
                return (x for x in range(3))
            if k == 10:
                return "#chan\r\nQUIT :gone"
            if k == 11:
                return EVENTS[rnd(len(EVENTS))]
            if k == 12:
                return bytes(rnd(256) for _ in range(rnd(40)))
            if k == 13 and depth < 5:
                return tuple(value(depth + 1) for _ in range(rnd(4)))
            if k == 14:
                return [{1, 2}, object(), frozenset()][rnd(3)]
            return rnd(100000) - 50000

        HOST_BUGS = ["Object reference", "Index was outside", "out of the range", "Unable to cast", "Value cannot be null",
                     "not in a correct format", "Arithmetic operation", "Nullable object", "Sequence contains", "same key",
                     "Collection was modified", "given key", "Exception", "System."]
        functions = []

        def collect(prefix, namespace):
            for name in sorted(dir(namespace)):
                if name.startswith("_") or name in ("connect", "disconnect"):
                    continue
                attribute = getattr(namespace, name)
                if callable(attribute):
                    functions.append((prefix + name, attribute))
                elif prefix == "irc." and not isinstance(attribute, (str, int, float, bool, list, dict, tuple)) and attribute is not None:
                    collect(prefix + name + ".", attribute)

        collect("irc.", irc)
        counts = {"calls": 0, "refused": 0}

        def fuzz(args):
            for _ in range(int(args[0])):
                name, function = functions[rnd(len(functions))]
                counts["calls"] += 1
                # Python refuses a wrong number of arguments before any conversion: vary it.
                arguments = [value(0) for _ in range(rnd(5))]
                try:
                    function(*arguments)
                except Exception as problem:
                    counts["refused"] += 1
                    # The API's refusals are written for the script; these are .NET's words for a bug in the host.
                    text = str(problem)
                    for bug in HOST_BUGS:
                        if bug in text:
                            print("unexpected from " + name + ": " + type(problem).__name__ + ": " + text[:300])
                            break
            print("fuzzed %d calls over %d functions, %d refused" % (counts["calls"], len(functions), counts["refused"]))

        irc.add_command("fuzz", fuzz, "/fuzz N: calls API functions with random values")
        """;
}
