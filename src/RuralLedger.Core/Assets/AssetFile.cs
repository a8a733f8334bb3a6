using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Assets;

/// <summary>A photo or document of an asset, stored in the database. Type is decided by the file's leading bytes, not its name.</summary>
public sealed class AssetFile : IAreaScoped
{
    public const int MaxBytes = 5 * 1024 * 1024;

    private AssetFile()
    {
        CountyCode = "";
        FileName = "";
        ContentType = "";
        Sha256 = "";
        UploadedBy = "";
        Content = [];
    }

    public AssetFile(Asset asset, string? fileName, byte[] content, string? caption, string uploadedBy, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            throw new DomainException("files.empty", "文件为空。", "file");
        }
        if (content.Length > MaxBytes)
        {
            throw new DomainException("files.too_large", $"文件 {content.Length / 1024 / 1024.0:0.0} MB，超过 5 MB 上限。", "file");
        }
        ContentType = Sniff(content) ?? throw new DomainException("files.type", "只接受 JPEG、PNG 图片或 PDF 文件。", "file");
        AssetId = asset.Id;
        (CountyCode, TownshipCode, VillageCode) = asset.Place;
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        FileName = name.Length is 0 or > 120 ? "附件" + Extension(ContentType) : name;
        Caption = ProjectRules.Optional(caption, "caption", "说明", 100);
        Content = content;
        Size = content.Length;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        UploadedBy = uploadedBy;
        UploadedAt = uploadedAt;
    }

    public long Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public AssetId AssetId { get; private set; }

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public string? Caption { get; private set; }

    public int Size { get; private set; }

    public string Sha256 { get; private set; }

    public byte[] Content { get; private set; }

    public string UploadedBy { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>JPEG, PNG or PDF by the first bytes (<see cref="FileTypes"/>); anything else, WebP included, is null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) => FileTypes.Sniff(b) is { } type && type is FileTypes.Jpeg or FileTypes.Png or FileTypes.Pdf ? type : null;

    private static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        _ => ".pdf",
    };
}
