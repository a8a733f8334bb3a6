using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RuralLedger.Data.Sealing;

/// <summary>
/// The keys that seal business rows (docs/decisions/0031-row-sealing.md), derived from the key file's lookup key so
/// a backup's key file carries them: one MAC per row over its table, id and every column, and a keyed "presence"
/// value per (table, id) that <see cref="SealHeads"/> folds into per-bucket digests to find removed rows. Loaded on
/// first use, so a command may open its context before it creates the key file.
/// </summary>
public sealed class RowSealer
{
    /// <summary>Bytes of HMAC-SHA256 kept per row: 128 bits, beyond guessing.</summary>
    public const int SealLength = 16;

    private readonly Lazy<(byte[] Seal, byte[] Presence)> _keys;
    private readonly ThreadLocal<IncrementalHash> _seal;
    private readonly ThreadLocal<IncrementalHash> _presence;

    // A row's encoding is built here and hashed in one call: a call into the crypto library per column cost more than the hash.
    private readonly ThreadLocal<ArrayBufferWriter<byte>> _message = new(() => new ArrayBufferWriter<byte>(1024));

    public RowSealer(Func<byte[]> lookupKey)
    {
        ArgumentNullException.ThrowIfNull(lookupKey);
        _keys = new(() =>
        {
            var root = lookupKey();
            return (HMACSHA256.HashData(root, "RuralLedger row seal v1"u8), HMACSHA256.HashData(root, "RuralLedger row presence v1"u8));
        });
        _seal = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _keys.Value.Seal));
        _presence = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _keys.Value.Presence));
    }

    public static RowSealer FromKeyFile(string path) => new(() => KeyFile.LoadSealingRoot(path));

    /// <summary>The seal of one row: <paramref name="values"/> in the order of <paramref name="layout"/>'s columns, as the provider stores them.</summary>
    public byte[] Seal(SealLayout layout, ReadOnlySpan<object?> values)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var message = _message.Value!;
        message.ResetWrittenCount();
        AppendText(message, 'T', layout.Table);
        for (var i = 0; i < layout.Columns.Count; i++)
        {
            AppendText(message, 'C', layout.Columns[i].Name);
            AppendValue(message, values[i]);
        }
        var h = _seal.Value!;
        h.AppendData(message.WrittenSpan);
        Span<byte> mac = stackalloc byte[32];
        h.GetHashAndReset(mac);
        return mac[..SealLength].ToArray();
    }

    /// <summary>A keyed 62-bit value for (table, id): folded by XOR into the table's heads, so only the key holder can take a row out.</summary>
    public long Presence(string table, long id)
    {
        var h = _presence.Value!;
        h.AppendData(Encoding.UTF8.GetBytes(table));
        Span<byte> idBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(idBytes, id);
        h.AppendData(idBytes);
        Span<byte> mac = stackalloc byte[32];
        h.GetHashAndReset(mac);
        return BinaryPrimitives.ReadInt64BigEndian(mac) & 0x3FFF_FFFF_FFFF_FFFF;
    }

    private static void Append(ArrayBufferWriter<byte> w, char tag, ReadOnlySpan<byte> bytes)
    {
        var span = w.GetSpan(5 + bytes.Length);
        span[0] = (byte)tag;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], bytes.Length);
        bytes.CopyTo(span[5..]);
        w.Advance(5 + bytes.Length);
    }

    private static void AppendText(ArrayBufferWriter<byte> w, char tag, string text)
    {
        var span = w.GetSpan(5 + Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, span[5..]);
        span[0] = (byte)tag;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], length);
        w.Advance(5 + length);
    }

    private static void AppendInteger(ArrayBufferWriter<byte> w, long value)
    {
        var span = w.GetSpan(5 + 20);
        value.TryFormat(span[5..], out var length, default, CultureInfo.InvariantCulture);
        span[0] = (byte)'I';
        BinaryPrimitives.WriteInt32BigEndian(span[1..], length);
        w.Advance(5 + length);
    }

    // One encoding per kind of stored value, whichever CLR type the provider or a bulk writer hands over: an int and a
    // long of the same number, a DateOnly and its stored yyyy-MM-dd text, an instant and its UTC ticks encode alike.
    private static void AppendValue(ArrayBufferWriter<byte> w, object? value)
    {
        switch (value)
        {
            case null:
                Append(w, 'N', []);
                break;
            case string s:
                AppendText(w, 'S', s);
                break;
            case byte[] b:
                Append(w, 'B', b);
                break;
            case bool b:
                Append(w, 'I', b ? "1"u8 : "0"u8);
                break;
            case DateOnly d:
                var span = w.GetSpan(5 + 10);
                d.TryFormat(span[5..], out var length, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                span[0] = (byte)'S';
                BinaryPrimitives.WriteInt32BigEndian(span[1..], length);
                w.Advance(5 + length);
                break;
            // PostgreSQL keeps instants to the microsecond: what is written with 100 ns ticks reads back truncated.
            case DateTimeOffset t:
                AppendInteger(w, t.UtcTicks - (t.UtcTicks % 10));
                break;
            case DateTime t:
                AppendInteger(w, t.Ticks - (t.Ticks % 10));
                break;
            case decimal m:
                // Scale differs between what was written and what is read back (1.50 vs 1.5): the number counts.
                AppendText(w, 'D', (m / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));
                break;
            case double f:
                AppendText(w, 'R', f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case Guid g:
                AppendText(w, 'S', g.ToString("D"));
                break;
            case Enum e:
                AppendInteger(w, Convert.ToInt64(e, CultureInfo.InvariantCulture));
                break;
            case long l:
                AppendInteger(w, l);
                break;
            case int i:
                AppendInteger(w, i);
                break;
            case sbyte or byte or short or ushort or uint:
                AppendInteger(w, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException($"No seal encoding for {value.GetType().Name}.");
        }
    }
}
