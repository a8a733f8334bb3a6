using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry.Excel;

/// <summary>
/// Keeps uploaded import files in the data folder (imports/), under a random id, with the uploader's user id beside it:
/// the confirmation re-reads the file the server kept, never content echoed by the browser, and only its uploader may
/// confirm it. Files are accepted only if they are really an xlsx package (a zip with a workbook), not by their name,
/// and only after <see cref="WorkbookGuard"/> has read them. They hold citizen IDs, accounts and phones, so they are
/// encrypted at rest with the personal-data key (AES-GCM, decision 0030): the plain workbook exists only in memory.
/// </summary>
public sealed class ImportFileStore(string folder, AccessContext access, TimeProvider clock, PersonalDataVault vault)
{
    public const long MaxBytes = 20L * 1024 * 1024;

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
        using var plain = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            if (plain.Length + read > MaxBytes)
            {
                throw new DomainException("registry.import_too_large", $"文件不能超过 {MaxBytes / 1024 / 1024} MB，请分批导入。", "file");
            }
            plain.Write(buffer, 0, read);
        }
        if (plain.Length == 0)
        {
            throw new DomainException("registry.import_empty", "上传的文件是空的。", "file");
        }
        plain.Position = 0;
        if (!allowCsv || !IsText(plain.GetBuffer().AsSpan(0, (int)plain.Length)))
        {
            CheckXlsx(plain);
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(plain.GetBuffer().AsSpan(0, (int)plain.Length)));
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(id);
        await File.WriteAllBytesAsync(path, vault.Seal(plain.GetBuffer().AsSpan(0, (int)plain.Length)), ct);
        var name = System.IO.Path.GetFileName(fileName ?? "") is { Length: > 0 } n ? n : "import.xlsx";
        var meta = new Meta(access.ActorId, name, sha, plain.Length, clock.GetUtcNow());
        await File.WriteAllTextAsync(MetaPathOf(id), JsonSerializer.Serialize(meta), ct);
        return Stored(id, meta);
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
        return Stored(id, meta);
    }

    private StoredImport Stored(string id, Meta meta) =>
        new(id, PathOf(id), meta.FileName, meta.Sha256, meta.Size) { Open = () => new MemoryStream(vault.Unseal(File.ReadAllBytes(PathOf(id))), writable: false) };

    public void Delete(string id)
    {
        File.Delete(PathOf(id));
        File.Delete(MetaPathOf(id));
    }

    /// <summary>A text file: not a zip, no NUL byte in its first 64 KB (a binary format has some; UTF-8 and GBK text none).</summary>
    public static bool IsText(ReadOnlySpan<byte> content) => ImportSheets.IsText(content);

    /// <summary>An xlsx is an OPC zip package with a workbook part; anything else (a renamed .xls, csv, exe) is refused.</summary>
    public static void CheckXlsx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var notXlsx = new DomainException("registry.import_not_xlsx", "文件不是有效的 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 另存为 .xlsx 后再上传。", "file");
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || magic[0] != 0x50 || magic[1] != 0x4B || magic[2] != 0x03 || magic[3] != 0x04)
        {
            throw notXlsx;
        }
        stream.Position = 0;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > WorkbookGuard.MaxEntries)
            {
                throw notXlsx;
            }
            if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry("xl/workbook.xml") is null)
            {
                throw notXlsx;
            }
            WorkbookGuard.Check(zip);
        }
        catch (InvalidDataException)
        {
            throw notXlsx;
        }
    }

    private static NotFoundException NotFound() =>
        new("registry.import_not_found", "找不到待确认的导入文件（可能已过期或已导入），请重新上传。");

    private string PathOf(string id) => System.IO.Path.Combine(folder, id + ".sealed");

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
