using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using KeraLua;

namespace RustIrc.Modules.Scripting.Lua;

// Events handed to Lua fast: packed into one buffer the native helper turns into a table with a shared metatable per shape.
internal sealed unsafe partial class LuaScript
{
    // The packed event the native helper reads (rustirc_lua.c): a uint32 offset per field, then each value:
    // a type byte, then nothing (nil, booleans), an int64, a double, a string (see PackString), or a map
    // or list of strings (int32 count, then the strings).
    private const byte PackedNil = 0, PackedFalse = 1, PackedTrue = 2, PackedInteger = 3, PackedNumber = 4, PackedString = 5, PackedMap = 6, PackedList = 7;

    // Each shape's event metatable (a registry reference, 0 until the first event of that shape): indexed by ScriptEventShape.Id.
    private int[] _shapeMetatables = [];

    /// <summary>Packs <paramref name="table"/> into <see cref="_packed"/>; false when a value has a shape the helper does not know.</summary>
    private bool PackEvent(ScriptEventTable table)
    {
        while (true)
        {
            var packed = TryPack(table.Values, _packed);
            if (packed > 0)
            {
                _packedLength = packed;
                return true;
            }
            if (packed == 0) return false;
            // It did not fit: a bigger buffer, then again (rare: the buffer keeps its largest size).
            _packed = new byte[_packed.Length * 2];
        }
    }

    /// <summary>The length of <paramref name="values"/> packed into <paramref name="buffer"/>; 0 when a value cannot be packed, -1 when they do not fit.</summary>
    private static int TryPack(ReadOnlySpan<object?> values, byte[] buffer)
    {
        fixed (byte* start = buffer)
        {
            var end = start + buffer.Length;
            var at = start + values.Length * 4;
            for (var i = 0; i < values.Length; i++)
            {
                // The most a value other than a string or a collection takes.
                if (end - at < 9) return -1;
                Unsafe.WriteUnaligned(start + i * 4, (int)(at - start));
                // Most values are strings: test for them first.
                var value = values[i];
                if (value is string text)
                {
                    *at++ = PackedString;
                    if ((at = PackString(at, end, text)) is null) return -1;
                    continue;
                }
                switch (value)
                {
                    case null:
                        *at++ = PackedNil;
                        break;
                    case bool b:
                        *at++ = b ? PackedTrue : PackedFalse;
                        break;
                    case double d:
                        *at++ = PackedNumber;
                        Unsafe.WriteUnaligned(at, d);
                        at += 8;
                        break;
                    case long or int:
                        *at++ = PackedInteger;
                        Unsafe.WriteUnaligned(at, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                        at += 8;
                        break;
                    case IReadOnlyDictionary<string, string> map:
                        *at++ = PackedMap;
                        Unsafe.WriteUnaligned(at, map.Count);
                        at += 4;
                        if (map.Count == 0) break; // most lines have no tags: no enumerator for them
                        foreach (var (name, tag) in map)
                        {
                            if ((at = PackString(at, end, name)) is null || (at = PackString(at, end, tag)) is null) return -1;
                        }
                        break;
                    case IReadOnlyList<string> list:
                        *at++ = PackedList;
                        Unsafe.WriteUnaligned(at, list.Count);
                        at += 4;
                        for (var j = 0; j < list.Count; j++)
                        {
                            if ((at = PackString(at, end, list[j])) is null) return -1;
                        }
                        break;
                    default:
                        return 0;
                }
            }
            return (int)(at - start);
        }
    }

    /// <summary>
    /// Writes a string at <paramref name="at"/> and returns where it ends, or null when it would go past
    /// <paramref name="end"/>: an int32 of its length times two, plus one when it is wide, then its
    /// characters: one byte each when all are ASCII (most of IRC: names, and most text), else its UTF-16
    /// units as they are (this process's byte order), made UTF-8 by the helper only if a script reads it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* PackString(byte* at, byte* end, string text)
    {
        var length = text.Length;
        if (end - at < 4 + (long)length * 2) return null;
        fixed (char* characters = text)
        {
            // The vectorized narrowing of .NET pays for long strings; short ones (most names) are done here.
            var ascii = length < 64
                ? NarrowShort(characters, at + 4, length)
                : Ascii.FromUtf16(new ReadOnlySpan<char>(characters, length), new Span<byte>(at + 4, length), out _) == OperationStatus.Done;
            if (ascii)
            {
                Unsafe.WriteUnaligned(at, length << 1);
                return at + 4 + length;
            }
            Buffer.MemoryCopy(characters, at + 4, length * 2, length * 2);
            Unsafe.WriteUnaligned(at, length << 1 | 1);
            return at + 4 + length * 2;
        }
    }

    /// <summary>Copies <paramref name="length"/> characters to one byte each; false (having written some) at the first that is not ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NarrowShort(char* characters, byte* bytes, int length)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Eight characters at a time: none above 0x7F, then each one's low byte.
            var notAscii = Vector128.Create((ushort)0xFF80);
            for (; i + 8 <= length; i += 8)
            {
                var units = Vector128.Load((ushort*)characters + i);
                if ((units & notAscii) != Vector128<ushort>.Zero) return false;
                Vector128.Narrow(units, units).GetLower().Store(bytes + i);
            }
        }
        for (; i < length; i++)
        {
            var c = characters[i];
            if (c > 0x7F) return false;
            bytes[i] = (byte)c;
        }
        return true;
    }

    /// <summary>The registry reference of the metatable for events of <paramref name="shape"/>, made on first use.</summary>
    private int ShapeMetatable(ScriptEventShape shape)
    {
        if (shape.Id < _shapeMetatables.Length && _shapeMetatables[shape.Id] != 0) return _shapeMetatables[shape.Id];
        if (shape.Id >= _shapeMetatables.Length) Array.Resize(ref _shapeMetatables, shape.Id + 16);
        var keys = new List<byte>();
        foreach (var key in shape.Keys)
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            if (bytes.Length > byte.MaxValue) throw new ArgumentException($"event field name '{key}' is too long", nameof(shape));
            keys.Add((byte)bytes.Length);
            keys.AddRange(bytes);
        }
        _budget->HostDepth++;
        try
        {
            _native.PushShape(_lua.Handle, keys.ToArray(), shape.Count);
            return _shapeMetatables[shape.Id] = _lua.Ref(LuaRegistry.Index);
        }
        finally
        {
            _budget->HostDepth--;
        }
    }
}
