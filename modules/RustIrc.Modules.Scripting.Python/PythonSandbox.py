"""The client's side of every Python script, run once per process with the real builtins before any script.

It is kept out of sys.modules, and PythonInterpreter.cs calls its functions:
  check(source, filename) -> code      parse, refuse what a script may not write, compile
  evaluate(source) -> code             the same for typed code: an expression if it is one
  run(code, namespace) -> value        runs a script's code (as the script: the host marks it running)
  clear(namespace)                     empties a stopped script's namespace (as the script too)
  describe(exception) -> str           an error in words, with the script's line
  peek(source) -> dict                 a script's metadata (name, version…), read with ast without running it
  metadata(namespace) -> dict          the same, from a script that ran
  new_script(name, data_dir, functions) -> dict   a fresh namespace: safe builtins, the irc module, the allowed imports
  bind_hooks(namespace) -> list        module-level on_message, on_join... subscribed through irc.on
  alive() -> int                       how many script namespaces are still held
and makes its Event and Arguments objects. The host sets `call` (the native bridge: every irc function
goes through it, acting as the running script) and `ALLOWED` in this module's globals before running it,
and reads TRUSTED, MISSING, VERSION and LimitError after.
"""

import ast
import builtins
import os
import functools
import importlib
import io
import sys
import types
import weakref

# pythonnet's own import machinery would hand a script the whole CLR: gone before any script runs.
for _name in [n for n in sys.modules if n in ("clr", "CLR") or n.startswith("clr.")]:
    del sys.modules[_name]
sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__name__", type(f).__name__) != "DotNetFinder"]


# The standard library's folder: errors raised inside it are named by their place there.
_STDLIB = os.path.dirname(os.__file__) + "/"


class LimitError(BaseException):
    """Raised into a script whose call ran past its time. Not an Exception, so `except Exception` lets it by."""


# Special names a script may write: operators, protocols and the metadata of classes and modules.
# Every other dunder (__globals__, __subclasses__, __class__, __dict__, __code__, __closure__...) leads
# into the interpreter, so a script may not name it, and getattr() refuses it too.
PUBLIC_DUNDERS = frozenset("""
    __init__ __new__ __post_init__ __name__ __qualname__ __doc__ __module__ __version__ __author__ __description__
    __permissions__ __str__ __repr__ __format__ __hash__ __bool__ __len__ __iter__ __next__ __reversed__
    __contains__ __getitem__ __setitem__ __delitem__ __missing__ __call__ __enter__ __exit__
    __eq__ __ne__ __lt__ __le__ __gt__ __ge__ __add__ __radd__ __iadd__ __sub__ __rsub__ __isub__
    __mul__ __rmul__ __imul__ __truediv__ __rtruediv__ __floordiv__ __rfloordiv__ __mod__ __rmod__
    __pow__ __rpow__ __neg__ __pos__ __abs__ __invert__ __and__ __rand__ __or__ __ror__ __xor__ __rxor__
    __lshift__ __rshift__ __int__ __float__ __index__ __round__ __slots__ __all__
""".split())

# Attributes of frames, generators and coroutines that reach the interpreter's frames.
FRAME_NAMES = frozenset("gi_frame gi_code cr_frame cr_code ag_frame ag_code tb_frame tb_next f_back f_globals f_locals f_builtins f_code".split())


def _forbidden(name):
    return (name.startswith("__") and name.endswith("__") and name not in PUBLIC_DUNDERS) or name in FRAME_NAMES


class ScriptSourceError(Exception):
    """A script uses something no script may: the message names the line."""


