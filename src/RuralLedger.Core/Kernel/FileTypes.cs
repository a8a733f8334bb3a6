namespace RuralLedger.Core.Kernel;

/// <summary>
/// A stored file's type, decided by its first bytes and never by its name or the browser's word: the kinds the modules
/// accept (photos from a phone, scans as PDF). Each module narrows this to what it takes.
/// </summary>
public static class FileTypes
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string WebP = "image/webp";
    public const string Pdf = "application/pdf";

    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return Jpeg;
        }
        if (b.Length >= 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return Png;
        }
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }
        if (b.Length >= 5 && b[..5].SequenceEqual("%PDF-"u8))
        {
            return Pdf;
        }
        return null;
    }
}
