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
        var h = _seal.Value!;
        Append(h, 'T', Encoding.UTF8.GetBytes(layout.Table));
        for (var i = 0; i < layout.Columns.Count; i++)
        {
            Append(h, 'C', Encoding.UTF8.GetBytes(layout.Columns[i].Name));
            AppendValue(h, values[i]);
        }
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

    private static void Append(IncrementalHash h, char tag, ReadOnlySpan<byte> bytes)
    {
        Span<byte> head = stackalloc byte[5];
        head[0] = (byte)tag;
        BinaryPrimitives.WriteInt32BigEndian(head[1..], bytes.Length);
        h.AppendData(head);
        h.AppendData(bytes);
    }

    // One encoding per kind of stored value, whichever CLR type the provider or a bulk writer hands over: an int and a
    // long of the same number, a DateOnly and its stored yyyy-MM-dd text, an instant and its UTC ticks encode alike.
    private static void AppendValue(IncrementalHash h, object? value)
    {
        switch (value)
        {
            case null:
                Append(h, 'N', []);
                break;
            case string s:
                Append(h, 'S', Encoding.UTF8.GetBytes(s));
                break;
            case byte[] b:
                Append(h, 'B', b);
                break;
            case bool b:
                Append(h, 'I', b ? "1"u8 : "0"u8);
                break;
            case DateOnly d:
                Append(h, 'S', Encoding.UTF8.GetBytes(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                break;
            // PostgreSQL keeps instants to the microsecond: what is written with 100 ns ticks reads back truncated.
            case DateTimeOffset t:
                Append(h, 'I', Encoding.UTF8.GetBytes((t.UtcTicks - (t.UtcTicks % 10)).ToString(CultureInfo.InvariantCulture)));
                break;
            case DateTime t:
                Append(h, 'I', Encoding.UTF8.GetBytes((t.Ticks - (t.Ticks % 10)).ToString(CultureInfo.InvariantCulture)));
                break;
            case decimal m:
                // Scale differs between what was written and what is read back (1.50 vs 1.5): the number counts.
                Append(h, 'D', Encoding.UTF8.GetBytes((m / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)));
                break;
            case double f:
                Append(h, 'R', Encoding.UTF8.GetBytes(f.ToString("R", CultureInfo.InvariantCulture)));
                break;
            case Guid g:
                Append(h, 'S', Encoding.UTF8.GetBytes(g.ToString("D")));
                break;
            case Enum e:
                Append(h, 'I', Encoding.UTF8.GetBytes(Convert.ToInt64(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                Append(h, 'I', Encoding.UTF8.GetBytes(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
                break;
            default:
                throw new NotSupportedException($"No seal encoding for {value.GetType().Name}.");
        }
    }
}