def _check_tree(tree, filename):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and _forbidden(node.name):
            raise ScriptSourceError(f"{filename}, line {node.lineno}: defining '{node.name}' reaches into the interpreter; scripts cannot")
        if isinstance(node, ast.MatchClass):
            # case C(__class__=c) reads the attribute as surely as c.__class__ does.
            for name in node.kwd_attrs:
                if _forbidden(name):
                    raise ScriptSourceError(f"{filename}, line {node.lineno}: matching '{name}' reaches into the interpreter; scripts cannot use it")
        if isinstance(node, ast.ExceptHandler) and node.type is None:
            raise ScriptSourceError(f"{filename}, line {node.lineno}: a bare 'except:' would catch the client stopping the script; write 'except Exception:'")
        if isinstance(node, ast.Attribute) and _forbidden(node.attr):
            raise ScriptSourceError(f"{filename}, line {node.lineno}: '.{node.attr}' reaches into the interpreter; scripts cannot use it")
        if isinstance(node, ast.Name) and node.id in ("__builtins__", "__import__", "__loader__", "__spec__"):
            raise ScriptSourceError(f"{filename}, line {node.lineno}: '{node.id}' is the interpreter's own; scripts cannot use it")
        # A class body's `__del__ = ...` defines as surely as `def __del__`.
        if isinstance(node, ast.Name) and _forbidden(node.id):
            raise ScriptSourceError(f"{filename}, line {node.lineno}: '{node.id}' reaches into the interpreter; scripts cannot use it")
        if isinstance(node, ast.alias) and node.asname and _forbidden(node.asname):
            raise ScriptSourceError(f"{filename}, line {node.lineno}: importing as '{node.asname}' reaches into the interpreter; scripts cannot")
        if isinstance(node, ast.ImportFrom) and node.level:
            raise ScriptSourceError(f"{filename}, line {node.lineno}: relative imports are not available to scripts")


def check(source, filename, mode="exec"):
    """The script compiled, once nothing in it names the interpreter's internals."""
    tree = ast.parse(source, filename, mode)
    _check_tree(tree, filename)
    return compile(tree, filename, mode, dont_inherit=True)


def evaluate(source):
    """Typed code compiled: as an expression when it is one (its value is the result), else as statements."""
    try:
        return check(source, "<eval>", "eval")
    except SyntaxError:
        return check(source, "<eval>", "exec")


def run(code, namespace):
    return eval(code, namespace)


def clear(namespace):
    namespace.clear()


def describe(exception):
    """'TypeError: message (line 3)': the error, and the last line of the script it passed through."""
    kind = type(exception).__name__
    if isinstance(exception, SyntaxError) and not isinstance(exception, ScriptSourceError):
        where = f"{exception.filename or 'the script'}, line {exception.lineno}: " if exception.lineno else ""
        return f"{where}{kind}: {exception.msg}"
    try:
        text = str(exception)
    except Exception:
        text = "(its message could not be made)"
    # The last line of the script's own that the error passed through, and where it was raised when that
    # was in the standard library.
    line, raised = None, None
    tb = exception.__traceback__
    while tb is not None:
        file = tb.tb_frame.f_code.co_filename
        if file.startswith(_STDLIB):
            raised = f"{file[len(_STDLIB):].lstrip('/')} line {tb.tb_lineno}"
        elif not file.startswith("<rustirc"):
            line, raised = tb.tb_lineno, None
        tb = tb.tb_next
    message = f"{kind}: {text}" if text and not isinstance(exception, ScriptSourceError) else text or kind
    where = ", ".join(w for w in (f"line {line}" if line else None, f"in {raised}" if raised else None) if w)
    return f"{message} ({where})" if where else message


class Event(dict):
    """An event: its fields by key (e["nick"]) or by attribute (e.nick), None for a field it does not have.

    The client puts each field in the instance's attributes too, so that reading one is a plain lookup
    (a dict subclass that answered attributes from __getattr__ raised and caught an AttributeError each time).
    """

    def __getattr__(self, name):
        return None


class Arguments(list):
    """A command's arguments: the words, and .text (all of it as typed) and .buffer (where it was typed)."""


# Module-level names a script declares itself by, and the keys the client reads them under.
_METADATA = {"__name__": "name", "__version__": "version", "__author__": "author", "__description__": "description",
             "__permissions__": "permissions"}


