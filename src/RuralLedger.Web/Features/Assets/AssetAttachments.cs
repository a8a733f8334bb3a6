using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Assets;

public sealed record StoredFile(string FileName, string ContentType, byte[] Content, bool IsImage);

/// <summary>
/// Photos and documents of an asset, stored in the database. The type is decided by the bytes (<see cref="AssetFile.Sniff"/>),
/// never by the name or the browser's claim; a file outside the caller's scope is "not found" like its asset.
/// </summary>
public sealed class AssetAttachments(RuralDbContext db, AssetQuery assets, TimeProvider clock)
{
    /// <summary>The upload limit plus room for the multipart envelope and the caption field.</summary>
    public const long MaxRequestBytes = AssetFile.MaxBytes + 256 * 1024;

    /// <param name="content">Null when the request carried no file.</param>
    public async Task<long> UploadAsync(long assetId, string? fileName, long length, Stream? content, string? caption, CancellationToken ct)
    {
        var asset = await assets.LoadAsync(assetId, tracking: false, ct);
        if (content is null)
        {
            throw new DomainException("files.missing", "请选择要上传的文件（multipart/form-data，字段名 file）。", "file");
        }
        if (length > AssetFile.MaxBytes)
        {
            throw new DomainException("files.too_large", $"文件 {length / 1024.0 / 1024.0:0.0} MB，超过 5 MB 上限。", "file");
        }
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var file = new AssetFile(asset, fileName, buffer.ToArray(), caption, db.Access.ActorName, clock.GetUtcNow());
        db.AssetFiles.Add(file);
        await db.SaveChangesAsync(ct);
        return file.Id;
    }

    public async Task<IReadOnlyList<AssetFileInfo>> ListAsync(long assetId, CancellationToken ct)
    {
        var asset = await assets.LoadAsync(assetId, tracking: false, ct);
        return await assets.FilesAsync(asset.Id, ct);
    }

    public async Task<StoredFile> GetAsync(long assetId, long fileId, CancellationToken ct)
    {
        var id = new AssetId(assetId);
        var file = await db.AssetFiles.AsNoTracking().Where(f => f.Id == fileId && f.AssetId == id)
            .Select(f => new StoredFile(f.FileName, f.ContentType, f.Content, false))
            .SingleOrDefaultAsync(ct) ?? throw NotFound(fileId);
        return file with { IsImage = file.ContentType.StartsWith("image/", StringComparison.Ordinal) };
    }

    public async Task DeleteAsync(long assetId, long fileId, CancellationToken ct)
    {
        var id = new AssetId(assetId);
        var file = await db.AssetFiles.SingleOrDefaultAsync(f => f.Id == fileId && f.AssetId == id, ct) ?? throw NotFound(fileId);
        db.AssetFiles.Remove(file);
        await db.SaveChangesAsync(ct);
    }

    private static NotFoundException NotFound(long fileId) => new("files.not_found", $"附件 {fileId} 不存在或不在您的权限范围内。");
}
