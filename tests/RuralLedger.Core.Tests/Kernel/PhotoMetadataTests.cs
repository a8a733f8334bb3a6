using System.Buffers.Binary;
using System.Text;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Kernel;

public sealed class PhotoMetadataTests
{
    /// <summary>A phone's JPEG as the camera writes it: JFIF, EXIF with the camera, portrait orientation and a GPS position, XMP, a comment, then the picture.</summary>
    public static byte[] PhoneJpeg(bool bigEndian = false)
    {
        var picture = Segment(0xDB, [0x00, .. Enumerable.Range(1, 64).Select(x => (byte)x)]) // a quantisation table
            .Concat(Segment(0xC0, [0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00])) // 16×16, one component
            .Concat(Segment(0xDA, [0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]))
            .Concat(new byte[] { 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD9 }); // scan data with a stuffed byte and a restart marker, EOI
        return [0xFF, 0xD8,
            .. Segment(0xE0, [.. "JFIF\0"u8, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
            .. Segment(0xE1, [.. "Exif\0\0"u8, .. Exif(bigEndian)]),
            .. Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. "<x:xmpmeta><exif:GPSLatitude>26,35.12N</exif:GPSLatitude></x:xmpmeta>"u8]),
            .. Segment(0xFE, "拍摄于混寨村"u8.ToArray()),
            .. picture];
    }

    /// <summary>Marks of the EXIF: the camera's make, and the GPS latitude 26°35'12.34".</summary>
    public static readonly byte[] Make = "TestCam"u8.ToArray();

    [Fact]
    public void A_jpeg_loses_exif_gps_xmp_and_comment_keeps_its_orientation_and_every_picture_byte()
    {
        foreach (var bigEndian in new[] { false, true })
        {
            var phone = PhoneJpeg(bigEndian);
            var stored = PhotoMetadata.Strip(phone);

            Contains(phone, Make).Should().BeTrue();
            Contains(stored, Make).Should().BeFalse();
            Contains(stored, "GPSLatitude"u8.ToArray()).Should().BeFalse();
            Contains(stored, Encoding.UTF8.GetBytes("混寨村")).Should().BeFalse();
            (Contains(stored, [0x88, 0x25]) || Contains(stored, [0x25, 0x88])).Should().BeFalse("no GPS IFD pointer is left");
            // JFIF first, then EXIF with only the orientation (6: rotate 90°), then the picture's segments and scan untouched.
            stored.AsSpan(0, 4).ToArray().Should().Equal(0xFF, 0xD8, 0xFF, 0xE0);
            var exif = Array.IndexOf(stored, (byte)0xE1) - 1;
            stored.AsSpan(exif, 36).ToArray().Should().Equal(
                0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
                0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
            var pictureAt = Array.IndexOf(phone, (byte)0xDB) - 1;
            stored.AsSpan(exif + 36).ToArray().Should().Equal(phone.AsSpan(pictureAt).ToArray());
            PhotoMetadata.Strip(stored).Should().Equal(stored, "stripping twice changes nothing");
        }
    }

    [Fact]
    public void A_jpeg_without_orientation_gets_no_exif_and_a_truncated_one_is_kept_as_it_is()
    {
        byte[] plain = [0xFF, 0xD8, .. Segment(0xE1, [.. "Exif\0\0"u8, .. "II*\0"u8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]), .. Segment(0xDA, [1, 1, 0, 0, 0x3F, 0]), 0x11, 0xFF, 0xD9];
        PhotoMetadata.Strip(plain).Should().Equal([0xFF, 0xD8, .. Segment(0xDA, [1, 1, 0, 0, 0x3F, 0]), 0x11, 0xFF, 0xD9]);
        byte[] truncated = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];
        PhotoMetadata.Strip(truncated).Should().Equal(truncated);
        byte[] pdf = [.. "%PDF-1.7"u8];
        PhotoMetadata.Strip(pdf).Should().BeSameAs(pdf, "only photos are rewritten");
    }

    [Fact]
    public void A_png_loses_its_text_time_and_exif_chunks_and_a_webp_its_exif_and_xmp()
    {
        var ihdr = PngChunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        var idat = PngChunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
        var iend = PngChunk("IEND", []);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. ihdr, .. PngChunk("tEXt", [.. "Comment\0GPS 26.58N"u8]), .. PngChunk("eXIf", [.. "MM\0*"u8, .. Make]),
            .. PngChunk("tIME", [0x07, 0xEA, 12, 6, 10, 0, 0]), .. idat, .. iend];
        PhotoMetadata.Strip(png).Should().Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. ihdr, .. idat, .. iend]);

        var vp8x = WebPChunk("VP8X", [0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var image = WebPChunk("VP8L", [0x2F, 0, 0, 0, 0x10]);
        var webp = WebP([.. vp8x, .. image, .. WebPChunk("EXIF", [.. "MM\0*"u8, .. Make]), .. WebPChunk("XMP ", [.. "<x:xmpmeta/>"u8])]);
        var stored = PhotoMetadata.Strip(webp);
        stored.Should().Equal(WebP([.. WebPChunk("VP8X", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), .. image]));
        Contains(stored, Make).Should().BeFalse();
    }

    private static byte[] Exif(bool bigEndian)
    {
        var t = new byte[112];
        void U16(int at, int v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(at), (ushort)v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(t.AsSpan(at), (ushort)v);
            }
        }
        void U32(int at, int v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(at), (uint)v);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(at), (uint)v);
            }
        }
        void Entry(int at, int tag, int type, int count, int value)
        {
            U16(at, tag);
            U16(at + 2, type);
            U32(at + 4, count);
            if (type == 3 && count == 1)
            {
                U16(at + 8, value);
            }
            else
            {
                U32(at + 8, value);
            }
        }
        (t[0], t[1]) = bigEndian ? ((byte)'M', (byte)'M') : ((byte)'I', (byte)'I');
        U16(2, 42);
        U32(4, 8);
        U16(8, 3);
        Entry(10, 0x010F, 2, 8, 50);      // Make → "TestCam\0" at 50
        Entry(22, 0x0112, 3, 1, 6);       // Orientation: rotate 90°
        Entry(34, 0x8825, 4, 1, 58);      // GPS IFD at 58
        Make.CopyTo(t, 50);
        U16(58, 2);
        Entry(60, 0x0001, 2, 2, 0);       // GPSLatitudeRef "N"
        t[68] = (byte)'N';
        Entry(72, 0x0002, 5, 3, 88);      // GPSLatitude, three rationals at 88
        int[] rationals = [26, 1, 35, 1, 1234, 100];
        for (var k = 0; k < rationals.Length; k++)
        {
            U32(88 + 4 * k, rationals[k]);
        }
        return t;
    }

    private static byte[] Segment(byte marker, byte[] data) => [0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2), .. data];

    /// <summary>A chunk with a zero CRC: the stripper moves chunks whole and never reads one.</summary>
    private static byte[] PngChunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    private static byte[] WebPChunk(string type, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    private static byte[] WebP(byte[] chunks)
    {
        byte[] file = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. chunks];
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        return file;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