def _metadata(values):
    """The metadata among `values` (name → value), as the client reads it: texts, and a list of texts."""
    found = {}
    for name, key in _METADATA.items():
        value = values.get(name)
        if key == "permissions" and isinstance(value, (list, tuple)):
            found[key] = [v for v in value if isinstance(v, str)]
        elif isinstance(value, str):
            found[key] = value
    return found


def peek(source):
    """The script's metadata, read from its literal module-level assignments without running it."""
    assigned = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and node.targets[0].id in _METADATA:
            try:
                assigned[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return _metadata(assigned)


def metadata(namespace):
    """The metadata a script that ran declares at module level."""
    return _metadata(namespace)


# The allowed modules, imported now (while imports are allowed) and handed to each script as a copy of
# their public names: no submodule (json.decoder, dataclasses.sys) leads to sys or os, and a script that
# changes its copy changes nobody else's.
# ALLOWED is the host's list (PythonImports.cs).
_modules = {}
MISSING = []
for _name in ALLOWED:
    try:
        _modules[_name] = importlib.import_module(_name)
    except ImportError:
        MISSING.append(_name)

# What standard library code may do for a script (the audit hook refuses it to the script's own code):
# dataclasses and namedtuple compile the methods they make, and read their caller's module from its frame,
# as enum and typing do; this bootstrap reads a failed script's traceback for the line.
# dataclasses asks inspect for a class's signature (its __doc__), which reads the __code__ of __init__; no
# allowed module hands a script anything of inspect's.
import collections, dataclasses, enum, inspect, typing
TRUSTED = [("compile", dataclasses.__file__), ("exec", dataclasses.__file__), ("compile", collections.__file__),
           ("sys._getframe", collections.__file__), ("sys._getframe", enum.__file__), ("sys._getframe", typing.__file__),
           ("object.__getattr__", inspect.__file__), ("object.__getattr__", "<rustirc-sandbox>"),
           ("import", _STDLIB)]
# Standard library code imports some modules only when first needed (Counter.most_common imports heapq):
# imported now, so that a script's call does not run their top level. A script's own import statements go
# through its __import__ below, never the real one, so "import" is refused to its own code still.
for _name in ("heapq", "copy", "reprlib", "keyword", "operator", "bisect", "weakref", "locale", "calendar", "decimal", "fractions", "numbers", "pprint"):
    try:
        importlib.import_module(_name)
    except ImportError:
        pass


# ---- re: the client's regular expressions ----
# CPython's own engine runs in C, holding the interpreter, where nothing can stop a pattern that backtracks
# for minutes. A script's `re` has the same functions and objects, but matches with .NET's engine in the
# client (call("re.scan")), which gives up at the call's time limit.

class _ReError(Exception):
    """re.error: a pattern the engine cannot read."""


_FLAGS = {"I": 2, "IGNORECASE": 2, "L": 4, "LOCALE": 4, "M": 8, "MULTILINE": 8, "S": 16, "DOTALL": 16,
          "U": 32, "UNICODE": 32, "X": 64, "VERBOSE": 64, "A": 256, "ASCII": 256, "NOFLAG": 0}


def _re_call(name, *arguments):
    try:
        return call(name, *arguments)
    except RuntimeError as problem:
        text = str(problem)
        if text.startswith("re.error: "):
            raise _ReError(text[len("re.error: "):]) from None
        raise


class _Match:
    """A match: what re.Match offers (group, groups, groupdict, start, end, span, expand, [n])."""

    def __init__(self, pattern, string, spans, pos, endpos):
        self.re, self.string, self.pos, self.endpos = pattern, string, pos, endpos
        self._spans = spans

    def _index(self, group):
        if isinstance(group, str):
            if group not in self.re.groupindex:
                raise IndexError("no such group")
            return self.re.groupindex[group]
        if not 0 <= group <= self.re.groups:
            raise IndexError("no such group")
        return group

    def span(self, group=0):
        i = self._index(group)
        return (self._spans[2 * i], self._spans[2 * i + 1])

    def start(self, group=0):
        return self.span(group)[0]

    def end(self, group=0):
        return self.span(group)[1]

    def group(self, *groups):
        if not groups:
            groups = (0,)
        found = []
        for g in groups:
            start, end = self.span(g)
            found.append(None if start < 0 else self.string[start:end])
        return found[0] if len(found) == 1 else tuple(found)

    def __getitem__(self, group):
        return self.group(group)

    def groups(self, default=None):
        return tuple(default if v is None else v for v in (self.group(i) for i in range(1, self.re.groups + 1)))

    def groupdict(self, default=None):
        return {name: (default if self.group(name) is None else self.group(name)) for name in self.re.groupindex}

    @property
    def lastindex(self):
        last = None
        for i in range(1, self.re.groups + 1):
            if self._spans[2 * i] >= 0:
                last = i
        return last

    @property
    def lastgroup(self):
        last = self.lastindex
        return next((name for name, i in self.re.groupindex.items() if i == last), None)

    def expand(self, template):
        return _expand(template, self)

    def __bool__(self):
        return True

    def __repr__(self):
        return f"<re.Match object; span={self.span()!r}, match={self.group()!r}>"


def _expand(template, match):
    """A replacement template (\\1, \\g<name>, \\g<1>, \\n…) filled in from a match."""
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "b": "\b", "\\": "\\"}
    while i < len(template):
        c = template[i]
        if c != "\\" or i + 1 == len(template):
            out.append(c)
            i += 1
            continue
        n = template[i + 1]
        if n == "g":
            close = template.find(">", i)
            if template[i + 2:i + 3] != "<" or close < 0:
                raise _ReError("missing < or > in \\g<...>")
            name = template[i + 3:close]
            value = match.group(int(name) if name.isdigit() else name)
            i = close + 1
        elif n.isdigit():
            j = i + 1
            while j < len(template) and j < i + 3 and template[j].isdigit():
                j += 1
            value = match.group(int(template[i + 1:j]))
            i = j
        elif n in escapes:
            value = escapes[n]
            i += 2
        else:
            value = c + n
            i += 2
        out.append(value or "")
    return "".join(out)


