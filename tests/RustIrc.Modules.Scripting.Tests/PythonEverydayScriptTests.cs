using System.Runtime.CompilerServices;
using RustIrc.Modules.Scripting.Tests.Infrastructure;

namespace RustIrc.Modules.Scripting.Tests;

/// <summary>
/// The other half of the Python sandbox: what ordinary scripts do must keep working inside it (the
/// language itself and the allowed modules). Each script prints what it computed.
/// </summary>
public sealed class PythonEverydayScriptTests(SandboxPythonClient shared) : IClassFixture<SandboxPythonClient>
{
    private async Task AssertPrintsAsync(string source, string[] expected, [CallerMemberName] string name = "")
    {
        var attempt = await shared.AttemptAsync(name.ToLowerInvariant(), source);
        Assert.True(attempt.StopReason is null && !attempt.Result.Errors.Any(), $"An ordinary script was stopped:\n{attempt.Transcript}");
        Assert.Equal(expected, attempt.Printed);
    }

    [Fact]
    public async Task Json_DumpsAndLoads_RoundTrip()
    {
        await AssertPrintsAsync("""
            import json
            data = json.loads('{"nick": "ada", "channels": ["#a", "#b"], "ops": 2}')
            print(json.dumps(data, sort_keys=True))
            print(data["channels"][1], data["ops"] + 1)
            """,
            ["{\"channels\": [\"#a\", \"#b\"], \"nick\": \"ada\", \"ops\": 2}", "#b 3"]);
    }

    [Fact]
    public async Task Re_SubFindallAndGroups_Work()
    {
        await AssertPrintsAsync("""
            import re
            print(re.sub(r"(\w+)", r"<\1>", "hello world"))
            print(",".join(re.findall(r"#\w+", "join #rust and #python now")))
            m = re.match(r"(?P<nick>[^!]+)!(?P<user>[^@]+)@(?P<host>.+)", "ada!~a@example.org")
            print(m.group("nick"), m.group("host"))
            """,
            ["<hello> <world>", "#rust,#python", "ada example.org"]);
    }

    [Fact]
    public async Task Re_AsPythonDefinesIt_GroupsNumberedLeftToRightPositionsInCodePoints()
    {
        await AssertPrintsAsync("""
            import re
            m = re.match(r"(?P<a>x)(y)(?P<c>z)?", "xy!")
            print(m.groups(), m.group("a"), m.span(2), m.lastindex, m.lastgroup, m.groupdict("-"))
            print(re.search("b", "\U0001F600b").span(), re.fullmatch(r"\d+", "123") is not None, re.fullmatch(r"\d+", "123a"))
            p = re.compile(r"(\w)(\w)", re.I)
            print(p.sub(r"\2\1", "abcd"), p.subn(lambda m: m.group().upper(), "abcd"), re.split(r"(,)\s*", "a, b,c", maxsplit=1))
            print(re.findall(r"(\w+)=(\d+)", "a=1 b=22"), [m.start() for m in re.finditer(r"o", "foo boo")], re.sub(r"(?P<w>\w+)", r"<\g<w>>", "hi there"))
            print(re.search(r"^b", "a\nb", re.M).group(), re.search(r"A.B", "a\nb", re.S | re.I).group() == "a\nb", re.escape("a.b"))
            try:
                re.compile("(unclosed")
            except re.error as e:
                print("re.error")
            """,
            [
                "('x', 'y', None) x (1, 2) 2 None {'a': 'x', 'c': '-'}",
                "(1, 2) True None",
                "badc ('ABCD', 2) ['a', ',', 'b,c']",
                "[('a', '1'), ('b', '22')] [1, 2, 5, 6] <hi> <there>",
                "b True a\\.b",
                "re.error",
            ]);
    }

    [Fact]
    public async Task Datetime_ParseFormatAndDifference_Work()
    {
        await AssertPrintsAsync("""
            from datetime import datetime, timedelta
            start = datetime.fromisoformat("2024-01-15T10:00:00")
            later = start + timedelta(hours=2, minutes=30)
            print(later.isoformat(), (later - start).total_seconds())
            print(start.strftime("%Y/%m/%d %H:%M"))
            """,
            ["2024-01-15T12:30:00 9000.0", "2024/01/15 10:00"]);
    }

    [Fact]
    public async Task Classes_InheritanceSuperAndProperties_Work()
    {
        await AssertPrintsAsync("""
            class User:
                def __init__(self, nick):
                    self.nick = nick
                @property
                def shout(self):
                    return self.nick.upper()
                def __repr__(self):
                    return f"User({self.nick!r})"
            class Op(User):
                def __init__(self, nick):
                    super().__init__(nick)
                    self.prefix = "@"
                def __str__(self):
                    return self.prefix + self.nick
            op = Op("ada")
            print(op.shout, repr(op), str(op), isinstance(op, User))
            """,
            ["ADA User('ada') @ada True"]);
    }

    [Fact]
    public async Task GeneratorsAndComprehensions_Work()
    {
        await AssertPrintsAsync("""
            def evens(limit):
                n = 0
                while n < limit:
                    yield n
                    n += 2
            print(list(evens(10)), sum(x * x for x in range(4)))
            print({k: len(k) for k in ["a", "bb"]}, sorted({c for c in "banana"}), [y for y in evens(7) if y > 2])
            """,
            ["[0, 2, 4, 6, 8] 14", "{'a': 1, 'bb': 2} ['a', 'b', 'n'] [4, 6]"]);
    }

