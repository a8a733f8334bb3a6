using System.Text;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>The raw bytes of a SQLite database as they lie on disk: the main file and its write-ahead log.</summary>
public static class SqliteFileBytes
{
    public static async Task<byte[]> ReadAsync(string databaseFile, CancellationToken ct)
    {
        using var all = new MemoryStream();
        foreach (var file in new[] { databaseFile, databaseFile + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await stream.CopyToAsync(all, ct);
        }
        return all.ToArray();
    }

    /// <summary>Whether <paramref name="text"/> occurs as ASCII/UTF-8 or as UTF-16 text.</summary>
    public static bool Contains(byte[] content, string text) =>
        content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || content.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
}