class _Pattern:
    """A compiled pattern: what re.Pattern offers (search, match, fullmatch, findall, finditer, sub, subn, split)."""

    def __init__(self, pattern, flags):
        if isinstance(pattern, _Pattern):
            pattern, flags = pattern.pattern, pattern.flags
        if not isinstance(pattern, str):
            raise TypeError("a script's re works on str patterns only")
        self.pattern, self.flags = pattern, int(flags)
        groups, names = _re_call("re.info", pattern, self.flags)
        self.groups, self.groupindex = groups, dict(names)

    def _scan(self, string, pos, endpos, anchor, limit):
        if not isinstance(string, str):
            raise TypeError("a script's re works on str only")
        endpos = len(string) if endpos is None else endpos
        return [_Match(self, string, spans, pos, endpos) for spans in _re_call("re.scan", self.pattern, self.flags, string, pos, endpos, anchor, limit)]

    def search(self, string, pos=0, endpos=None):
        found = self._scan(string, pos, endpos, 0, 1)
        return found[0] if found else None

    def match(self, string, pos=0, endpos=None):
        found = self._scan(string, pos, endpos, 1, 1)
        return found[0] if found else None

    def fullmatch(self, string, pos=0, endpos=None):
        found = self._scan(string, pos, endpos, 2, 1)
        return found[0] if found else None

    def finditer(self, string, pos=0, endpos=None):
        return iter(self._scan(string, pos, endpos, 0, 0))

    def findall(self, string, pos=0, endpos=None):
        found = self._scan(string, pos, endpos, 0, 0)
        if self.groups == 0:
            return [m.group() for m in found]
        if self.groups == 1:
            return [m.group(1) or "" for m in found]
        return [m.groups("") for m in found]

    def subn(self, repl, string, count=0):
        pieces, last, done = [], 0, 0
        for m in self._scan(string, 0, None, 0, count):
            pieces.append(string[last:m.start()])
            pieces.append(repl(m) if callable(repl) else _expand(repl, m))
            last, done = m.end(), done + 1
        pieces.append(string[last:])
        return "".join(pieces), done

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def split(self, string, maxsplit=0):
        pieces, last = [], 0
        for m in self._scan(string, 0, None, 0, maxsplit):
            pieces.append(string[last:m.start()])
            pieces.extend(m.group(i) for i in range(1, self.groups + 1))
            last = m.end()
        pieces.append(string[last:])
        return pieces

    def __repr__(self):
        return f"re.compile({self.pattern!r})"


