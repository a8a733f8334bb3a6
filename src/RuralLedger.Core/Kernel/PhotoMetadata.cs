using System.Buffers.Binary;

namespace RuralLedger.Core.Kernel;

/// <summary>
/// Strips what a phone writes into a photo besides the picture — EXIF (GPS position, time, camera and its serial), XMP,
/// IPTC, text chunks — before the photo is stored, without decoding it: metadata sits in segments (JPEG) or chunks
/// (PNG, WebP) of its own, so dropping them leaves the picture's bytes as they were. The one EXIF value kept is the
/// JPEG orientation, rewritten as a minimal EXIF block, or a portrait photo would show sideways. Where a declared
/// length runs past the end (a truncated file) the rest is kept as it is: no reader finds metadata in it either.
/// Where a place matters, the record keeps it in fields of its own, entered on purpose.
/// </summary>
public static class PhotoMetadata
{
    public static byte[] Strip(byte[] photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        return FileTypes.Sniff(photo) switch
        {
            FileTypes.Jpeg => Jpeg(photo),
            FileTypes.Png => Png(photo),
            FileTypes.WebP => WebP(photo),
            _ => photo,
        };
    }

    private const byte App1 = 0xE1;   // EXIF, XMP
    private const byte App13 = 0xED;  // Photoshop IRB / IPTC
    private const byte Comment = 0xFE;
    private const byte StartOfScan = 0xDA;

    private static byte[] Jpeg(byte[] b)
    {
        var (segments, end) = JpegSegments(b);
        var orientation = 1;
        foreach (var (at, marker, length) in segments)
        {
            if (marker == App1 && b.AsSpan(at + 4, length - 2).StartsWith("Exif\0\0"u8))
            {
                orientation = ExifOrientation(b.AsSpan(at + 10, length - 8)) ?? orientation;
            }
        }
        using var output = new MemoryStream(b.Length);
        output.Write(b, 0, 2);
        var written = false;
        foreach (var (at, marker, length) in segments)
        {
            // The kept orientation goes after APP0 (JFIF wants to be first) and before anything else.
            if (!written && marker != 0xE0)
            {
                WriteOrientation(output, orientation);
                written = true;
            }
            if (marker is not (App1 or App13 or Comment))
            {
                output.Write(b, at, length == 0 ? 2 : 2 + length);
            }
        }
        if (!written)
        {
            WriteOrientation(output, orientation);
        }
        output.Write(b, end, b.Length - end);
        return output.ToArray();
    }

    /// <summary>The segments before the scan (start, marker, length; 0 for a marker without one), and where the rest begins.</summary>
    private static (List<(int At, byte Marker, int Length)> Segments, int End) JpegSegments(byte[] b)
    {
        var segments = new List<(int, byte, int)>();
        var i = 2;
        while (i + 4 <= b.Length && b[i] == 0xFF)
        {
            var marker = b[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                segments.Add((i, marker, 0));
                i += 2;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 2));
            if (length < 2 || i + 2 + length > b.Length || marker == StartOfScan)
            {
                break;
            }
            segments.Add((i, marker, length));
            i += 2 + length;
        }
        return (segments, i);
    }

    /// <summary>The orientation (tag 0x0112 of IFD0) of an EXIF TIFF block, if it is there and sane.</summary>
    private static int? ExifOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return null;
        }
        bool little;
        if (tiff.StartsWith("II"u8))
        {
            little = true;
        }
        else if (tiff.StartsWith("MM"u8))
        {
            little = false;
        }
        else
        {
            return null;
        }
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        var ifd = little ? BinaryPrimitives.ReadUInt32LittleEndian(tiff[4..]) : BinaryPrimitives.ReadUInt32BigEndian(tiff[4..]);
        if (ifd > (uint)tiff.Length - 2)
        {
            return null;
        }
        var count = U16(tiff[(int)ifd..]);
        for (var e = 0; e < count; e++)
        {
            var at = (int)ifd + 2 + 12 * e;
            if (at + 12 > tiff.Length)
            {
                return null;
            }
            if (U16(tiff[at..]) == 0x0112 && U16(tiff[(at + 2)..]) == 3)
            {
                var value = U16(tiff[(at + 8)..]);
                return value is >= 1 and <= 8 ? value : null;
            }
        }
        return null;
    }

    /// <summary>APP1 "Exif" with a big-endian TIFF header and one IFD of one entry: Orientation (SHORT). Nothing for the default 1.</summary>
    private static void WriteOrientation(MemoryStream output, int orientation)
    {
        if (orientation == 1)
        {
            return;
        }
        byte[] segment =
        [
            0xFF, App1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        output.Write(segment);
    }

    // Text, time and EXIF chunks; the picture, palette, transparency, gamma and colour profile stay.
    private static readonly HashSet<string> PngDropped = new(StringComparer.Ordinal) { "eXIf", "tEXt", "zTXt", "iTXt", "tIME" };

    private static byte[] Png(byte[] b)
    {
        using var output = new MemoryStream(b.Length);
        output.Write(b, 0, 8);
        var i = 8;
        while (i + 12 <= b.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(i));
            if (length > (uint)(b.Length - i - 12))
            {
                break;
            }
            var type = System.Text.Encoding.ASCII.GetString(b, i + 4, 4);
            var size = 12 + (int)length;
            if (!PngDropped.Contains(type))
            {
                output.Write(b, i, size);
            }
            i += size;
        }
        output.Write(b, i, b.Length - i);
        return output.ToArray();
    }

    private static byte[] WebP(byte[] b)
    {
        using var output = new MemoryStream(b.Length);
        output.Write(b, 0, 12);
        var i = 12;
        var extended = -1;
        while (i + 8 <= b.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i + 4));
            if (length > (uint)(b.Length - i - 8))
            {
                break;
            }
            var size = 8 + (int)length + (int)(length & 1); // chunks are padded to an even size
            size = Math.Min(size, b.Length - i);
            var type = b.AsSpan(i, 4);
            if (type.SequenceEqual("VP8X"u8))
            {
                extended = (int)output.Position;
            }
            if (!type.SequenceEqual("EXIF"u8) && !type.SequenceEqual("XMP "u8))
            {
                output.Write(b, i, size);
            }
            i += size;
        }
        output.Write(b, i, b.Length - i);
        var result = output.ToArray();
        if (extended >= 0 && extended + 8 < result.Length)
        {
            result[extended + 8] &= unchecked((byte)~0x0C); // the VP8X flags no longer announce EXIF (0x08) or XMP (0x04)
        }
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        return result;
    }
}
