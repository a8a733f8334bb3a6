using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Features.Registry.Excel;

/// <summary>An uploaded workbook kept on the server between preview and confirmation.</summary>
public sealed record StoredImport(string Id, string Path, string FileName, string Sha256, long Size);

/// <summary>
/// Keeps uploaded import files in the data folder (imports/), under a random id, with the uploader's user id beside it:
/// the confirmation re-reads the file the server kept, never content echoed by the browser, and only its uploader may
/// confirm it. Files are accepted only if they are really an xlsx package (a zip with a workbook), not by their name.
/// </summary>
public sealed class ImportFileStore(string folder, AccessContext access, TimeProvider clock)
{
    public const long MaxBytes = 20L * 1024 * 1024;

    // A 20 MB zip can inflate to far more; a real 100,000-row sheet is ~60 MB of XML.
    private const long MaxUnpackedBytes = 600L * 1024 * 1024;
    private const int MaxEntries = 2_000;
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);

    private sealed record Meta(long? UserId, string FileName, string Sha256, long Size, DateTimeOffset At);

    /// <param name="allowCsv">Also keep a comma-separated text file (a bank's repayment file): text without NUL bytes.</param>
    public async Task<StoredImport> SaveAsync(Stream content, string? fileName, long? length, CancellationToken ct, bool allowCsv = false)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (length is 0)
        {
            throw new DomainException("registry.import_empty", "上传的文件是空的。", "file");
        }
        if (length > MaxBytes)
        {
            throw new DomainException("registry.import_too_large", $"文件不能超过 {MaxBytes / 1024 / 1024} MB，请分批导入。", "file");
        }
        Directory.CreateDirectory(folder);
        Purge();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(id);
        string sha;
        long size;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                size = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        throw new DomainException("registry.import_too_large", $"文件不能超过 {MaxBytes / 1024 / 1024} MB，请分批导入。", "file");
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            if (size == 0)
            {
                throw new DomainException("registry.import_empty", "上传的文件是空的。", "file");
            }
            if (!allowCsv || !IsText(path))
            {
                CheckXlsx(path);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        var name = System.IO.Path.GetFileName(fileName ?? "") is { Length: > 0 } n ? n : "import.xlsx";
        var meta = new Meta(access.ActorId, name, sha, size, clock.GetUtcNow());
        await File.WriteAllTextAsync(MetaPathOf(id), JsonSerializer.Serialize(meta), ct);
        return new StoredImport(id, path, name, sha, size);
    }

    /// <summary>The file uploaded by the caller under <paramref name="id"/>; anyone else's, or an expired one, is not found.</summary>
    public StoredImport Get(string? id)
    {
        if (id is null || id.Length != 32 || !id.All(char.IsAsciiHexDigitLower) || !File.Exists(MetaPathOf(id)) || !File.Exists(PathOf(id)))
        {
            throw NotFound();
        }
        var meta = JsonSerializer.Deserialize<Meta>(File.ReadAllText(MetaPathOf(id)))!;
        if (meta.UserId != access.ActorId || clock.GetUtcNow() - meta.At > KeepFor)
        {
            throw NotFound();
        }
        return new StoredImport(id, PathOf(id), meta.FileName, meta.Sha256, meta.Size);
    }

    public void Delete(string id)
    {
        File.Delete(PathOf(id));
        File.Delete(MetaPathOf(id));
    }

    /// <summary>A text file: not a zip, no NUL byte in its first 64 KB (a binary format has some; UTF-8 and GBK text none).</summary>
    public static bool IsText(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[64 * 1024];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var zip = read >= 2 && head[0] == 0x50 && head[1] == 0x4B;
        return !zip && Array.IndexOf(head, (byte)0, 0, read) < 0;
    }

    /// <summary>An xlsx is an OPC zip package with a workbook part; anything else (a renamed .xls, csv, exe) is refused.</summary>
    public static void CheckXlsx(string path)
    {
        var notXlsx = new DomainException("registry.import_not_xlsx", "文件不是有效的 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 另存为 .xlsx 后再上传。", "file");
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || magic[0] != 0x50 || magic[1] != 0x4B || magic[2] != 0x03 || magic[3] != 0x04)
        {
            throw notXlsx;
        }
        stream.Position = 0;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw notXlsx;
            }
            if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry("xl/workbook.xml") is null)
            {
                throw notXlsx;
            }
            if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
            {
                throw new DomainException("registry.import_too_large", "工作簿解压后过大，请分批导入。", "file");
            }
        }
        catch (InvalidDataException)
        {
            throw notXlsx;
        }
    }

    private static NotFoundException NotFound() =>
        new("registry.import_not_found", "找不到待确认的导入文件（可能已过期或已导入），请重新上传。");

    private string PathOf(string id) => System.IO.Path.Combine(folder, id + ".xlsx");

    private string MetaPathOf(string id) => System.IO.Path.Combine(folder, id + ".json");

    private void Purge()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - KeepFor;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // Being read by a concurrent confirmation; the next upload purges it.
            }
        }
    }
}