def _script_re():
    module = types.ModuleType("re", "Regular expressions, matched by the client with a time limit (docs/api-python.md).")
    for name, value in _FLAGS.items():
        setattr(module, name, value)
    module.error = _ReError
    module.Pattern, module.Match = _Pattern, _Match
    module.compile = lambda pattern, flags=0: _Pattern(pattern, flags)
    module.escape = _modules["re"].escape
    module.purge = lambda: None
    # As in re: the module's functions take flags where its Pattern methods take positions.
    module.search = lambda pattern, string, flags=0: _Pattern(pattern, flags).search(string)
    module.match = lambda pattern, string, flags=0: _Pattern(pattern, flags).match(string)
    module.fullmatch = lambda pattern, string, flags=0: _Pattern(pattern, flags).fullmatch(string)
    module.findall = lambda pattern, string, flags=0: _Pattern(pattern, flags).findall(string)
    module.finditer = lambda pattern, string, flags=0: _Pattern(pattern, flags).finditer(string)
    module.split = lambda pattern, string, maxsplit=0, flags=0: _Pattern(pattern, flags).split(string, maxsplit)
    module.sub = lambda pattern, repl, string, count=0, flags=0: _Pattern(pattern, flags).sub(repl, string, count)
    module.subn = lambda pattern, repl, string, count=0, flags=0: _Pattern(pattern, flags).subn(repl, string, count)
    return module


if "re" in _modules:
    _modules["re"] = _script_re()


def _refuse_sleep(seconds=None):
    raise PermissionError("time.sleep would stop the whole client: use irc.timer(milliseconds, callback) to run something later")


# What each module must not hand over, besides its modules and private names.
_DROPPED = {
    "string": {"Formatter"},   # Formatter.get_field walks attributes and returns the objects it finds
    "time": {"sleep"},
    "typing": {"get_type_hints"},  # evaluates annotation strings
}
_REPLACED = {"time": {"sleep": _refuse_sleep}}


def _copy_of(name):
    real = _modules[name]
    # Named apart from the real module: `from json import decoder` looks for "NAME.decoder" in sys.modules
    # when the copy has no such attribute, and would find the real submodule.
    copy = types.ModuleType(f"{name} (script copy)", getattr(real, "__doc__", None))
    dropped = _DROPPED.get(name, ())
    for key, value in vars(real).items():
        if key.startswith("_") or key in dropped or isinstance(value, types.ModuleType):
            continue
        setattr(copy, key, value)
    for key, value in _REPLACED.get(name, {}).items():
        setattr(copy, key, value)
    return copy


_SEED_WRAPPERS = '''
def send_message(server_id, target, text): return call("privmsg", target, text, server_id)
def send_notice(server_id, target, text): return call("notice", target, text, server_id)
def send_action(server_id, target, text): return call("action", target, text, server_id)
def join(server_id, channel, key=None): return call("join", channel, key, server_id)
def part(server_id, channel, reason=None): return call("part", channel, reason, server_id)
def get_channels(server_id): return [c["name"] for c in call("channels", server_id)]
def get_users(server_id, channel): return [u["nick"] for u in call("users", channel, server_id)]
def current_nick(server_id=None): return call("my_nick", server_id)
def set_mode(server_id, target, modes, *arguments): return call("set_mode", target, modes, " ".join(arguments) or None, server_id)
def connect(host, port=6667, nick=None, tls=False): return call("connect", host, port, nick, tls)
def disconnect(server_id, reason=None): return call("disconnect", reason, server_id)
def register_command(name, handler, help=None): return call("add_command", name, handler, help)
_handlers = []
def on(event, handler, priority=0):
    _handlers.append(handler)
    return call("on", event, handler, priority)
'''