    [Fact]
    public async Task FStringsAndStringMethods_Work()
    {
        await AssertPrintsAsync("""
            nick, count, ratio = "ada", 3, 2 / 3
            print(f"{nick:>5}|{count:03d}|{ratio:.2f}|{nick!r}|{'x' * 3}")
            print("a,b,,c".split(","), "  trim  ".strip(), "Hello".swapcase(), "ß".upper(), "-".join("abc"))
            """,
            ["  ada|003|0.67|'ada'|xxx", "['a', 'b', '', 'c'] trim hELLO SS a-b-c"]);
    }

    [Fact]
    public async Task Dataclasses_AndNamedTuplesAndEnums_Work()
    {
        await AssertPrintsAsync("""
            from dataclasses import dataclass, field, asdict
            from collections import namedtuple, Counter
            from enum import Enum
            @dataclass(order=True)
            class Seen:
                nick: str
                times: int = 0
                channels: list = field(default_factory=list)
            Point = namedtuple("Point", "x y")
            class Color(Enum):
                RED = 1
                GREEN = 2
            a, b = Seen("ada", 2, ["#a"]), Seen("bob")
            print(a, asdict(b), a > b)
            print(Point(1, 2), Point(1, 2).x, Color.GREEN.name, Color(1))
            print(Counter("hello").most_common(1))
            """,
            ["Seen(nick='ada', times=2, channels=['#a']) {'nick': 'bob', 'times': 0, 'channels': []} False", "Point(x=1, y=2) 1 GREEN Color.RED", "[('l', 2)]"]);
    }

    [Fact]
    public async Task ClosuresDecoratorsAndFunctools_Work()
    {
        await AssertPrintsAsync("""
            import functools
            def counter():
                count = 0
                def bump():
                    nonlocal count
                    count += 1
                    return count
                return bump
            def twice(f):
                @functools.wraps(f)
                def wrapper(*args, **kwargs):
                    return f(*args, **kwargs) * 2
                return wrapper
            @twice
            def add(a, b=1):
                return a + b
            @functools.lru_cache(maxsize=None)
            def fib(n):
                return n if n < 2 else fib(n - 1) + fib(n - 2)
            c = counter()
            c()
            print(c(), add(3), add.__name__, fib(80), functools.reduce(lambda x, y: x * y, range(1, 6)))
            """,
            ["2 8 add 23416728348467685 120"]);
    }

    [Fact]
    public async Task Exceptions_RaiseCatchFinallyAndCustomTypes_Work()
    {
        await AssertPrintsAsync("""
            class BotError(Exception):
                pass
            def risky(n):
                if n > 1:
                    raise BotError(f"too many: {n}")
                return n
            log = []
            for n in (1, 2):
                try:
                    log.append(str(risky(n)))
                except BotError as e:
                    log.append("caught " + str(e))
                finally:
                    log.append("done")
            try:
                {}["missing"]
            except KeyError as e:
                log.append("key " + repr(e.args[0]))
            print("; ".join(log))
            """,
            ["1; done; caught too many: 2; done; key 'missing'"]);
    }

    [Fact]
    public async Task MathRandomHashlibTextwrapAndItertools_Work()
    {
        await AssertPrintsAsync("""
            import math, random, hashlib, textwrap, itertools, string
            r = random.Random(42)
            print(math.gcd(12, 18), round(math.sqrt(2), 3), 2 ** 100 % 1000, r.randint(1, 6) in range(1, 7))
            print(hashlib.sha256(b"rustirc").hexdigest()[:12], textwrap.shorten("the quick brown fox jumps", width=15))
            print(list(itertools.islice(itertools.cycle("ab"), 5)), list(itertools.accumulate([1, 2, 3])), string.ascii_lowercase[:3])
            """,
            ["6 1.414 376 True", "0d0133aa178c the quick [...]", "['a', 'b', 'a', 'b', 'a'] [1, 3, 6] abc"]);
    }

    [Fact]
    public async Task TypingAnnotationsAndMatchStatements_Work()
    {
        await AssertPrintsAsync("""
            from typing import Optional, Dict, List
            def describe(command: str, args: List[str]) -> Optional[str]:
                match command, args:
                    case "join", [channel]:
                        return f"joining {channel}"
                    case "msg", [target, *words]:
                        return f"to {target}: {' '.join(words)}"
                    case _:
                        return None
            table: Dict[str, int] = {"a": 1}
            print(describe("join", ["#a"]), describe("msg", ["bob", "hi", "there"]), describe("quit", []), table)
            """,
            ["joining #a to bob: hi there None {'a': 1}"]);
    }

    [Fact]
    public async Task HandlerNamedLikeAHook_GivenToIrcOn_IsCalledOnceWithTheEvent()
    {
        // Lua's habit (a function named on_message, given to irc.on) must not also bind it as the hook
        // that takes (server_id, target, nick, text).
        var attempt = await shared.AttemptAsync("lua_habit", """
            import irc
            def on_message(event):
                print("got", event.text)
            irc.on("message", on_message)
            """);
        Assert.True(attempt.StopReason is null, attempt.Transcript);
        var client = await shared.ClientAsync();
        var from = client.PrintedCount;

        await client.PublishAsync(new Sdk.Events.MessageEvent { Network = "net", Nick = "ada", Target = "#a", Text = "hi" });

        await client.WaitForLineAsync("got hi", from);
        Assert.Equal(1, client.CountLines("got hi", from));
        Assert.DoesNotContain(client.PrintedSince(from), l => l.Contains("error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimeModule_ClockAndFormatting_WorkWithoutSleep()
    {
        await AssertPrintsAsync("""
            import time
            start = time.monotonic()
            print(time.strftime("%Y", time.gmtime(0)), time.monotonic() >= start, isinstance(time.time(), float))
            """,
            ["1970 True True"]);
    }
}
