namespace RustIrc.Modules.Scripting.Tests;

// Escape attempts that leave no trace to check: each must end in an error that says what was refused
// (and none may print ESCAPED). One row per technique; the first column is also the script's name. The
// rows about CPU and memory (Exhaustions) are in LuaSandboxTests.Limits.cs.
public sealed partial class LuaSandboxTests
{
    /// <summary>The header of a Lua 5.4 binary chunk, made by hand since string.dump is gone, then garbage.</summary>
    private const string HandMadeBytecode = "\"\\27Lua\\84\\0\\25\\147\\13\\10\\26\\10\\4\\8\\8\\120\\86\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\40\\119\\64\\1\\0\\0\\0\"";

    public static TheoryData<string, string, string> Refusals { get; } = new()
    {
        // Programs, the environment and the process.
        { "io_popen", """local p = io.popen("id") print("ESCAPED: " .. p:read("a"))""", "popen" },
        { "os_exit", """os.exit(3, true) print("ESCAPED: os.exit returned")""", "exit" },
        { "os_tmpname", """print("ESCAPED: " .. os.tmpname())""", "tmpname" },
        { "require_io", """print("ESCAPED: " .. require("io").popen("id"):read("a"))""", "popen" },

        // Native code and modules.
        { "require_debug", """require("debug").sethook() print("ESCAPED: hook removed")""", "module 'debug' not found" },
        { "require_ffi", """local ffi = require("ffi") ffi.cdef("int system(const char*);") ffi.C.system("id") print("ESCAPED")""", "module 'ffi' not found" },
        {
            "require_c_module_via_cpath", """
            package.cpath = "/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;/usr/local/lib/lua/5.4/?.so;/usr/lib/lua/5.4/?.so"
            package.path = "/usr/share/lua/5.4/?.lua;/tmp/?.lua"
            local lfs = require("lfs")
            print("ESCAPED: " .. tostring(lfs))
            """, "module 'lfs' not found"
        },
        { "package_loadlib", """local f = package.loadlib("/lib/x86_64-linux-gnu/libc.so.6", "system") print("ESCAPED: " .. tostring(f))""", "loadlib" },

        // Bytecode, which the VM does not verify.
        { "load_binary_chunk", $"local f, err = load({HandMadeBytecode}) if f then print(\"ESCAPED: bytecode loaded\") end error(err, 0)", "attempt to load a binary chunk" },
        { "load_mode_b_with_env", $"local f, err = load({HandMadeBytecode}, \"chunk\", \"b\", {{}}) if f then print(\"ESCAPED: bytecode loaded\") end error(err, 0)", "attempt to load a binary chunk" },
        {
            "load_reader_bytecode", $"local parts = {{ {HandMadeBytecode} }} local f, err = load(function() return table.remove(parts) end, \"reader\", \"bt\") " +
            "if f then print(\"ESCAPED: bytecode loaded\") end error(err, 0)", "attempt to load a binary chunk"
        },
        { "string_dump", """local b = string.dump(function() return 1 end) print("ESCAPED: " .. #b)""", "dump" },
        { "script_file_is_bytecode", "\u001bLua\u0054 garbage that would be bytecode", "precompiled Lua (bytecode) is not accepted" },

        // The debug library, and through it the sandbox's own upvalues and the limit hook.
        { "debug_getregistry", """local r = debug.getregistry() print("ESCAPED: " .. tostring(r))""", "global 'debug'" },
        { "debug_sethook_off", """debug.sethook() local t = os.clock() while os.clock() - t < 3 do end print("ESCAPED: ran unlimited")""", "global 'debug'" },
        { "debug_getupvalue_of_wrapper", """local name, original = debug.getupvalue(load, 1) print("ESCAPED: " .. tostring(name))""", "global 'debug'" },

        // Reaching removed or original functions some other way.
        {
            "string_metatable_raw_rep", """
            local lib = getmetatable("").__index
            if lib.rep ~= string.rep or lib.dump then print("ESCAPED: an unguarded string function") end
            local huge = lib.rep("x", 1e9)
            print("ESCAPED: " .. #huge)
            """, "string.rep: the result would be over 16 MB"
        },
        {
            "walk_everything_reachable", """
            -- Functions that must not exist anywhere, and functions that must not exist in os (table.remove is fine).
            local dangerous, fromOs = {}, { remove = true, rename = true, exit = true }
            for name in ("execute popen getenv tmpname loadlib dump sethook gethook getregistry getupvalue setupvalue upvaluejoin getlocal setlocal getinfo loadfile dofile searchpath __host __tick __over luanet import clr CLRPackage load_assembly import_type"):gmatch("%S+") do
              dangerous[name] = true
            end
            local seen, tables = {}, 0
            local function walk(t, path, depth)
              if seen[t] or depth > 6 then return end
              seen[t] = true
              tables = tables + 1
              for k, v in next, t do
                local here = path .. "." .. tostring(k)
                if v ~= nil and (dangerous[k] or fromOs[k] and path:match("%.os$")) then print("ESCAPED: found " .. here) end
                if type(v) == "table" then walk(v, here, depth + 1) end
              end
              local mt = getmetatable(t)
              if type(mt) == "table" then walk(mt, path .. "<mt>", depth + 1) end
            end
            walk(_G, "_G", 0)
            walk(getmetatable(""), "<string mt>", 0)
            error("walked " .. tables .. " tables, nothing dangerous", 0)
            """, "nothing dangerous"
        },
        {
            "nlua_bridge_globals", """
            local bridge = rawget(_G, "luanet") or rawget(_G, "import") or rawget(_G, "clr") or rawget(_G, "CLRPackage")
            if bridge then print("ESCAPED: a CLR bridge") end
            luanet.load_assembly("System")
            """, "global 'luanet'"
        },
        {
            "setmetatable_on_G", """
            setmetatable(_G, { __index = function(_, key) return rawget(package.loaded, key) or rawget(package.preload, key) end })
            local d = debug
            if d then print("ESCAPED: " .. tostring(d)) end
            d.getregistry()
            """, "attempt to index a nil value (local 'd')"
        },
        {
            "rawget_rawset_on_G", """
            rawset(_G, "io", nil)
            local found = rawget(_G, "loadfile") or rawget(_G, "dofile") or rawget(_G, "debug")
              or rawget(string, "dump") or rawget(os, "execute") or rawget(package, "loadlib") or rawget(package.loaded, "debug")
            if found then print("ESCAPED: " .. tostring(found)) end
            error("rawget found nothing removed", 0)
            """, "rawget found nothing removed"
        },
        {
            "pairs_over_package_loaded", """
            for name, lib in pairs(package.loaded) do
              if type(lib) == "table" and (lib.execute or lib.popen or lib.sethook or lib.getregistry or lib.loadlib or lib.dump) then
                print("ESCAPED: package.loaded." .. name)
              end
            end
            if package.loaded.os ~= os or package.loaded.io ~= io then print("ESCAPED: package.loaded holds other os/io") end
            error("package.loaded holds only the sandboxed libraries", 0)
            """, "package.loaded holds only the sandboxed libraries"
        },
        {
            "env_tricks", """
            local _ENV = setmetatable({}, { __index = _G })
            local probe = load("return io.popen or os.execute or debug or string.dump", "probe", "t", package.loaded)
            local found = probe()
            if found then print("ESCAPED: " .. tostring(found)) end
            error("_ENV tricks found nothing", 0)
            """, "_ENV tricks found nothing"
        },
        { "goto_into_local_scope", "goto skip\nlocal secret = 'x'\n::skip::\nprint('ESCAPED: ' .. tostring(secret))", "jumps into the scope of local 'secret'" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    [MemberData(nameof(Exhaustions))]
    public async Task Escape_Technique_IsRefusedWithAClearError(string technique, string source, string error)
    {
        var attempt = await shared.AttemptAsync(technique, source);

        attempt.AssertRefused(error);
    }
}