def _irc_module(functions):
    """The irc module of one script: the shared API, and the seed's server-first names beside (or over) it."""
    irc = types.ModuleType("irc", "The client's API: see docs/api-python.md.")
    for name in functions:
        if "." in name:
            group, member = name.split(".", 1)
            holder = getattr(irc, group, None)
            if holder is None:
                holder = types.SimpleNamespace()
                setattr(irc, group, holder)
            setattr(holder, member, functools.partial(call, name))
        else:
            setattr(irc, name, functools.partial(call, name))
    # Their globals hold the bridge and nothing else: a script that reached them would find only what it has.
    seed = {"call": call, "__builtins__": {"len": len, "str": str}}
    exec(compile(_SEED_WRAPPERS, "<rustirc-seed>", "exec"), seed)
    # Where a name is in both (join, part, set_mode, connect, disconnect, current_nick), the seed's wins:
    # Python scripts name the server first.
    for key, value in seed.items():
        if callable(value) and key not in ("call", "__builtins__"):
            setattr(irc, key, value)
    # What the script subscribed itself with irc.on, which bind_hooks then leaves alone.
    irc._handlers = seed["_handlers"]
    irc.Arguments = Arguments
    return irc


def _refuse(name):
    if isinstance(name, str) and _forbidden(name):
        raise AttributeError(f"'{name}' reaches into the interpreter; scripts cannot use it")


def _safe_getattr(obj, name, *default):
    _refuse(name)
    return getattr(obj, name, *default)


def _safe_hasattr(obj, name):
    return not (isinstance(name, str) and _forbidden(name)) and hasattr(obj, name)


def _safe_setattr(obj, name, value):
    _refuse(name)
    setattr(obj, name, value)


def _safe_delattr(obj, name):
    _refuse(name)
    delattr(obj, name)


def _safe_type(*arguments):
    """type(x), and type(name, bases, namespace) without the names a class statement may not define either."""
    if len(arguments) == 3 and isinstance(arguments[2], dict):
        for name in arguments[2]:
            if isinstance(name, str) and _forbidden(name):
                raise TypeError(f"type(): '{name}' reaches into the interpreter; scripts cannot define it")
    return type(*arguments)


# Builtins a script does without: code from strings, the interpreter's namespaces, the console, and the
# exceptions that stop a call (a script catching them could not be stopped).
_REMOVED = {"eval", "exec", "compile", "open", "input", "breakpoint", "help", "vars", "globals", "locals",
            "memoryview", "exit", "quit", "copyright", "credits", "license", "__import__", "__loader__", "__spec__",
            "BaseException", "KeyboardInterrupt", "SystemExit", "GeneratorExit"}


class _ScriptFile(io.StringIO):
    """A file a script opened: read through the client at open, written (or appended) through it at close."""

    def __init__(self, path, mode, text):
        super().__init__(text)
        self._path, self._mode = path, mode
        if mode.startswith("a"):
            super().seek(0, io.SEEK_END)

    def close(self):
        if not self.closed and self._mode[0] in "wax":
            if self._mode == "a":
                call("file.append", self._path, self.getvalue())
            else:
                call("file.write", self._path, self.getvalue())
        super().close()


class _Alive:
    """A token in each script's namespace: while it lives, so does the namespace (see alive())."""
    __slots__ = ("__weakref__",)


_alive = weakref.WeakSet()
VERSION = sys.version.split()[0]


def alive():
    """How many script namespaces are still held (a stopped script's goes when its namespace is emptied)."""
    return len(_alive)


def new_script(name, data_dir, functions):
    """A fresh namespace for one script."""
    irc = _irc_module(functions)
    token = _Alive()
    _alive.add(token)
    copies = {}

    def script_import(module, globals=None, locals=None, fromlist=(), level=0):
        if level:
            raise ImportError("relative imports are not available to scripts")
        if module == "irc":
            return irc
        if module not in _modules:
            allowed = ", ".join(sorted(_modules))
            raise ImportError(f"{name} may not import {module}; scripts may import irc, {allowed} (the python module's 'imports' setting adds more)")
        if module not in copies:
            copies[module] = _copy_of(module)
        top = module.split(".")[0]
        if fromlist or top == module:
            return copies[module]
        if top not in copies:
            copies[top] = _copy_of(top) if top in _modules else types.ModuleType(top)
        setattr(copies[top], module.split(".", 1)[1], copies[module])
        return copies[top]

    def script_open(file, mode="r", encoding=None, errors=None, newline=None):
        if not isinstance(file, str):
            raise TypeError("open() takes a path (a str) in a script")
        if mode.replace("t", "") not in ("r", "w", "a", "x", "r+", "w+", "a+"):
            raise ValueError(f"open(): mode '{mode}' is not available to scripts (text modes r, w, a, x)")
        mode = mode.replace("t", "")  # text is the only mode there is
        path = file if file.startswith(("/", "~")) else data_dir + "/" + file
        if mode == "a":
            # Appending needs no reading: what is written goes to the end at close.
            call("file.append", path, "")  # refused now, not at close, when the script may not write here
            text = ""
        elif mode[0] == "r" or mode == "a+":
            if not call("file.exists", path):
                if mode[0] == "r":
                    raise FileNotFoundError(2, "No such file or directory", file)
                text = ""
            else:
                text = call("file.read", path)
        else:
            if mode[0] == "x" and call("file.exists", path):
                raise FileExistsError(17, "File exists", file)
            call("file.write", path, "")  # refused now, not at close, when the script may not write here
            text = ""
        return _ScriptFile(path, mode, text)

    def script_print(*values, sep=" ", end="\n", file=None, flush=False):
        text = sep.join(str(v) for v in values)
        if file is None:
            call("print", text)
        else:
            file.write(text + end)

    safe = {k: v for k, v in vars(builtins).items() if k not in _REMOVED}
    safe.update(__import__=script_import, open=script_open, print=script_print, getattr=_safe_getattr,
                hasattr=_safe_hasattr, setattr=_safe_setattr, delattr=_safe_delattr, type=_safe_type)
    # irc is there without an import too (typed code in /python eval uses it so).
    return {"__builtins__": safe, "__name__": name, "__doc__": None, "irc": irc, "__irc__": irc, "__alive__": token}


# Module-level handlers, with the seed's arguments: on_message(server_id, target, nick, message)...
_HOOKS = {
    "on_message": ("message", lambda f, e: f(e.server, e.channel or e.nick, e.nick, e.text)),
    "on_notice": ("notice", lambda f, e: f(e.server, e.channel or e.nick, e.nick, e.text)),
    "on_action": ("action", lambda f, e: f(e.server, e.channel or e.nick, e.nick, e.text)),
    "on_join": ("join", lambda f, e: f(e.server, e.channel, e.nick)),
    "on_part": ("part", lambda f, e: f(e.server, e.channel, e.nick, e.text)),
    "on_kick": ("kick", lambda f, e: f(e.server, e.channel, e.kicked, e.nick, e.text)),
    "on_quit": ("quit", lambda f, e: f(e.server, e.nick, e.text)),
    "on_nick": ("nick", lambda f, e: f(e.server, e.nick, e.new_nick)),
    "on_topic": ("topic", lambda f, e: f(e.server, e.channel, e.nick, e.text)),
    "on_connect": ("connected", lambda f, e: f(e.server)),
    "on_disconnect": ("disconnected", lambda f, e: f(e.server, e.reason)),
}


def bind_hooks(namespace):
    """Subscribes the script's module-level handlers, but those it gave irc.on itself; returns their names."""
    bound = []
    subscribed = namespace["__irc__"]._handlers
    for hook, (event, adapt) in _HOOKS.items():
        function = namespace.get(hook)
        if callable(function) and not any(function is handler for handler in subscribed):
            call("on", event, functools.partial(adapt, function))
            bound.append(hook)
    return bound
